/**
 * The team always keeps one active admin. Deactivating every other admin needs a database of its own:
 * on a shared PostgreSQL it would lock out the admins of test files running at the same time, so this
 * file runs in a schema of its own there (test-context openOwnTestDatabase), on both databases.
 */
import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";
import { expectError } from "../tickets/helpers";

let ctx: TestContext;
beforeAll(async () => {
  // Its own database (a schema of its own on PostgreSQL): deactivating every other admin is global.
  ctx = await createTestContext({}, { ownDatabase: true });
});
afterAll(() => ctx.close());

test("when the last active admin would be deactivated, then 409 and they stay active", async () => {
  const lead = await ctx.admin();
  const other = await ctx.admin();
  const list = await request(ctx.app).get("/api/admins").set(lead.auth);
  for (const a of list.body.items as Array<{ id: string; active: boolean }>) {
    if (a.active && a.id !== lead.userId) {
      expect(
        (await request(ctx.app).patch(`/api/admins/${a.id}`).set(lead.auth).send({ active: false })).status,
      ).toBe(200);
    }
  }
  expectError(
    await request(ctx.app).patch(`/api/admins/${lead.userId}`).set(lead.auth).send({ active: false }),
    409,
    "CONFLICT",
  );
  expect((await request(ctx.app).get("/api/me").set(lead.auth)).status).toBe(200);
  // Two deactivations at once of the last two active admins: one wins, the other is refused.
  expect(
    (await request(ctx.app).patch(`/api/admins/${other.userId}`).set(lead.auth).send({ active: true }))
      .status,
  ).toBe(200);
  const results = await Promise.all([
    request(ctx.app).patch(`/api/admins/${other.userId}`).set(lead.auth).send({ active: false }),
    request(ctx.app).patch(`/api/admins/${lead.userId}`).set(lead.auth).send({ active: false }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
});

test("bad deactivation input: a non-boolean or an extra field is a 400", async () => {
  const lead = await ctx.admin();
  const other = await ctx.admin();
  expectError(
    await request(ctx.app).patch(`/api/admins/${other.userId}`).set(lead.auth).send({ active: "no" }),
    400,
    "VALIDATION_FAILED",
  );
  expectError(
    await request(ctx.app)
      .patch(`/api/admins/${other.userId}`)
      .set(lead.auth)
      .send({ active: false, role: "shop" }),
    400,
    "VALIDATION_FAILED",
  );
  expectError(
    await request(ctx.app).patch(`/api/admins/${other.userId}`).set(lead.auth).send({}),
    400,
    "VALIDATION_FAILED",
  );
});
