import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { expectError, ticketApi } from "../tickets/helpers";
import { ALWAYS_OPEN, FLAT_TARGETS, ms, putPolicy } from "./helpers";

let ctx: TestContext;
let api: ReturnType<typeof ticketApi>;
let lead: Actor;

beforeAll(async () => {
  ctx = await createTestContext();
  api = ticketApi(ctx);
  lead = await ctx.admin({ name: "Lead" });
  expect((await putPolicy(ctx.app, lead, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS })).status).toBe(200);
});
afterAll(() => ctx.close());

const summary = (as: Actor, query: Record<string, string>) =>
  request(ctx.app).get("/api/analytics/summary").query(query).set(as.auth);
const exportCsv = (as: Actor, query: Record<string, string>) =>
  request(ctx.app).get("/api/analytics/export.csv").query(query).set(as.auth);

/**
 * A history written straight into the rows the aggregates read (tickets filed through the API first, so
 * each has its SLA clock), as if it had happened in March 2026. Times are in business seconds.
 */
type Fixture = {
  created: string;
  priority?: "low" | "medium" | "high" | "urgent";
  status: "open" | "in_progress" | "resolved" | "closed";
  resolved?: string;
  firstResponseS?: number;
  resolutionS?: number;
  breached?: boolean;
  subject?: string;
};
async function history(shop: Actor, fixtures: Fixture[]): Promise<string[]> {
  const ids: string[] = [];
  for (const f of fixtures) {
    const t = await api.ticket(shop, { priority: f.priority ?? "medium", subject: f.subject ?? "History" });
    const knex = ctx.database.knex;
    await knex("support_tickets")
      .where({ id: t.id })
      .update({
        created_at: new Date(f.created),
        status: f.status,
        resolved_at: f.resolved ? new Date(f.resolved) : null,
        closed_at: f.status === "closed" ? new Date(f.resolved ?? f.created) : null,
        first_response_at:
          f.firstResponseS !== undefined ? new Date(ms(f.created) + f.firstResponseS * 1000) : null,
        sla_breached: f.breached ?? false,
        sla_due_at: null,
      });
    await knex("sla_clocks")
      .where({ ticket_id: t.id })
      .update({
        first_response_ms: f.firstResponseS !== undefined ? f.firstResponseS * 1000 : null,
        resolution_ms: f.resolutionS !== undefined ? f.resolutionS * 1000 : null,
      });
    ids.push(t.id);
  }
  return ids;
}

const MARCH = { from: "2026-03-02T00:00:00Z", to: "2026-03-05T00:00:00Z" };

describe("GET /api/analytics/summary", () => {
  test("when a shop's March history is summarised, then every figure matches the hand computation", async () => {
    const shop = await ctx.shopUser();
    await history(shop, [
      // 2 March: two tickets, both answered and resolved the same week
      {
        created: "2026-03-02T09:00:00Z",
        status: "resolved",
        resolved: "2026-03-02T12:00:00Z",
        firstResponseS: 60,
        resolutionS: 1000,
      },
      {
        created: "2026-03-02T10:00:00Z",
        status: "closed",
        resolved: "2026-03-03T10:00:00Z",
        firstResponseS: 120,
        resolutionS: 2000,
        priority: "urgent",
      },
      // 3 March: two tickets, one breached
      {
        created: "2026-03-03T09:00:00Z",
        status: "resolved",
        resolved: "2026-03-04T09:00:00Z",
        firstResponseS: 180,
        resolutionS: 3000,
        breached: true,
      },
      {
        created: "2026-03-03T11:00:00Z",
        status: "resolved",
        resolved: "2026-03-04T11:00:00Z",
        firstResponseS: 240,
        resolutionS: 4000,
      },
      // 4 March: one answered and still in progress, one untouched
      { created: "2026-03-04T08:00:00Z", status: "in_progress", firstResponseS: 600, priority: "high" },
      { created: "2026-03-04T23:59:59Z", status: "open", priority: "high" },
      // Outside the period: created before it and resolved after it (counts in neither)
      {
        created: "2026-02-20T09:00:00Z",
        status: "resolved",
        resolved: "2026-03-06T09:00:00Z",
        firstResponseS: 5,
        resolutionS: 9,
      },
    ]);
    const res = await summary(lead, { ...MARCH, shopId: shop.shopId! });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      created: 6,
      resolved: 4, // 2 Mar 12:00, 3 Mar 10:00, 4 Mar 09:00 and 11:00 (6 Mar is after the period)
      backlog: {
        byStatus: { open: 1, in_progress: 1 },
        byPriority: { low: 0, medium: 0, high: 2, urgent: 0 },
      },
      // first responses of the six tickets created in the period: 60, 120, 180, 240, 600 (one has none)
      // median 180; p90 at position 0.9 × 4 = 3.6 → 240 + 0.6 × 360 = 456
      firstResponseSeconds: { median: 180, p90: 456 },
      // resolutions in the period: 1000, 2000, 3000, 4000 → median 2500; p90 at 2.7 → 3000 + 0.7 × 1000 = 3700
      resolutionSeconds: { median: 2500, p90: 3700 },
      // six tickets created in the period, one breached
      sla: { attainment: 5 / 6 },
      series: [
        { date: "2026-03-02", created: 2, resolved: 1 },
        { date: "2026-03-03", created: 2, resolved: 1 },
        { date: "2026-03-04", created: 2, resolved: 2 },
      ],
    });
  });

  test("when filtered by priority or category, then only those tickets count", async () => {
    const shop = await ctx.shopUser();
    await history(shop, [
      {
        created: "2026-03-02T09:00:00Z",
        status: "resolved",
        resolved: "2026-03-02T10:00:00Z",
        firstResponseS: 100,
        resolutionS: 300,
        priority: "urgent",
      },
      {
        created: "2026-03-02T09:30:00Z",
        status: "resolved",
        resolved: "2026-03-02T11:00:00Z",
        firstResponseS: 200,
        resolutionS: 500,
        priority: "urgent",
        breached: true,
      },
      { created: "2026-03-03T09:00:00Z", status: "open", priority: "low" },
    ]);
    const urgent = (await summary(lead, { ...MARCH, shopId: shop.shopId!, priority: "urgent" })).body;
    expect(urgent).toMatchObject({
      created: 2,
      resolved: 2,
      backlog: { byStatus: { open: 0, in_progress: 0 } },
      // two values: median 150; p90 = 100 + 0.9 × 100 = 190
      firstResponseSeconds: { median: 150, p90: 190 },
      resolutionSeconds: { median: 400, p90: 480 },
      sla: { attainment: 0.5 },
    });
    const low = (await summary(lead, { ...MARCH, shopId: shop.shopId!, priority: "low" })).body;
    expect(low).toMatchObject({
      created: 1,
      resolved: 0,
      backlog: {
        byStatus: { open: 1, in_progress: 0 },
        byPriority: { low: 1, medium: 0, high: 0, urgent: 0 },
      },
      firstResponseSeconds: { median: null, p90: null },
      resolutionSeconds: { median: null, p90: null },
      sla: { attainment: 1 },
    });
    const none = (await summary(lead, { ...MARCH, shopId: shop.shopId!, category: "billing" })).body;
    expect(none).toMatchObject({ created: 0, resolved: 0, sla: { attainment: null } });
    expect(none.series).toEqual([
      { date: "2026-03-02", created: 0, resolved: 0 },
      { date: "2026-03-03", created: 0, resolved: 0 },
      { date: "2026-03-04", created: 0, resolved: 0 },
    ]);
  });

  test("when a ticket goes through the API (filed, answered, resolved), then its times are the clock's", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const answered = await api.ticket(shop);
    const reply = await api.post(admin, answered.id, { body: "Refund sent." });
    await api.patch(admin, answered.id, { status: "resolved" });
    await api.ticket(shop, { priority: "urgent" });
    const res = await summary(lead, { shopId: shop.shopId! });
    expect(res.status).toBe(200);
    // On an always-open calendar business time is wall time; the clock paused at the reply (waiting on the shop)
    const took = (ms(reply.body.createdAt as string) - ms(answered.createdAt as string)) / 1000;
    expect(res.body).toMatchObject({
      created: 2,
      resolved: 1,
      backlog: {
        byStatus: { open: 1, in_progress: 0 },
        byPriority: { low: 0, medium: 0, high: 0, urgent: 1 },
      },
      firstResponseSeconds: { median: took, p90: took },
      resolutionSeconds: { median: took, p90: took },
      sla: { attainment: 1 },
    });
    // The default period is the last 30 days: 31 calendar days, today last
    expect(res.body.series).toHaveLength(31);
    expect(res.body.series.at(-1)).toEqual({
      date: new Date().toISOString().slice(0, 10),
      created: 2,
      resolved: 1,
    });
  });

  test("when the input is bad or the caller is a shop, then 400 or 403 in the contract's shape", async () => {
    const shop = await ctx.shopUser();
    expectError(await summary(shop, {}), 403, "FORBIDDEN");
    expectError(await exportCsv(shop, {}), 403, "FORBIDDEN");
    expectError(
      await summary(lead, { from: "2026-03-05T00:00:00Z", to: "2026-03-01T00:00:00Z" }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await summary(lead, { from: "2020-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z" }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await summary(lead, { from: "yesterday" }), 400, "VALIDATION_FAILED");
    expectError(await summary(lead, { priority: "whenever" }), 400, "VALIDATION_FAILED");
    expectError(await summary(lead, { team: "a" }), 400, "VALIDATION_FAILED");
    expectError(
      await exportCsv(lead, { from: "2026-03-05T00:00:00Z", to: "2026-03-01T00:00:00Z" }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await request(ctx.app).get("/api/analytics/summary"), 401, "UNAUTHENTICATED");
  });
});

describe("GET /api/analytics/export.csv", () => {
  test("when exported, then the same tickets as the summary, quoted, with formula cells defused", async () => {
    const shop = await ctx.shopUser();
    const [plain, risky] = await history(shop, [
      {
        created: "2026-03-02T09:00:00Z",
        status: "resolved",
        resolved: "2026-03-02T10:00:00Z",
        firstResponseS: 60,
        resolutionS: 90,
        subject: "Plain",
      },
      { created: "2026-03-03T09:00:00Z", status: "open", subject: '=HYPERLINK("http://evil","click"), now' },
      { created: "2026-03-09T09:00:00Z", status: "open", subject: "Outside the period" },
    ]);
    const res = await exportCsv(lead, { ...MARCH, shopId: shop.shopId! });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = res.text.split("\r\n");
    expect(lines[0]).toBe(
      "number,id,shopId,subject,status,priority,category,assigneeId,createdAt,firstResponseAt,resolvedAt," +
        "firstResponseDueAt,resolutionDueAt,slaBreached,firstResponseBusinessSeconds,resolutionBusinessSeconds," +
        "source,shopName,assigneeName",
    );
    expect(lines).toHaveLength(4); // header, two tickets, and the empty string after the last CRLF
    expect(lines[3]).toBe("");
    expect(lines[1]).toContain(
      `,${plain},${shop.shopId},Plain,resolved,medium,,,2026-03-02T09:00:00.000Z,2026-03-02T09:01:00.000Z,2026-03-02T10:00:00.000Z,`,
    );
    expect(lines[1]).toMatch(/,false,60,90,shop,,$/);
    expect(lines[2]).toContain(
      `,${risky},${shop.shopId},"'=HYPERLINK(""http://evil"",""click""), now",open,`,
    );
  });
});
