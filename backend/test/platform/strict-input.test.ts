/**
 * Strict schemas: a client never believes it set something that was dropped. Unknown body fields and
 * query parameters are 400, invisible-only text is 400, and times outside 1970..9999 are 400 (the
 * embedded database once answered year 0 with a 500).
 */
import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";

let ctx: TestContext;
let shop: Actor;
let admin: Actor;
let ticketId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  shop = await ctx.shopUser();
  admin = await ctx.admin();
  const res = await request(ctx.app)
    .post("/api/tickets")
    .set(shop.auth)
    .send({ subject: "Strict", message: "Target" });
  ticketId = res.body.id;
});
afterAll(() => ctx.close());

const expectValidation = (res: request.Response, path: string) => {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe("VALIDATION_FAILED");
  expect(JSON.stringify(res.body.error.details)).toContain(path);
};

test("when a new ticket carries a field the contract does not know, then 400 names it and no ticket is filed", async () => {
  const before = await request(ctx.app).get("/api/tickets").set(shop.auth);
  const res = await request(ctx.app)
    .post("/api/tickets")
    .set(shop.auth)
    .send({ subject: "With extras", message: "Hi", attachments: [{ name: "x.png" }] });
  expectValidation(res, "attachments");
  const after = await request(ctx.app).get("/api/tickets").set(shop.auth);
  expect(after.body.items.length).toBe(before.body.items.length);
});

test("when a message carries an unknown field, then 400", async () => {
  const res = await request(ctx.app)
    .post(`/api/tickets/${ticketId}/messages`)
    .set(shop.auth)
    .send({ body: "Hello", urgent: true });
  expectValidation(res, "urgent");
});

test("when the queue is asked with an unknown query parameter, then 400 rather than an unfiltered list", async () => {
  const res = await request(ctx.app).get("/api/tickets?category=billing").set(admin.auth);
  expectValidation(res, "category");
});

test.each(["0x10", "1e1", " 5", "5.0", "+5", "Infinity"])(
  "when a page size is written other than in digits (limit=%p), then 400 rather than a number read from it",
  async (limit) => {
    const q = `limit=${encodeURIComponent(limit)}`;
    for (const [url, actor] of [
      [`/api/tickets?${q}`, admin],
      [`/api/tickets/${ticketId}/messages?${q}`, shop],
      [`/api/notifications/deliveries?${q}`, admin],
      [`/api/analytics/tickets?${q}`, admin],
      [`/api/faq/stats?${q}`, admin],
    ] as const) {
      expectValidation(await request(ctx.app).get(url).set(actor.auth), "limit");
    }
    const plain = await request(ctx.app).get("/api/tickets?limit=5").set(admin.auth);
    expect(plain.status).toBe(200);
  },
);

test("when the FAQ list gets an unknown query parameter, then 400", async () => {
  const res = await request(ctx.app).get("/api/faq?sort=new");
  expectValidation(res, "sort");
});

test.each([
  ["zero-width spaces", "\u200B\u200B\u200B"],
  ["a BOM and a word joiner", "\uFEFF\u2060"],
  ["soft hyphens and spaces", " \u00AD \u00AD "],
])("when a subject is only %s, then 400", async (_what, subject) => {
  const res = await request(ctx.app).post("/api/tickets").set(shop.auth).send({ subject, message: "Hi" });
  expectValidation(res, "subject");
});

test("when a message body is only zero-width characters, then 400; with a visible letter it is accepted", async () => {
  const invisible = await request(ctx.app)
    .post(`/api/tickets/${ticketId}/messages`)
    .set(shop.auth)
    .send({ body: "\u200B\u200C\u200D" });
  expectValidation(invisible, "body");
  const visible = await request(ctx.app)
    .post(`/api/tickets/${ticketId}/messages`)
    .set(shop.auth)
    .send({ body: "\u200Bok" });
  expect(visible.status).toBe(201);
});

test.each(["0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "not-a-date", "2000-01-01", "2000-01-01T00:00"])(
  "when updatedSince is %s, then 400",
  async (since) => {
    const res = await request(ctx.app)
      .get(`/api/tickets?updatedSince=${encodeURIComponent(since)}`)
      .set(admin.auth);
    expectValidation(res, "updatedSince");
  },
);

test("when updatedSince is within range, then the catch-up query answers", async () => {
  const res = await request(ctx.app)
    .get(`/api/tickets?updatedSince=${encodeURIComponent("2000-01-01T00:00:00Z")}`)
    .set(shop.auth);
  expect(res.status).toBe(200);
  expect(res.body.items.map((t: { id: string }) => t.id)).toContain(ticketId);
});

test.each(["2000-01-01T00:00Z", "2000-01-01T02:00+02:00"])(
  "when a time filter leaves out its seconds (%s), then it is read to the minute",
  async (since) => {
    const res = await request(ctx.app)
      .get(`/api/tickets?updatedSince=${encodeURIComponent(since)}`)
      .set(shop.auth);
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { id: string }) => t.id)).toContain(ticketId);
  },
);

test("when a time filter is not a time, then the message says what is expected", async () => {
  const res = await request(ctx.app).get("/api/tickets?updatedSince=yesterday").set(shop.auth);
  expectValidation(res, "updatedSince");
  expect(JSON.stringify(res.body.error)).toContain("2026-03-01T09:30:00Z");
});

type OpenApiPaths = Record<string, Record<string, { parameters?: Array<{ in: string }> } | undefined>>;

test("when any documented operation gets an unknown query parameter, then 400 names it, whatever the route (the sweep that keeps every route strict)", async () => {
  const paths = (await request(ctx.app).get("/api/docs/openapi.json")).body.paths as OpenApiPaths;
  const visitor = (await request(ctx.app).post("/api/visitor/sessions").send({ name: "Sweep" })).body
    .visitorToken as string;
  const refused: string[] = [];
  let swept = 0;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of ["get", "post", "put", "patch", "delete"] as const) {
      if (!item[method]) continue;
      const url = `${path.replace(/\{[^}]+\}/g, ticketId)}?bogusParam=1`;
      // The first role the route admits: a shop answered 403 on an admin route tries as an admin, and so on.
      const tokens = path.startsWith("/api/visitor/")
        ? [`Bearer ${visitor}`]
        : [admin.auth.Authorization, shop.auth.Authorization];
      let res: request.Response | undefined;
      for (const token of tokens) {
        res = await request(ctx.app)[method](url).set("Authorization", token).send({});
        if (res.status !== 403) break;
      }
      swept += 1;
      const named = JSON.stringify(res!.body?.error?.details ?? []).includes("bogusParam");
      if (res!.status !== 400 || !named) refused.push(`${method.toUpperCase()} ${path}: ${res!.status}`);
    }
  }
  expect(swept).toBeGreaterThan(40);
  expect(refused).toEqual([]);
});

test.each([
  ["put", "/api/sla-policies", { bogus: 1 }],
  ["post", "/api/webhooks", { bogus: 1 }],
  ["get", "/api/analytics/summary?bogus=1", undefined],
  ["get", "/api/analytics/export.csv?from=yesterday", undefined],
  ["post", "/api/notifications/test", { channel: 7 }],
  ["get", "/api/notifications/deliveries?limit=-1", undefined],
] as const)(
  "when a shop sends invalid input to the admins' %s %s, then 403 (the role is judged before the input)",
  async (method, url, body) => {
    const res = await request(ctx.app)[method](url).set(shop.auth).send(body);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
  },
);

test("when an admin asks for a test alert on a channel this server has not set up, then 400 says so; on all channels it is accepted", async () => {
  const res = await request(ctx.app)
    .post("/api/notifications/test")
    .set(admin.auth)
    .send({ channel: "push" });
  expectValidation(res, "channel");
  expect(res.body.error.message).toContain("not configured");
  const all = await request(ctx.app).post("/api/notifications/test").set(admin.auth).send({});
  expect(all.status).toBe(202);
  // Webhooks are "configured" once one is registered: before that the status page says no, and a test is 400.
  const webhookStatus = async () =>
    (
      (await request(ctx.app).get("/api/notifications/channels").set(admin.auth)).body.items as Array<{
        channel: string;
        configured: boolean;
      }>
    ).find((c) => c.channel === "webhook")!.configured;
  expect(await webhookStatus()).toBe(false);
  const hookless = await request(ctx.app)
    .post("/api/notifications/test")
    .set(admin.auth)
    .send({ channel: "webhook" });
  expectValidation(hookless, "channel");
  expect(hookless.body.error.message).toContain("No webhook is registered");
});
