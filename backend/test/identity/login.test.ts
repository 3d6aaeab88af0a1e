import request from "supertest";
import { randomUUID } from "node:crypto";
import { createTestContext, type TestContext } from "../support/test-context";
import { inOneHour, rawToken } from "../support/tokens";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function localShopUser() {
  const email = `owner-${randomUUID()}@example.com`;
  const shopId = `shop-${randomUUID()}`;
  const id = `u-${randomUUID()}`;
  await ctx.modules.identity.service.createLocalUser({
    id,
    email,
    password: "correct horse battery",
    role: "shop",
    name: "Owner",
    shopId,
  });
  return { email, shopId, id };
}

test("when the password is right, then login returns a token that works", async () => {
  const { email, shopId } = await localShopUser();
  const res = await request(ctx.app)
    .post("/api/auth/login")
    .send({ email: email.toUpperCase(), password: "correct horse battery" });
  expect(res.status).toBe(200);
  expect(res.body.user).toEqual(expect.objectContaining({ role: "shop", shopId, email }));
  expect(res.body.user.passwordHash).toBeUndefined();
  const me = await request(ctx.app).get("/api/me").set("Authorization", `Bearer ${res.body.token}`);
  expect(me.status).toBe(200);
  expect(me.body.shopId).toBe(shopId);
});

test("when the password is wrong or the email unknown, then 401 with the same message", async () => {
  const { email } = await localShopUser();
  const wrong = await request(ctx.app).post("/api/auth/login").send({ email, password: "nope" });
  const unknown = await request(ctx.app)
    .post("/api/auth/login")
    .send({ email: "nobody@example.com", password: "nope" });
  expect(wrong.status).toBe(401);
  expect(unknown.status).toBe(401);
  expect(wrong.body.error.message).toBe(unknown.body.error.message);
});

test("when passwords are stored, then they are bcrypt hashes", async () => {
  const { email } = await localShopUser();
  const row = await ctx.database.knex("users").where({ email }).first();
  expect(row.password_hash).toMatch(/^\$2[aby]\$10\$/);
});

test("when login is hammered past its limit, then 429 RATE_LIMITED with Retry-After", async () => {
  const limited = await createTestContext({ RATE_LIMIT_LOGIN_PER_MINUTE: "3" });
  try {
    const attempt = () =>
      request(limited.app).post("/api/auth/login").send({ email: "x@y.z", password: "p" });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const res = await attempt();
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe("RATE_LIMITED");
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
  } finally {
    await limited.close();
  }
});

test("when a host's token names a Parley account's id with another role or shop, then 401 and the account is unchanged", async () => {
  const { email, shopId, id } = await localShopUser();
  const bearer = (claims: Record<string, unknown>) => ({
    Authorization: `Bearer ${rawToken({ sub: id, exp: inOneHour(), ...claims })}`,
  });
  for (const claims of [{ role: "admin" }, { role: "shop", shopId: `shop-${randomUUID()}` }]) {
    const res = await request(ctx.app).get("/api/me").set(bearer(claims));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHENTICATED");
  }
  // The account still logs in as what it is; a token that agrees with it works, its name may change.
  const login = await request(ctx.app)
    .post("/api/auth/login")
    .send({ email, password: "correct horse battery" });
  expect(login.body.user).toEqual(expect.objectContaining({ role: "shop", shopId }));
  const agreeing = await request(ctx.app)
    .get("/api/me")
    .set(bearer({ role: "shop", shopId, name: "Renamed" }));
  expect(agreeing.status).toBe(200);
});
