/**
 * Brute force: a per-account limit beside the per-address one (an address the owner used keeps its own, so
 * strangers cannot lock the owner out), and TRUST_PROXY that no client can use to choose its own address.
 */
import { randomUUID } from "node:crypto";
import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";

const PASSWORD = "correct horse battery staple";

async function localUser(ctx: TestContext) {
  const email = `owner-${randomUUID()}@example.com`;
  await ctx.modules.identity.service.createLocalUser({
    id: `u-${randomUUID()}`,
    email,
    password: PASSWORD,
    role: "shop",
    name: "Owner",
    shopId: `shop-${randomUUID()}`,
  });
  return email;
}

// The test plays the one trusted proxy: it appends the address it "saw" after whatever the client sent.
const viaProxy = (clientClaims: string, seenByProxy: string) => `${clientClaims}, ${seenByProxy}`;
const randomAddress = () =>
  `198.51.100.${Math.floor(Math.random() * 254) + 1}, 10.${Math.floor(Math.random() * 250)}.0.1`;

describe("per account", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({
      TRUST_PROXY: "1",
      RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: "5",
      RATE_LIMIT_LOGIN_ACCOUNT_WINDOW_S: "900",
    });
  });
  afterAll(() => ctx.close());

  const login = (email: string, password: string, address: string) =>
    request(ctx.app).post("/api/auth/login").set("X-Forwarded-For", address).send({ email, password });

  test("when guesses come from ever new addresses, then the account is still cut off after 5 failures", async () => {
    const email = await localUser(ctx);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      // Every guess from a different address as the proxy saw it: only the account ties them together.
      const res = await login(email, `guess-${i}`, `203.0.113.${i + 1}`);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.error.code).toBe("RATE_LIMITED");
        expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    // Even the right password waits out the window: the guesser cannot tell it was right.
    expect((await login(email.toUpperCase(), PASSWORD, "203.0.113.200")).status).toBe(429);
    console.log(
      `login guesses from 40 addresses: ${statuses.filter((s) => s === 401).length} checked, 35 refused`,
    );
  });

  test("when one account is under attack, then another account logs in normally", async () => {
    const victim = await localUser(ctx);
    const other = await localUser(ctx);
    for (let i = 0; i < 6; i++) await login(victim, "wrong", `203.0.113.${i + 50}`);
    expect((await login(victim, PASSWORD, "203.0.113.60")).status).toBe(429);
    expect((await login(other, PASSWORD, "203.0.113.61")).status).toBe(200);
  });

  test("when the owner logs in successfully, then earlier failures no longer count", async () => {
    const email = await localUser(ctx);
    for (let i = 0; i < 4; i++) expect((await login(email, "typo", "203.0.113.70")).status).toBe(401);
    expect((await login(email, PASSWORD, "203.0.113.70")).status).toBe(200);
    // The reset runs when the response finishes; give it a moment rather than race it.
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 4; i++) expect((await login(email, "typo", "203.0.113.70")).status).toBe(401);
  });

  test("when strangers spend an account's failures, then its owner still logs in from an address they used before", async () => {
    const email = await localUser(ctx);
    const home = "203.0.113.140";
    expect((await login(email, PASSWORD, home)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200)); // the address is remembered when the response finishes
    for (let i = 0; i < 8; i++) await login(email, "guess", `198.51.100.${i + 1}`);
    // A new address is a stranger: refused, right password or not.
    expect((await login(email, PASSWORD, "198.51.100.99")).status).toBe(429);
    expect((await login(email, PASSWORD, home)).status).toBe(200);
  });

  test("when someone guesses from an address the owner used, then that address has its own limit", async () => {
    const email = await localUser(ctx);
    const shared = "203.0.113.150"; // an office behind one address, say
    expect((await login(email, PASSWORD, shared)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await login(email, `guess-${i}`, shared)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect((await login(email, PASSWORD, shared)).status).toBe(429);
  });

  test("when parallel guesses arrive at once, then no more than the limit are checked", async () => {
    const email = await localUser(ctx);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(email, `parallel-${i}`, `203.0.113.${100 + i}`)),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(15);
  });
});

describe("per address with TRUST_PROXY", () => {
  test("when a client spoofs X-Forwarded-For, then the limit still counts the address the proxy saw", async () => {
    const ctx = await createTestContext({ TRUST_PROXY: "1", RATE_LIMIT_LOGIN_PER_MINUTE: "3" });
    try {
      const attempt = (xff: string) =>
        request(ctx.app)
          .post("/api/auth/login")
          .set("X-Forwarded-For", xff)
          .send({ email: `nobody-${randomUUID()}@example.com`, password: "p" });
      const statuses: number[] = [];
      // A fresh made-up address on every attempt, but the same real client behind the proxy.
      for (let i = 0; i < 10; i++)
        statuses.push((await attempt(viaProxy(randomAddress(), "192.0.2.44"))).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
      // Another real client is not affected.
      expect((await attempt(viaProxy(randomAddress(), "192.0.2.45"))).status).toBe(401);
    } finally {
      await ctx.close();
    }
  });

  test("when the proxy saw an IPv6 client, then its /56 counts as one client, and no address it reports fails the request", async () => {
    const ctx = await createTestContext({ TRUST_PROXY: "1", RATE_LIMIT_LOGIN_PER_MINUTE: "3" });
    try {
      const attempt = async (seenByProxy: string) => {
        const res = await request(ctx.app)
          .post("/api/auth/login")
          .set("X-Forwarded-For", viaProxy(randomAddress(), seenByProxy))
          .send({ email: `nobody-${randomUUID()}@example.com`, password: "p" });
        return res.status;
      };
      const statuses: number[] = [];
      // Four addresses of one /56 network: one client (a subscriber's prefix), limited after three.
      for (const address of [
        "2001:db8:1:100::1",
        "2001:db8:1:1ff::2",
        "2001:db8:1:1aa:1:2:3:4",
        "2001:db8:1:100::9",
      ])
        statuses.push(await attempt(address));
      expect(statuses).toEqual([401, 401, 401, 429]);
      // The next /56 is another client.
      expect(await attempt("2001:db8:1:200::1")).toBe(401);
      // Zones Node takes but ipaddr.js does not: keyed by the address, never a 500.
      expect(await attempt("fe80::1%en-0")).toBe(401);
      expect(await attempt("fe80::2%a.b")).toBe(401);
    } finally {
      await ctx.close();
    }
  });

  test("when TRUST_PROXY is off, then X-Forwarded-For is ignored entirely", async () => {
    const ctx = await createTestContext({ RATE_LIMIT_LOGIN_PER_MINUTE: "2" });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await request(ctx.app)
          .post("/api/auth/login")
          .set("X-Forwarded-For", randomAddress())
          .send({ email: `nobody-${randomUUID()}@example.com`, password: "p" });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 429, 429]);
    } finally {
      await ctx.close();
    }
  });
});

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("counters in PostgreSQL", () => {
  test("when two processes share the database, then failures on either count against one account limit", async () => {
    const env = {
      RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: "4",
      RATE_LIMIT_LOGIN_ACCOUNT_WINDOW_S: "600",
      RATE_LIMIT_NAMESPACE: `shared-${randomUUID()}`,
    };
    const [a, b] = await Promise.all([createTestContext(env), createTestContext(env)]);
    try {
      const email = await localUser(a);
      const login = (ctx: TestContext) =>
        request(ctx.app).post("/api/auth/login").send({ email, password: "wrong" });
      expect((await login(a)).status).toBe(401);
      expect((await login(b)).status).toBe(401);
      expect((await login(a)).status).toBe(401);
      expect((await login(b)).status).toBe(401);
      expect((await login(a)).status).toBe(429);
      expect((await login(b)).status).toBe(429);
      const rows = await a.database
        .knex("rate_limits")
        .where("key", "like", `${env.RATE_LIMIT_NAMESPACE}:login-acct-4-600:%`);
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
