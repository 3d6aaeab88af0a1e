import request from "supertest";
import { loadConfig, ConfigError } from "../../src/config/env";
import { createTestContext, type TestContext } from "../support/test-context";

/** Issue 18: EMBED_ALLOWED_ORIGINS opens framing of /embed/* and CORS on /api to exactly those origins. */

const HOST = "http://host.test:8080";
const MARKET = "https://market.example";

let open: TestContext;
let closed: TestContext;
beforeAll(async () => {
  open = await createTestContext({ EMBED_ALLOWED_ORIGINS: `${HOST}, ${MARKET}` });
  closed = await createTestContext();
});
afterAll(async () => {
  await open.close();
  await closed.close();
});

const frameAncestors = (res: request.Response) =>
  /frame-ancestors ([^;]*)/.exec(String(res.headers["content-security-policy"] ?? ""))?.[1];

describe("frame-ancestors", () => {
  test("when EMBED_ALLOWED_ORIGINS is unset, then /embed/support may only be framed by Parley itself", async () => {
    const res = await request(closed.app).get("/embed/support");
    expect(frameAncestors(res)).toBe("'self'");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
  });

  test("when origins are allowed, then /embed/* lists exactly them and sends no X-Frame-Options", async () => {
    for (const path of ["/embed/support", "/embed/help", "/embed/support?newTicket=1"]) {
      const res = await request(open.app).get(path);
      expect(frameAncestors(res)).toBe(`'self' ${HOST} ${MARKET}`);
      expect(res.headers["x-frame-options"]).toBeUndefined();
    }
  });

  test("when origins are allowed, then every other page stays unframeable by them", async () => {
    for (const path of ["/admin", "/shop", "/login", "/embedded", "/api/health"]) {
      const res = await request(open.app).get(path);
      expect(frameAncestors(res)).toBe("'self'");
      expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    }
  });
});

describe("CORS", () => {
  test("when an allowed origin calls the API, then it is allowed back, without credentials", async () => {
    const res = await request(open.app).get("/api/health").set("Origin", HOST);
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe(HOST);
    expect(res.headers["access-control-allow-credentials"]).toBeUndefined();
    expect(String(res.headers.vary)).toMatch(/Origin/);
  });

  test("when an allowed origin reads the public FAQ, then shared caches keep answers apart by origin and by token", async () => {
    const res = await request(open.app).get("/api/faq").set("Origin", HOST);
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe(HOST);
    expect(res.headers["cache-control"]).toMatch(/public/);
    const vary = String(res.headers.vary).split(/,\s*/);
    expect(vary).toEqual(expect.arrayContaining(["Origin", "Authorization"]));
  });

  test("when an allowed origin sends a preflight, then Authorization and JSON are allowed", async () => {
    const res = await request(open.app)
      .options("/api/tickets")
      .set("Origin", MARKET)
      .set("Access-Control-Request-Method", "POST")
      .set("Access-Control-Request-Headers", "authorization, content-type");
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe(MARKET);
    expect(res.headers["access-control-allow-methods"]).toMatch(/POST/);
    expect(res.headers["access-control-allow-headers"]).toMatch(/Authorization/);
    expect(res.headers["access-control-allow-headers"]).toMatch(/Content-Type/);
  });

  test("when another origin (or a look-alike) calls, then no CORS header is sent", async () => {
    for (const origin of [
      "https://evil.example",
      "http://host.test:8081",
      "https://market.example.evil.com",
      "null",
    ]) {
      const get = await request(open.app).get("/api/health").set("Origin", origin);
      expect(get.headers["access-control-allow-origin"]).toBeUndefined();
      const pre = await request(open.app)
        .options("/api/tickets")
        .set("Origin", origin)
        .set("Access-Control-Request-Method", "POST");
      expect(pre.headers["access-control-allow-origin"]).toBeUndefined();
      expect(pre.headers["access-control-allow-methods"]).toBeUndefined();
    }
  });

  test("when EMBED_ALLOWED_ORIGINS is unset, then no origin gets a CORS header", async () => {
    const res = await request(closed.app).get("/api/health").set("Origin", HOST);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    const pre = await request(closed.app)
      .options("/api/tickets")
      .set("Origin", HOST)
      .set("Access-Control-Request-Method", "POST");
    expect(pre.headers["access-control-allow-origin"]).toBeUndefined();
  });

  test("when an allowed origin's request fails, then the error body is still readable (CORS on errors)", async () => {
    const res = await request(open.app).get("/api/tickets").set("Origin", HOST);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHENTICATED");
    expect(res.headers["access-control-allow-origin"]).toBe(HOST);
  });
});

describe("embed config", () => {
  test("when a frame asks which hosts to trust, then it gets the allowed origins without a token", async () => {
    const res = await request(open.app).get("/api/embed/config");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ allowedOrigins: [HOST, MARKET] });
    const none = await request(closed.app).get("/api/embed/config");
    expect(none.body).toEqual({ allowedOrigins: [] });
  });

  test("when EMBED_ALLOWED_ORIGINS holds a wildcard, a path or a non-http scheme, then the start is refused", () => {
    for (const bad of [
      "*",
      "https://*.example",
      "https://market.example/shop",
      "ftp://x.example",
      "market.example",
    ]) {
      expect(() => loadConfig({ NODE_ENV: "test", EMBED_ALLOWED_ORIGINS: bad })).toThrow(ConfigError);
    }
    expect(
      loadConfig({ NODE_ENV: "test", EMBED_ALLOWED_ORIGINS: "https://Market.example/" }).embedAllowedOrigins,
    ).toEqual(["https://market.example"]);
  });
});
