import request from "supertest";
import { randomUUID } from "node:crypto";
import { createTestContext, type TestContext } from "../support/test-context";
import { inOneHour, rawToken } from "../support/tokens";

/** `shopName` on /api/me and on login's user: what the web app's header shows beside the user's name. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const bearer = (claims: Record<string, unknown>) => ({
  Authorization: `Bearer ${rawToken({ sub: `u-${randomUUID()}`, exp: inOneHour(), ...claims })}`,
});

test("when a host's token names its shop, then /api/me says the name, and a later token without it still gets it", async () => {
  const shopId = `shop-${randomUUID()}`;
  const named = await request(ctx.app)
    .get("/api/me")
    .set(bearer({ role: "shop", shopId, name: "Sam", shopName: "Acme Outfitters" }));
  expect(named.status).toBe(200);
  expect(named.body).toEqual(expect.objectContaining({ shopId, shopName: "Acme Outfitters", name: "Sam" }));
  // Another user of the same shop whose token carries no shopName: the name recorded on first sight.
  const unnamed = await request(ctx.app)
    .get("/api/me")
    .set(bearer({ role: "shop", shopId, name: "Kim" }));
  expect(unnamed.body.shopName).toBe("Acme Outfitters");
});

test("when nothing ever named the shop, then shopName is null; an admin's is null", async () => {
  const shop = await request(ctx.app)
    .get("/api/me")
    .set(bearer({ role: "shop", shopId: `shop-${randomUUID()}` }));
  expect(shop.status).toBe(200);
  expect(shop.body).toHaveProperty("shopName", null);
  const admin = await request(ctx.app)
    .get("/api/me")
    .set(bearer({ role: "admin", name: "Ana" }));
  expect(admin.body).toHaveProperty("shopName", null);
});

test("when a Parley shop account logs in, then its user carries the shop's name", async () => {
  const email = `owner-${randomUUID()}@example.com`;
  const shopId = `shop-${randomUUID()}`;
  await ctx.modules.identity.service.createLocalUser({
    id: `u-${randomUUID()}`,
    email,
    password: "correct horse battery",
    role: "shop",
    name: "Owner",
    shopId,
    shopName: "Bolt Bikes",
  });
  const res = await request(ctx.app)
    .post("/api/auth/login")
    .send({ email, password: "correct horse battery" });
  expect(res.status).toBe(200);
  expect(res.body.user).toEqual(expect.objectContaining({ shopId, shopName: "Bolt Bikes" }));
});
