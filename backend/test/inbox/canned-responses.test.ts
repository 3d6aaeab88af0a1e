import request from "supertest";
import { randomUUID } from "node:crypto";
import { createTestContext, type TestContext } from "../support/test-context";
import { expectError } from "../tickets/helpers";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const path = "/api/canned-responses";

test("when an admin creates, lists, edits and deletes a canned response, then each step answers per the contract", async () => {
  const admin = await ctx.admin({ name: "Ada" });
  const other = await ctx.admin();
  const title = `Refund policy ${randomUUID().slice(0, 8)}`;
  const created = await request(ctx.app)
    .post(path)
    .set(admin.auth)
    .send({
      title: `  ${title} `,
      body: "Hi {{shop.name}}, about ticket #{{ticket.number}}: refunds take 5 days.",
    });
  expect(created.status).toBe(201);
  expect(created.body).toEqual({
    id: expect.any(String),
    title,
    body: "Hi {{shop.name}}, about ticket #{{ticket.number}}: refunds take 5 days.",
    createdBy: admin.userId,
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
  });

  // The whole admin team shares the list.
  const listed = await request(ctx.app).get(path).set(other.auth);
  expect(listed.status).toBe(200);
  expect(listed.body.items).toContainEqual(created.body);

  const patched = await request(ctx.app)
    .patch(`${path}/${created.body.id}`)
    .set(other.auth)
    .send({ body: "Updated" });
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({ id: created.body.id, title, body: "Updated" });

  expect((await request(ctx.app).delete(`${path}/${created.body.id}`).set(admin.auth)).status).toBe(204);
  expectError(await request(ctx.app).delete(`${path}/${created.body.id}`).set(admin.auth), 404, "NOT_FOUND");
  expectError(
    await request(ctx.app).patch(`${path}/${created.body.id}`).set(admin.auth).send({ title: "x" }),
    404,
    "NOT_FOUND",
  );
  expect(
    ((await request(ctx.app).get(path).set(admin.auth)).body.items as Array<{ id: string }>).map((c) => c.id),
  ).not.toContain(created.body.id);
});

test("when a shop or nobody calls, then 403 or 401; bad input is 400, never 500", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  expectError(await request(ctx.app).get(path).set(shop.auth), 403, "FORBIDDEN");
  expectError(
    await request(ctx.app).post(path).set(shop.auth).send({ title: "t", body: "b" }),
    403,
    "FORBIDDEN",
  );
  expectError(await request(ctx.app).get(path), 401, "UNAUTHENTICATED");

  for (const body of [
    {},
    { title: "", body: "b" },
    { title: "t", body: "   " },
    { title: "t", body: "b", extra: 1 },
    { title: "x".repeat(101), body: "b" },
    { title: "t", body: "b".repeat(10_001) },
  ]) {
    expectError(await request(ctx.app).post(path).set(admin.auth).send(body), 400, "VALIDATION_FAILED");
  }
  expectError(
    await request(ctx.app).patch(`${path}/not-a-uuid`).set(admin.auth).send({ title: "t" }),
    400,
    "VALIDATION_FAILED",
  );
  expectError(
    await request(ctx.app).patch(`${path}/${randomUUID()}`).set(admin.auth).send({}),
    400,
    "VALIDATION_FAILED",
  );
  expectError(await request(ctx.app).get(path).query({ q: "x" }).set(admin.auth), 400, "VALIDATION_FAILED");
});
