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

test("when an admin would deactivate themselves, then 409 and they stay active, even with others active", async () => {
  const lead = await ctx.admin();
  await ctx.admin();
  const res = await request(ctx.app)
    .patch(`/api/admins/${lead.userId}`)
    .set(lead.auth)
    .send({ active: false });
  expectError(res, 409, "CONFLICT");
  expect(res.body.error.message).toMatch(/your own account/);
  expect((await request(ctx.app).get("/api/me").set(lead.auth)).status).toBe(200);
  // Reactivating oneself is no change, and allowed.
  expect(
    (await request(ctx.app).patch(`/api/admins/${lead.userId}`).set(lead.auth).send({ active: true })).status,
  ).toBe(200);
});

test("when the last two active admins deactivate each other at once, then one wins and one stays active", async () => {
  const lead = await ctx.admin();
  const other = await ctx.admin();
  const list = await request(ctx.app).get("/api/admins").set(lead.auth);
  for (const a of list.body.items as Array<{ id: string; active: boolean }>) {
    if (a.active && a.id !== lead.userId && a.id !== other.userId) {
      expect(
        (await request(ctx.app).patch(`/api/admins/${a.id}`).set(lead.auth).send({ active: false })).status,
      ).toBe(200);
    }
  }
  const results = await Promise.all([
    request(ctx.app).patch(`/api/admins/${other.userId}`).set(lead.auth).send({ active: false }),
    request(ctx.app).patch(`/api/admins/${lead.userId}`).set(other.auth).send({ active: false }),
  ]);
  // The loser is refused by the last-admin rule (409) if both got past their token check, or is already
  // deactivated when its request is checked (401). Never both deactivated.
  const statuses = results.map((r) => r.status).sort();
  expect([
    [200, 401],
    [200, 409],
  ]).toContainEqual(statuses);
  const refused = results.find((r) => r.status === 409);
  if (refused) expect(refused.body.error.message).toMatch(/last active admin/);
  const me = await Promise.all([lead, other].map((a) => request(ctx.app).get("/api/me").set(a.auth)));
  expect(me.map((r) => r.status).sort()).toEqual([200, 401]);
});

test("when the one active admin would be deactivated by anyone (an admin deactivated meanwhile, say), then 409", async () => {
  const lead = await ctx.admin();
  const list = await request(ctx.app).get("/api/admins").set(lead.auth);
  for (const a of list.body.items as Array<{ id: string; active: boolean }>) {
    if (a.active && a.id !== lead.userId) {
      expect(
        (await request(ctx.app).patch(`/api/admins/${a.id}`).set(lead.auth).send({ active: false })).status,
      ).toBe(200);
    }
  }
  // Over HTTP only a deactivated admin's racing request gets here; the rule holds in the service.
  await expect(
    ctx.modules.identity.service.setAdminActive(lead.userId, false, "someone-else"),
  ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/last active admin/) });
  expect((await request(ctx.app).get("/api/me").set(lead.auth)).status).toBe(200);
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
