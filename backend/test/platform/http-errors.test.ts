import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";
import { inOneHour, rawToken, unsignedToken } from "../support/tokens";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const expectContractError = (res: request.Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.body.error).toEqual(
    expect.objectContaining({ code, message: expect.any(String), requestId: expect.any(String) }),
  );
  expect(res.body.error.requestId).toBe(res.headers["x-request-id"]);
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|SELECT|INSERT/);
};

describe("error shapes", () => {
  test("when the body is broken JSON, then 400 MALFORMED_JSON", async () => {
    const res = await request(ctx.app)
      .post("/api/auth/login")
      .set("Content-Type", "application/json")
      .send('{"email": "a@b.c", "password": ');
    expectContractError(res, 400, "MALFORMED_JSON");
  });

  test("when the body is 2 MB, then 413 PAYLOAD_TOO_LARGE and details name the limit", async () => {
    const res = await request(ctx.app)
      .post("/api/auth/login")
      .set("Content-Type", "application/json")
      .send(JSON.stringify({ email: "a@b.c", password: "x".repeat(2 * 1024 * 1024) }));
    expectContractError(res, 413, "PAYLOAD_TOO_LARGE");
    expect(res.body.error.details).toEqual([
      { path: "(body)", message: "A JSON body may be at most 1 MB (1048576 bytes).", limitBytes: 1048576 },
    ]);
  });

  test.each([["null"], ['"text"'], ["42"]])(
    "when the body is the JSON value %s rather than an object, then 400 VALIDATION_FAILED, not MALFORMED_JSON",
    async (body) => {
      const res = await request(ctx.app)
        .post("/api/auth/login")
        .set("Content-Type", "application/json")
        .send(body);
      expectContractError(res, 400, "VALIDATION_FAILED");
    },
  );

  test.each([
    ["PUT", "/api/team/settings"],
    ["POST", "/api/notifications/test"],
    ["PUT", "/api/me/notification-preferences"],
  ])(
    "when %s %s (every field optional) gets the body null, then 400 VALIDATION_FAILED, not 'nothing set'",
    async (method, path) => {
      const admin = await ctx.admin();
      const res = await request(ctx.app)
        [method === "PUT" ? "put" : "post"](path)
        .set(admin.auth)
        .set("Content-Type", "application/json")
        .send("null");
      expectContractError(res, 400, "VALIDATION_FAILED");
    },
  );

  test("when a body is sent as another type than JSON, then 400 MALFORMED_JSON and nothing is set; JSON types and empty bodies pass", async () => {
    const shop = await ctx.shopUser();
    const prefs = () => request(ctx.app).get("/api/me/notification-preferences").set(shop.auth);
    const before = (await prefs()).body;
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const res = await request(ctx.app)
        .put("/api/me/notification-preferences")
        .set(shop.auth)
        .set("Content-Type", type)
        .send('{"email": false}');
      expectContractError(res, 400, "MALFORMED_JSON");
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: "(content-type)" })]);
    }
    const binary = await request(ctx.app)
      .post("/api/visitor/sessions")
      .set("Content-Length", "17")
      .send(Buffer.from('{"name":"Dropped"}'.slice(0, 17)));
    expectContractError(binary, 400, "MALFORMED_JSON");
    expect((await prefs()).body).toEqual(before);
    // A JSON body under a +json type is read; a POST with an empty body is no body.
    const merge = await request(ctx.app)
      .put("/api/me/notification-preferences")
      .set(shop.auth)
      .set("Content-Type", "application/merge-patch+json")
      .send(JSON.stringify({ bogus: 1 }));
    expectContractError(merge, 400, "VALIDATION_FAILED");
    const admin = await ctx.admin();
    const ticket = await request(ctx.app)
      .post("/api/tickets")
      .set(shop.auth)
      .send({ subject: "Empty read", message: "hello" });
    const read = await request(ctx.app)
      .post(`/api/tickets/${ticket.body.id}/read`)
      .set(admin.auth)
      .set("Content-Type", "text/plain")
      .set("Content-Length", "0");
    expect(read.status).toBe(204);
  });

  test("when an /api route does not exist, then 404 NOT_FOUND even without a token", async () => {
    const res = await request(ctx.app).get("/api/does-not-exist");
    expectContractError(res, 404, "NOT_FOUND");
  });

  test("when an API path is written with doubled slashes, or a file is missing, then 404, never the web app", async () => {
    for (const path of ["//api//tickets", "//api", "/api//"]) {
      expectContractError(await request(ctx.app).get(path), 404, "NOT_FOUND");
    }
    const file = await request(ctx.app).get("/no-such-script.js");
    expect(file.status).toBe(404);
    expect(file.headers["content-type"]).toMatch(/^text\/plain/);
  });

  test("when the body fails validation, then 400 VALIDATION_FAILED with details", async () => {
    const res = await request(ctx.app).post("/api/auth/login").send({ email: 42 });
    expectContractError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "email", message: expect.any(String) }),
        expect.objectContaining({ path: "password", message: expect.any(String) }),
      ]),
    );
  });

  test("every response carries a request id and helmet's headers", async () => {
    const res = await request(ctx.app).get("/api/health");
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  test("when the client sends a sane X-Request-Id, then it is echoed", async () => {
    const res = await request(ctx.app).get("/api/health").set("X-Request-Id", "trace-abc.123");
    expect(res.headers["x-request-id"]).toBe("trace-abc.123");
  });
});

describe("identity", () => {
  const me = (token?: string) => {
    const req = request(ctx.app).get("/api/me");
    return token === undefined ? req : req.set("Authorization", `Bearer ${token}`);
  };
  const shopClaims = () => ({ sub: "u-1", role: "shop", shopId: "s-1", exp: inOneHour() });

  test("when no token is sent, then 401", async () => {
    expectContractError(await me(), 401, "UNAUTHENTICATED");
  });

  test("when the token is forged (wrong secret), then 401", async () => {
    const forged = rawToken(shopClaims(), {}, "some-other-secret-entirely");
    expectContractError(await me(forged), 401, "UNAUTHENTICATED");
  });

  test("when the token uses alg none, then 401", async () => {
    expectContractError(await me(unsignedToken(shopClaims())), 401, "UNAUTHENTICATED");
  });

  test("when the token's header names critical extensions (crit), then 401: Parley understands none", async () => {
    const crit = rawToken(shopClaims(), { header: { alg: "HS256", crit: ["b64"] } as never });
    expectContractError(await me(crit), 401, "UNAUTHENTICATED");
    // The same claims without it are fine.
    expect((await me(rawToken(shopClaims()))).status).toBe(200);
  });

  test("when the token uses another algorithm (HS512) with the right secret, then 401", async () => {
    const hs512 = rawToken(shopClaims(), { algorithm: "HS512" });
    expectContractError(await me(hs512), 401, "UNAUTHENTICATED");
  });

  test("when the token has expired, then 401", async () => {
    const expired = rawToken({ ...shopClaims(), exp: Math.floor(Date.now() / 1000) - 10 });
    const res = await me(expired);
    expectContractError(res, 401, "UNAUTHENTICATED");
    expect(res.body.error.message).toMatch(/expired/);
  });

  test("when the token has no exp, then 401", async () => {
    const { exp: _exp, ...noExp } = shopClaims();
    expectContractError(await me(rawToken(noExp)), 401, "UNAUTHENTICATED");
  });

  test("when a shop token lacks shopId, or the role is unknown, then 401", async () => {
    expectContractError(
      await me(rawToken({ sub: "u", role: "shop", exp: inOneHour() })),
      401,
      "UNAUTHENTICATED",
    );
    expectContractError(
      await me(rawToken({ sub: "u", role: "root", exp: inOneHour() })),
      401,
      "UNAUTHENTICATED",
    );
  });

  test("when the header is garbage, then 401", async () => {
    const res = await request(ctx.app).get("/api/me").set("Authorization", "Basic Zm9vOmJhcg==");
    expectContractError(res, 401, "UNAUTHENTICATED");
    expectContractError(await me("not.a.jwt"), 401, "UNAUTHENTICATED");
  });

  test("when a host platform's valid token is seen, then its user and shop are recorded", async () => {
    const shopId = `host-shop-${Date.now()}`;
    const token = rawToken({
      sub: `host-user-${shopId}`,
      role: "shop",
      shopId,
      name: "Host Person",
      exp: inOneHour(),
    });
    const res = await me(token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: `host-user-${shopId}`,
      role: "shop",
      shopId,
      name: "Host Person",
      shopName: null,
    });
    const shop = await ctx.database.knex("shops").where({ id: shopId }).first();
    const user = await ctx.database
      .knex("users")
      .where({ id: `host-user-${shopId}` })
      .first();
    expect(shop).toBeDefined();
    expect(user).toEqual(expect.objectContaining({ role: "shop", shop_id: shopId, name: "Host Person" }));
  });

  test("when a host's token carries its own audience, issuer and id claims, then it is accepted; the visitor audience is not", async () => {
    const sub = `host-aud-${Date.now()}`;
    const claims = { sub, role: "admin", exp: inOneHour(), iss: "https://host.example", jti: "j-1" };
    expect((await me(rawToken({ ...claims, aud: "https://parley.example" }))).status).toBe(200);
    expect((await me(rawToken({ ...claims, aud: ["parley", "billing"] }))).status).toBe(200);
    expect((await me(rawToken({ ...claims, aud: "parley-visitor" }))).status).toBe(401);
    expect((await me(rawToken({ ...claims, aud: ["x", "parley-visitor"] }))).status).toBe(401);
  });

  test("when the name claim is long, not text or half an emoji, then the token works and the name is tidied", async () => {
    const sub = `host-name-${Date.now()}`;
    const long = await me(rawToken({ sub, role: "admin", exp: inOneHour(), name: `  ${"é".repeat(300)}😀` }));
    expect(long.status).toBe(200);
    expect(long.body.name).toBe("é".repeat(255));
    const odd = await me(rawToken({ sub, role: "admin", exp: inOneHour(), name: { first: "A" } }));
    expect(odd.status).toBe(200);
    expect(odd.body.name ?? null).toBeNull();
    const half = await me(rawToken({ sub, role: "admin", exp: inOneHour(), name: "Ann \ud83d" }));
    expect(half.status).toBe(200);
    expect(half.body.name).toBe("Ann \ufffd");
  });

  test("when a shop user asks for the admin list, then 403; an admin gets it", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin({ name: "Listed Admin" });
    const denied = await request(ctx.app).get("/api/admins").set(shop.auth);
    expectContractError(denied, 403, "FORBIDDEN");
    const ok = await request(ctx.app).get("/api/admins").set(admin.auth);
    expect(ok.status).toBe(200);
    expect(ok.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: admin.userId, name: "Listed Admin" })]),
    );
  });
});
