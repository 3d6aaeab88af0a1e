import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";
import { expectError } from "../tickets/helpers";

/** A saved reply's title is a one-line label in the reply box's picker; its body stays multi-line. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const path = "/api/canned-responses";

test("when a saved reply's title holds line breaks or control characters, then it is saved as one line; the body keeps its lines", async () => {
  const admin = await ctx.admin();
  const created = await request(ctx.app)
    .post(path)
    .set(admin.auth)
    .send({ title: "Refund\npolicy\u0007 \u2028late", body: "Hi,\n\nrefunds take 5 days." });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ title: "Refund policy   late", body: "Hi,\n\nrefunds take 5 days." });

  const renamed = await request(ctx.app)
    .patch(`${path}/${created.body.id}`)
    .set(admin.auth)
    .send({ title: "Late\r\npayouts" });
  expect(renamed.status).toBe(200);
  expect(renamed.body.title).toBe("Late payouts");
  expect((await request(ctx.app).get(`${path}/${created.body.id}`).set(admin.auth)).body.title).toBe(
    "Late payouts",
  );
});

test("when a saved reply's title is only line breaks, then 400 VALIDATION_FAILED naming the title", async () => {
  const admin = await ctx.admin();
  const res = await request(ctx.app).post(path).set(admin.auth).send({ title: "\r\n\t", body: "b" });
  expectError(res, 400, "VALIDATION_FAILED");
  expect(res.body.error.details).toEqual(
    expect.arrayContaining([expect.objectContaining({ path: "title" })]),
  );
});
