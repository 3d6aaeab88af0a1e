import request from "supertest";
import { type TestContext } from "../support/test-context";
import { isolatedTestContext, putPolicy } from "./helpers";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await isolatedTestContext();
});
afterAll(() => ctx.close());

test("when the demo data is seeded on a fresh start, then the Analytics page has weeks of resolved and breached tickets, once", async () => {
  // main.ts hands the demo accounts over: each has its user id, and the shops their shop.
  const accounts = await ctx.modules.identity.seedDemo();
  expect(accounts.filter((a) => a.role === "shop").every((a) => a.id && a.shopId)).toBe(true);
  expect(accounts.find((a) => a.role === "admin")?.id).toBeTruthy();

  // The policy a new database starts with (a shared database may hold another test's).
  const admin = await ctx.admin({ name: "Ada" });
  const policy = await putPolicy(ctx.app, admin, {
    calendar: {
      timeZone: "UTC",
      hours: (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({
        day,
        start: "09:00",
        end: "17:00",
      })),
      holidays: [],
    },
    targets: [
      { priority: "urgent", firstResponseMinutes: 60, resolutionMinutes: 480 },
      { priority: "high", firstResponseMinutes: 240, resolutionMinutes: 960 },
      { priority: "medium", firstResponseMinutes: 480, resolutionMinutes: 2400 },
      { priority: "low", firstResponseMinutes: 960, resolutionMinutes: 4800 },
    ],
  });
  expect(policy.status).toBe(200);

  // A shop of this test's own (the database may be shared with other test files).
  const shop = await ctx.shopUser();
  const args = {
    shops: [{ shopId: shop.shopId!, userId: shop.userId, name: shop.name ?? "Shop" }],
    admin: { id: admin.userId, name: "Ada" },
  };
  const filed = await ctx.modules.analytics.seedDemoHistory(args);
  expect(filed).toBeGreaterThan(100);
  // Seeded once: a restart does not add a second history.
  expect(await ctx.modules.analytics.seedDemoHistory(args)).toBe(0);

  const lead = await ctx.admin({ name: "Lead" });
  const res = await request(ctx.app)
    .get("/api/analytics/summary")
    .query({ shopId: shop.shopId })
    .set(lead.auth);
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
    .query({ figure: "breached", limit: 200, shopId: shop.shopId })
    .set(lead.auth);
  // A resolved one: its breach was recorded when it happened (an open one may only be past due so far).
  const id = (breached.body as { items: Array<{ id: string; status: string }> }).items.find(
    (t) => t.status === "resolved" || t.status === "closed",
  )!.id;
  const events = await request(ctx.app).get(`/api/tickets/${id}/events?include=all`).set(lead.auth);
  expect((events.body as { items: Array<{ type: string }> }).items.map((e) => e.type)).toEqual(
    expect.arrayContaining(["created", "sla_started", "sla_breached"]),
  );
  const messages = await request(ctx.app).get(`/api/tickets/${id}/messages`).set(lead.auth);
  expect(messages.status).toBe(200);
  expect((messages.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
});
