/**
 * GET /metrics: Prometheus text for the METRICS_TOKEN bearer only; absent when no token is configured.
 */
import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";
import { parseExposition, type Sample } from "../support/prometheus";

const TOKEN = "metrics-token-0123456789abcdef";

describe("with METRICS_TOKEN set", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => ctx.close());

  test("when no or a wrong bearer token is given, then /metrics answers 401 in the contract's shape", async () => {
    for (const auth of [undefined, "Bearer wrong-token", `Bearer ${TOKEN}x`, TOKEN]) {
      const req = request(ctx.app).get("/metrics");
      const res = await (auth ? req.set("Authorization", auth) : req);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("UNAUTHENTICATED");
      expect(res.text).not.toContain("parley_http_request_duration_seconds");
    }
  });

  test("when the token is given, then the body parses as Prometheus text with the platform metrics", async () => {
    const res = await request(ctx.app).get("/metrics").set("Authorization", `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    const names = new Set(parseExposition(res.text).map((s) => s.name));
    for (const name of [
      "parley_http_request_duration_seconds_bucket",
      "parley_db_pool_connections",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(names).toContain(name);
    }
  });

  test("when a ticket is read, then the histogram counts it under the route pattern, not the raw path", async () => {
    const shop = await ctx.shopUser();
    const filed = await request(ctx.app)
      .post("/api/tickets")
      .set(shop.auth)
      .send({ subject: "Metrics", message: "Count me" });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    const scrape = async () =>
      parseExposition((await request(ctx.app).get("/metrics").set("Authorization", `Bearer ${TOKEN}`)).text);
    const countOf = (samples: Sample[]) =>
      samples.find(
        (s) =>
          s.name === "parley_http_request_duration_seconds_count" &&
          s.labels.route === "/api/tickets/:id" &&
          s.labels.method === "GET" &&
          s.labels.status === "200",
      )?.value ?? 0;
    const queueReads = (samples: Sample[]) =>
      samples.find(
        (s) =>
          s.name === "parley_http_request_duration_seconds_count" &&
          s.labels.route === "/api/tickets" && // as docs/operations.md's dashboard queries it
          s.labels.method === "GET",
      )?.value ?? 0;
    const before = await scrape();
    for (let i = 0; i < 3; i++) {
      expect((await request(ctx.app).get(`/api/tickets/${id}`).set(shop.auth)).status).toBe(200);
    }
    expect((await request(ctx.app).get("/api/tickets").set(shop.auth)).status).toBe(200);
    const after = await scrape();
    expect(countOf(after) - countOf(before)).toBe(3);
    expect(queueReads(after) - queueReads(before)).toBe(1);
    expect(after.some((s) => s.labels.route?.includes(id))).toBe(false);
    const queries = after.find((s) => s.name === "parley_db_query_duration_seconds_count");
    expect(queries?.value).toBeGreaterThan(0);
  });

  test("when a route answers with an error, or is asked for in other letter cases, then it is counted under its own pattern", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const scrape = async () =>
      parseExposition((await request(ctx.app).get("/metrics").set("Authorization", `Bearer ${TOKEN}`)).text);
    const count = (samples: Sample[], route: string, method: string, status: string) =>
      samples.find(
        (s) =>
          s.name === "parley_http_request_duration_seconds_count" &&
          s.labels.route === route &&
          s.labels.method === method &&
          s.labels.status === status,
      )?.value ?? 0;
    const unknown = "00000000-0000-4000-8000-000000000000";
    const before = await scrape();
    expect((await request(ctx.app).get(`/api/tickets/${unknown}`).set(admin.auth)).status).toBe(404);
    expect((await request(ctx.app).delete(`/api/canned-responses/${unknown}`).set(admin.auth)).status).toBe(
      404,
    );
    expect(
      (await request(ctx.app).put(`/api/tickets/${unknown}/tags`).set(shop.auth).send({ tags: [] })).status,
    ).toBe(403);
    for (const path of ["/api/faq", "/API/faq", "/aPi/FaQ"]) {
      expect((await request(ctx.app).get(path)).status).toBe(200);
    }
    const after = await scrape();

    expect(
      count(after, "/api/tickets/:id", "GET", "404") - count(before, "/api/tickets/:id", "GET", "404"),
    ).toBe(1);
    expect(
      count(after, "/api/canned-responses/:id", "DELETE", "404") -
        count(before, "/api/canned-responses/:id", "DELETE", "404"),
    ).toBe(1);
    expect(
      count(after, "/api/tickets/:id/tags", "PUT", "403") -
        count(before, "/api/tickets/:id/tags", "PUT", "403"),
    ).toBe(1);
    expect(count(after, "/api/faq", "GET", "200") - count(before, "/api/faq", "GET", "200")).toBe(3);
    // Every route label is a declared pattern: it starts as the app's routes do, in their case.
    const routes = new Set(after.map((s) => s.labels.route).filter((r): r is string => r !== undefined));
    for (const route of routes)
      expect(route === "unmatched" || /^\/(?:api\/|metrics$)/.test(route)).toBe(true);
  });
});

test("when METRICS_TOKEN is unset, then /metrics does not exist, even with a bearer token", async () => {
  const ctx = await createTestContext();
  try {
    const res = await request(ctx.app).get("/metrics").set("Authorization", "Bearer anything-at-all-123");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
  } finally {
    await ctx.close();
  }
});
