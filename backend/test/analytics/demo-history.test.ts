import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

test("when the demo data is seeded on a fresh start, then the Analytics page has weeks of resolved and breached tickets, once", async () => {
  const accounts = await ctx.modules.identity.seedDemo();
  const admin = accounts.find((a) => a.role === "admin")!;
  const shops = accounts.flatMap((a) =>
    a.role === "shop" ? [{ shopId: a.shopId!, userId: a.id!, name: a.name }] : [],
  );
  expect(shops.length).toBeGreaterThan(0);
  const args = { shops, admin: { id: admin.id!, name: admin.name } };
  const filed = await ctx.modules.analytics.seedDemoHistory(args);
  expect(filed).toBeGreaterThan(100);
  // Seeded once: a restart does not add a second history.
  expect(await ctx.modules.analytics.seedDemoHistory(args)).toBe(0);

  const lead = await ctx.admin({ name: "Lead" });
  const res = await request(ctx.app).get("/api/analytics/summary").set(lead.auth);
  expect(res.status).toBe(200);
  const s = res.body as {
    created: number;
    resolved: number;
    firstResponseSeconds: { median: number | null };
    resolutionSeconds: { median: number | null };
    sla: { attainment: number | null };
    series: Array<{ created: number }>;
  };
  expect(s.created).toBeGreaterThan(50);
  expect(s.resolved).toBeGreaterThan(30);
  expect(s.firstResponseSeconds.median).toBeGreaterThan(0);
  expect(s.resolutionSeconds.median).toBeGreaterThan(0);
  // Some kept every deadline, some did not.
  expect(s.sla.attainment).toBeGreaterThan(0.3);
  expect(s.sla.attainment).toBeLessThan(1);
  expect(s.series.filter((d) => d.created > 0).length).toBeGreaterThan(20);

  // The tickets open like any other: messages and a timeline that explains the deadlines.
  const breached = await request(ctx.app)
    .get("/api/analytics/tickets")
    .query({ figure: "breached", limit: 200 })
    .set(lead.auth);
  // A resolved one: its breach was recorded when it happened (an open one may only be past due so far).
  const id = (breached.body as { items: Array<{ id: string; status: string }> }).items.find(
    (t) => t.status === "resolved" || t.status === "closed",
  )!.id;
  const events = await request(ctx.app).get(`/api/tickets/${id}/events`).set(lead.auth);
  expect((events.body as { items: Array<{ type: string }> }).items.map((e) => e.type)).toEqual(
    expect.arrayContaining(["created", "sla_started", "sla_breached"]),
  );
  const messages = await request(ctx.app).get(`/api/tickets/${id}/messages`).set(lead.auth);
  expect(messages.status).toBe(200);
  expect((messages.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
});
