import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { expectError, ticketApi } from "../tickets/helpers";
import { ALWAYS_OPEN, FLAT_TARGETS, putPolicy } from "./helpers";

let ctx: TestContext;
let api: ReturnType<typeof ticketApi>;
let lead: Actor;
/** Every ticket of this file is assigned to this admin and every query names them: on PostgreSQL the
 * database outlives the file (and earlier runs), so other tickets in the same weeks must not count. */
let owner: Actor;
let shopA: Actor;
let shopB: Actor;
const ids: Record<string, string> = {};

const SPAN = { from: "2026-03-02T00:00:00Z", to: "2026-03-09T00:00:00Z" };
let PERIOD: typeof SPAN & { assigneeId: string };

/** Files a ticket through the API (so it has its SLA clock), then moves it into March 2026. */
async function filed(
  key: string,
  shop: Actor,
  row: { created: string; status: string; resolved?: string; breached?: boolean; category?: string },
) {
  const t = await api.ticket(shop, { subject: `Drill ${key}`, category: row.category ?? null });
  await ctx.database
    .knex("support_tickets")
    .where({ id: t.id })
    .update({
      created_at: new Date(row.created),
      status: row.status,
      resolved_at: row.resolved ? new Date(row.resolved) : null,
      sla_breached: row.breached ?? false,
      assignee_id: owner.userId,
      sla_due_at: null,
    });
  ids[key] = t.id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  api = ticketApi(ctx);
  lead = await ctx.admin({ name: "Lead" });
  owner = await ctx.admin({ name: "Owner" });
  shopA = await ctx.shopUser();
  shopB = await ctx.shopUser();
  PERIOD = { ...SPAN, assigneeId: owner.userId };
  expect((await putPolicy(ctx.app, lead, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS })).status).toBe(200);
  await filed("a1", shopA, { created: "2026-03-02T10:00:00Z", status: "open", category: "Payments" });
  await filed("a2", shopA, {
    created: "2026-03-03T10:00:00Z",
    status: "resolved",
    resolved: "2026-03-04T10:00:00Z",
    breached: true,
    category: "Payments",
  });
  await filed("b1", shopB, { created: "2026-03-05T10:00:00Z", status: "in_progress" });
  // Created before the period, resolved in it; another one still in the backlog.
  await filed("old1", shopB, {
    created: "2026-02-20T10:00:00Z",
    status: "resolved",
    resolved: "2026-03-06T10:00:00Z",
  });
  await filed("old2", shopB, { created: "2026-02-21T10:00:00Z", status: "open" });
  // After the period: counted nowhere.
  await filed("late", shopA, { created: "2026-03-10T10:00:00Z", status: "open" });
});
afterAll(() => ctx.close());

const drill = (query: Record<string, string>, as: Actor = lead) =>
  request(ctx.app).get("/api/analytics/tickets").query(query).set(as.auth);
const breakdown = (query: Record<string, string>, as: Actor = lead) =>
  request(ctx.app).get("/api/analytics/breakdown").query(query).set(as.auth);
const idsOf = (body: { items: Array<{ id: string }> }) => body.items.map((t) => t.id).sort();
const keys = (...k: string[]) => k.map((x) => ids[x]!).sort();

describe("GET /api/analytics/tickets (drill-down)", () => {
  test("when each figure is drilled into, then the list holds exactly the tickets the summary counts", async () => {
    const summary = await request(ctx.app).get("/api/analytics/summary").query(PERIOD).set(lead.auth);
    expect(summary.status).toBe(200);

    const created = await drill({ ...PERIOD, figure: "created" });
    expect(created.status).toBe(200);
    expect(idsOf(created.body)).toEqual(keys("a1", "a2", "b1"));
    expect(created.body.total).toBe(summary.body.created);

    const resolved = await drill({ ...PERIOD, figure: "resolved" });
    expect(idsOf(resolved.body)).toEqual(keys("a2", "old1"));
    expect(resolved.body.total).toBe(summary.body.resolved);

    const backlog = await drill({ ...PERIOD, figure: "backlog" });
    expect(idsOf(backlog.body)).toEqual(keys("a1", "b1", "old2"));
    expect(backlog.body.total).toBe(
      summary.body.backlog.byStatus.open + summary.body.backlog.byStatus.in_progress,
    );

    const breached = await drill({ ...PERIOD, figure: "breached" });
    expect(idsOf(breached.body)).toEqual(keys("a2"));
    expect(breached.body.items[0]).toMatchObject({
      breached: true,
      status: "resolved",
      category: "Payments",
    });
    // attainment = (created - breached) / created
    expect(summary.body.sla.attainment).toBeCloseTo((3 - 1) / 3);
  });

  test("when filters and a limit are given, then the list narrows and total still counts them all", async () => {
    const res = await drill({ ...PERIOD, figure: "created", shopId: shopA.shopId!, limit: "1" });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].id).toBe(ids.a2); // newest first
    const cat = await drill({ ...PERIOD, figure: "created", category: "Payments" });
    expect(idsOf(cat.body)).toEqual(keys("a1", "a2"));
  });

  test("when the export names a figure, then the CSV holds that figure's tickets", async () => {
    const res = await request(ctx.app)
      .get("/api/analytics/export.csv")
      .query({ ...PERIOD, figure: "resolved" })
      .set(lead.auth);
    expect(res.status).toBe(200);
    const lines = res.text.trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(",")[1])
        .sort(),
    ).toEqual(keys("a2", "old1"));
    // Names beside the ids, at the end of each line: the assignee's name, the ticket's source.
    const header = lines[0]!.split(",");
    expect(header.slice(-3)).toEqual(["source", "shopName", "assigneeName"]);
    for (const l of lines.slice(1)) expect(l.split(",").slice(-3, -1)).toEqual(["shop", ""]);
    for (const l of lines.slice(1)) expect(l.split(",").at(-1)).toBe("Owner");
  });

  test("when the input is bad, then it is 400 with details, and a shop gets 403", async () => {
    for (const q of [
      { ...PERIOD, figure: "everything" },
      { ...PERIOD, limit: "0" },
      { ...PERIOD, limit: "100000" },
      { from: SPAN.to, to: SPAN.from },
      { from: "2020-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" },
      { ...PERIOD, colour: "red" },
    ]) {
      const res = await drill(q);
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details.length).toBeGreaterThan(0);
    }
    expectError(await drill(PERIOD, shopA), 403, "FORBIDDEN");
  });
});

describe("GET /api/analytics/breakdown", () => {
  test("when grouped by shop, then each shop's counts add up to the summary", async () => {
    const res = await breakdown({ ...PERIOD, by: "shop" });
    expect(res.status).toBe(200);
    const byShop = new Map((res.body.items as Array<{ key: string }>).map((i) => [i.key, i] as const));
    expect(byShop.get(shopA.shopId!)).toEqual({
      key: shopA.shopId,
      created: 2,
      resolved: 1,
      backlog: 1,
      breached: 1,
      attainment: 0.5,
    });
    expect(byShop.get(shopB.shopId!)).toEqual({
      key: shopB.shopId,
      created: 1,
      resolved: 1,
      backlog: 2,
      breached: 0,
      attainment: 1,
    });
  });

  test("when grouped by category, then tickets without one are the null group", async () => {
    const res = await breakdown({ ...PERIOD, by: "category" });
    expect(res.status).toBe(200);
    const byCat = Object.fromEntries(
      (res.body.items as Array<{ key: string | null; created: number }>).map((i) => [
        String(i.key),
        i.created,
      ]),
    );
    expect(byCat).toEqual({ Payments: 2, null: 1 });
  });

  test("when by is missing or unknown, then it is 400", async () => {
    expectError(await breakdown(PERIOD), 400, "VALIDATION_FAILED");
    expectError(await breakdown({ ...PERIOD, by: "weather" }), 400, "VALIDATION_FAILED");
    expectError(await breakdown({ ...PERIOD, by: "shop" }, shopB), 403, "FORBIDDEN");
  });
});
