import { randomUUID } from "node:crypto";
import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { expectError } from "../tickets/helpers";

/**
 * A new invite link (POST /api/admins/:id/invite) for an admin invited by Parley who has not set a password:
 * the link expired, was lost, or a deactivation burnt it. Without it such an account, and its address, were
 * lost for good.
 */

let ctx: TestContext;
let lead: Actor;
beforeAll(async () => {
  ctx = await createTestContext();
  lead = await ctx.admin({ name: "Lead" });
});
afterAll(() => ctx.close());

const tokenOf = (inviteUrl: string) => new URL(inviteUrl, "http://x").searchParams.get("token")!;
async function invite() {
  const email = `invitee-${randomUUID().slice(0, 8)}@parley.test`;
  const res = await request(ctx.app).post("/api/admins").set(lead.auth).send({ email, name: "Invitee" });
  expect(res.status).toBe(201);
  return { email, id: res.body.id as string, token: tokenOf(res.body.inviteUrl as string) };
}
const renew = (id: string, as: Actor = lead) =>
  request(ctx.app).post(`/api/admins/${id}/invite`).set(as.auth).send({});
const accept = (token: string) =>
  request(ctx.app).post("/api/auth/invite").send({ token, password: "a-good-password" });

test("when an invite has expired, then a new link works and the old one does not", async () => {
  const inv = await invite();
  await ctx.database
    .knex("users")
    .where({ id: inv.id })
    .update({ invite_expires_at: new Date(Date.now() - 1000) });

  const renewed = await renew(inv.id);
  expect(renewed.status).toBe(200);
  expect(renewed.body).toMatchObject({ id: inv.id, email: inv.email, invited: true, active: true });
  const fresh = tokenOf(renewed.body.inviteUrl as string);
  expect(fresh).not.toBe(inv.token);
  expect((await accept(inv.token)).status).toBe(404);
  const accepted = await accept(fresh);
  expect([accepted.status, accepted.body.user?.role]).toEqual([200, "admin"]);
  expect(
    (await request(ctx.app).post("/api/auth/login").send({ email: inv.email, password: "a-good-password" }))
      .status,
  ).toBe(200);

  // Signed up now: no more invites.
  expectError(await renew(inv.id), 409, "CONFLICT");
});

test("when an invited admin is deactivated and reactivated, then they still read as invited and a new link lets them in", async () => {
  const inv = await invite();
  expect(
    (await request(ctx.app).patch(`/api/admins/${inv.id}`).set(lead.auth).send({ active: false })).status,
  ).toBe(200);
  expectError(await renew(inv.id), 409, "CONFLICT");
  const back = await request(ctx.app).patch(`/api/admins/${inv.id}`).set(lead.auth).send({ active: true });
  expect([back.status, back.body.invited]).toEqual([200, true]);
  // The link from before the deactivation stays dead.
  expect((await accept(inv.token)).status).toBe(404);

  const renewed = await renew(inv.id);
  expect(renewed.status).toBe(200);
  expect((await accept(tokenOf(renewed.body.inviteUrl as string))).status).toBe(200);
});

test("when the admin is unknown, signs in through the host, or a shop asks, then 404, 409 or 403", async () => {
  expectError(await renew("admin-unknown"), 404, "NOT_FOUND");
  const hostAdmin = await ctx.admin({ name: "From the host" });
  expectError(await renew(hostAdmin.userId), 409, "CONFLICT");
  const inv = await invite();
  expectError(await renew(inv.id, await ctx.shopUser()), 403, "FORBIDDEN");
  expectError(
    await request(ctx.app).post(`/api/admins/${inv.id}/invite`).set(lead.auth).send({ ttl: 1 }),
    400,
    "VALIDATION_FAILED",
  );
});

test("when an admin is created with a name on several lines or a password of nothing visible, then the name is one line and the password refused", async () => {
  const email = `lines-${randomUUID().slice(0, 8)}@parley.test`;
  const created = await request(ctx.app)
    .post("/api/admins")
    .set(lead.auth)
    .send({ email, name: "Ada\nLovelace\u0007" });
  expect([created.status, created.body.name]).toEqual([201, "Ada Lovelace"]);
  for (const password of ["        ", "\t\t\t\t\t\t\t\t", "\u200b".repeat(8)]) {
    const refused = await request(ctx.app)
      .post("/api/admins")
      .set(lead.auth)
      .send({ email: `blank-${randomUUID().slice(0, 8)}@parley.test`, name: "Blank", password });
    expectError(refused, 400, "VALIDATION_FAILED");
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: "password" })]);
  }
  const inv = await invite();
  expectError(
    await request(ctx.app)
      .post("/api/auth/invite")
      .send({ token: inv.token, password: " ".repeat(9) }),
    400,
    "VALIDATION_FAILED",
  );
});
