import { randomUUID } from "node:crypto";
import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";

/**
 * A host's token that names one of Parley's managed rows under another role: an admin invited by Parley
 * (no password yet) or a deactivated admin. The token is refused (401) and the row stays an admin, as a
 * password account already did (login.test.ts).
 */

let ctx: TestContext;
let lead: Actor;
beforeAll(async () => {
  ctx = await createTestContext();
  lead = await ctx.admin({ name: "Lead" });
});
afterAll(() => ctx.close());

const asShop = (userId: string) => ({
  Authorization: `Bearer ${ctx.tokens.sign({ userId, role: "shop", shopId: `shop-${randomUUID().slice(0, 8)}`, name: null })}`,
});
const listed = async (id: string) =>
  ((await request(ctx.app).get("/api/admins").set(lead.auth)).body.items as Array<{ id: string }>).some(
    (a) => a.id === id,
  );

test("when a shop token names an invited admin, then it is refused, and the invite still makes an admin", async () => {
  const email = `invitee-${randomUUID().slice(0, 8)}@parley.test`;
  const created = await request(ctx.app).post("/api/admins").set(lead.auth).send({ email, name: "Invitee" });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const token = new URL(created.body.inviteUrl as string, "http://x").searchParams.get("token")!;

  expect((await request(ctx.app).get("/api/tickets").set(asShop(id))).status).toBe(401);
  expect(await listed(id)).toBe(true);
  const accepted = await request(ctx.app)
    .post("/api/auth/invite")
    .send({ token, password: "a-good-password" });
  expect([accepted.status, accepted.body.user?.role]).toEqual([200, "admin"]);
  const login = await request(ctx.app).post("/api/auth/login").send({ email, password: "a-good-password" });
  expect([login.status, login.body.user?.role]).toEqual([200, "admin"]);
});

test("when a shop token names a deactivated admin, then it is refused, and the admin can be reactivated", async () => {
  const leaving = await ctx.admin({ name: "Leaving" });
  expect(
    (await request(ctx.app).patch(`/api/admins/${leaving.userId}`).set(lead.auth).send({ active: false }))
      .status,
  ).toBe(200);

  expect((await request(ctx.app).get("/api/tickets").set(asShop(leaving.userId))).status).toBe(401);
  expect(await listed(leaving.userId)).toBe(true);
  const back = await request(ctx.app)
    .patch(`/api/admins/${leaving.userId}`)
    .set(lead.auth)
    .send({ active: true });
  expect(back.status).toBe(200);
  expect((await request(ctx.app).get("/api/me").set(leaving.auth)).status).toBe(200);
});
