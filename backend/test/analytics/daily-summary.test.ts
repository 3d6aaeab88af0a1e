import request from "supertest";
import type { TestContext, Actor } from "../support/test-context";
import { ticketApi } from "../tickets/helpers";
import { REFRESH_OVERLAP_MS } from "../../src/domains/analytics/service/daily-summary.service";
import { ALWAYS_OPEN, DAY, FLAT_TARGETS, HOUR, leadAndShopContext, putPolicy } from "./helpers";

/**
 * The daily summary (docs/analytics.md, "Scale"): after a refresh, the summary of a year without a shop,
 * admin or category filter comes from analytics_daily plus live edges, and must equal the live computation
 * (counts exact, percentiles within 1%). The live computation is the same request narrowed to the one shop
 * that owns every ticket of this file's own database: a shop filter always takes the exact live path.
 */

let ctx: TestContext;
let api: ReturnType<typeof ticketApi>;
let lead: Actor;
let shop: Actor & { shopId: string };

beforeAll(async () => {
  ({ ctx, lead, shop } = await leadAndShopContext());
  api = ticketApi(ctx);
});
afterAll(() => ctx.close());

type Summary = {
  created: number;
  resolved: number;
  backlog: unknown;
  firstResponseSeconds: { median: number | null; p90: number | null };
  resolutionSeconds: { median: number | null; p90: number | null };
  sla: { attainment: number | null };
  series: Array<{ date: string; created: number; resolved: number }>;
};

async function summary(query: Record<string, string>): Promise<Summary> {
  const res = await request(ctx.app).get("/api/analytics/summary").query(query).set(lead.auth);
  expect(res.status).toBe(200);
  return res.body as Summary;
}

const close = (got: number | null, want: number | null) => {
  if (want === null) return expect(got).toBeNull();
  expect(got).not.toBeNull();
  expect(Math.abs(got! - want)).toBeLessThanOrEqual(0.01 * Math.abs(want) + 1e-9);
};

/** The table-backed answer equals the live one: counts, backlog, attainment and series exactly, times within 1%. */
async function expectSameAsLive(period: Record<string, string>, extra: Record<string, string> = {}) {
  const [table, live] = await Promise.all([
    summary({ ...period, ...extra }),
    summary({ ...period, ...extra, shopId: shop.shopId }),
  ]);
  expect(live.created).toBeGreaterThan(0);
  expect({ ...table, firstResponseSeconds: 0, resolutionSeconds: 0 }).toEqual({
    ...live,
    firstResponseSeconds: 0,
    resolutionSeconds: 0,
  });
  close(table.firstResponseSeconds.median, live.firstResponseSeconds.median);
  close(table.firstResponseSeconds.p90, live.firstResponseSeconds.p90);
  close(table.resolutionSeconds.median, live.resolutionSeconds.median);
  close(table.resolutionSeconds.p90, live.resolutionSeconds.p90);
  return { table, live };
}

/**
 * A year of history: tickets filed through the API (each gets its clock), then moved back in time in the
 * rows the report reads, with the timeline's resolve event where a resolve happened (as the service writes).
 */
async function fileHistory(now: number) {
  const knex = ctx.database.knex;
  const tickets: Array<{ id: string; createdAt: number; status: string; priority: string }> = [];
  const priorities = ["low", "medium", "high", "urgent"] as const;
  for (let i = 0; i < 36; i++) {
    const priority = priorities[i % 4]!;
    const t = await api.ticket(shop, { priority, subject: `History ${i}` });
    // One ticket filed before the period and resolved inside it; the rest spread over the year.
    const createdAt = i === 0 ? now - 400 * DAY : now - (((i * 37) % 360) + 1) * DAY - ((i * 5) % 24) * HOUR;
    const status = i === 0 || i % 3 === 1 ? "resolved" : i % 3 === 0 ? "open" : "closed";
    const resolvedAt =
      status === "open"
        ? null
        : i === 0
          ? now - 100 * DAY
          : Math.min(createdAt + ((i % 7) + 1) * 5 * HOUR, now - HOUR);
    const frMs = i % 5 === 0 ? null : 60_000 * (1 + ((i * 13) % 300));
    await knex("support_tickets")
      .where({ id: t.id })
      .update({
        created_at: new Date(createdAt),
        updated_at: new Date(createdAt),
        status,
        resolved_at: resolvedAt === null ? null : new Date(resolvedAt),
        closed_at: status === "closed" ? new Date(resolvedAt!) : null,
        first_response_at: frMs === null ? null : new Date(createdAt + frMs),
        sla_breached: i % 4 === 1,
        // Open tickets have a running deadline a day ahead.
        sla_due_at: status === "open" ? new Date(now + DAY) : null,
      });
    await knex("sla_clocks")
      .where({ ticket_id: t.id })
      .update({
        first_response_ms: frMs,
        resolution_ms: resolvedAt === null ? null : ((i * 7919) % 20) * 1_800_000 + 1000,
      });
    if (resolvedAt !== null) {
      await knex("support_ticket_events").insert({
        ticket_id: t.id,
        type: "status",
        from_value: "open",
        to_value: "resolved",
        created_at: new Date(resolvedAt),
      });
    }
    if (i % 4 === 1) {
      await knex("support_ticket_events").insert({
        ticket_id: t.id,
        type: "sla_breached",
        from_value: "first_response",
        to_value: new Date(createdAt + HOUR).toISOString(),
        created_at: new Date(createdAt + HOUR),
      });
    }
    tickets.push({ id: t.id, createdAt, status, priority });
  }
  // And today's tickets, as filed (the live part of the period).
  for (let i = 0; i < 3; i++) await api.ticket(shop, { priority: "urgent", subject: `Today ${i}` });
  return tickets;
}

describe("the analytics daily summary", () => {
  test("when refreshed, then a year's summary equals the live computation, and later changes show after the next refresh", async () => {
    const now = Date.now();
    const tickets = await fileHistory(now);
    const year = {
      from: new Date(now - 365 * DAY + 7 * HOUR).toISOString(),
      to: new Date(now + HOUR).toISOString(),
    };

    const first = await ctx.modules.analytics.dailySummary.refresh();
    expect(first.rebuilt).toBe(true);
    expect(first.days).toBeGreaterThan(365);
    const rows = (await ctx.database.knex("analytics_daily").count({ n: "*" }).first()) as {
      n: number | string;
    };
    expect(Number(rows.n)).toBeGreaterThan(20);

    const before = await expectSameAsLive(year);
    expect(before.table.created).toBe(38); // 35 in the year + 3 today; the 400-day-old one is outside
    expect(before.table.resolved).toBe(25); // every closed or resolved one, the 400-day-old one included
    await expectSameAsLive(year, { priority: "urgent" });
    // A period of whole days only, and one inside a single day (all live).
    await expectSameAsLive({
      from: new Date(now - 200 * DAY).toISOString().slice(0, 10) + "T00:00:00Z",
      to: year.to,
    });
    // Today's tickets only: no whole day before the refresh, all live.
    await expectSameAsLive({ from: new Date(now - 2 * HOUR).toISOString(), to: year.to });

    // A reopen (resolved ~100 days ago) and a priority change through the API, after the refresh: the
    // table's days are as of the refresh until the next one.
    // The first one: filed 400 days ago, resolved 100 days ago (a day no other change touches).
    const reopened = tickets[0]!;
    expect((await api.patch(lead, reopened.id, { status: "open" })).status).toBe(200);
    const moved = tickets.find((t) => t.priority === "medium" && t.createdAt < now - 30 * DAY)!;
    expect((await api.patch(lead, moved.id, { priority: "urgent" })).status).toBe(200);
    const stale = await summary(year);
    expect(stale.resolved).toBe(before.table.resolved);

    const second = await ctx.modules.analytics.dailySummary.refresh();
    expect(second.rebuilt).toBe(false);
    expect(second.days).toBeGreaterThanOrEqual(2);
    const after = await expectSameAsLive(year);
    expect(after.table.resolved).toBe(before.table.resolved - 1);
    await expectSameAsLive(year, { priority: "urgent" });
    await expectSameAsLive(year, { priority: "medium" });
  });

  test("when a reply moves no figure of its ticket, then the next refresh recomputes no day", async () => {
    const knex = ctx.database.knex;
    const year = {
      from: new Date(Date.now() - 365 * DAY).toISOString(),
      to: new Date(Date.now() + HOUR).toISOString(),
    };
    await ctx.modules.analytics.dailySummary.refresh();
    const old = (await knex("support_tickets")
      .where({ shop_id: shop.shopId, status: "open" })
      .whereBetween("created_at", [new Date(Date.now() - 300 * DAY), new Date(Date.now() - 30 * DAY)])
      .orderBy("created_at")
      .first("id")) as { id: string };
    expect(old).toBeDefined();
    // The shop writes again: the ticket is touched (updated_at, its next deadline), its figures are not.
    expect((await api.post(shop, old.id, { body: "Any news on this one?" })).status).toBe(201);

    const quiet = await ctx.modules.analytics.dailySummary.refresh();
    expect(quiet.rebuilt).toBe(false);
    expect(quiet.tickets).toBeGreaterThanOrEqual(1);
    expect(quiet.changed).toBe(0);
    expect(quiet.days).toBe(0);
    await expectSameAsLive(year);
  });

  test("when a running deadline of an old ticket passes after the refresh, then attainment counts it at once, before and after the checker records it", async () => {
    const knex = ctx.database.knex;
    const year = {
      from: new Date(Date.now() - 365 * DAY).toISOString(),
      to: new Date(Date.now() + HOUR).toISOString(),
    };
    const { asOf } = await ctx.modules.analytics.dailySummary.refresh();
    const base = await expectSameAsLive(year);
    const open = (await knex("support_tickets")
      .where({ shop_id: shop.shopId, status: "open", sla_breached: false })
      // Inside the period (the first test reopened one filed 400 days ago), whatever order the plan reads in.
      .whereBetween("created_at", [new Date(Date.now() - 300 * DAY), new Date(Date.now() - 2 * DAY)])
      .whereNotNull("sla_due_at")
      // Not written lately: the next refresh must find it by its deadline alone.
      .where("updated_at", "<", new Date(Date.now() - 2 * REFRESH_OVERLAP_MS))
      .orderBy("created_at")
      .first("id")) as { id: string };
    expect(open).toBeDefined();
    // And one whose first response was breached (recorded, on its timeline) long before the refresh.
    const breached = (await knex("support_tickets")
      .where({ shop_id: shop.shopId, status: "open", sla_breached: true })
      // Inside the period (the first test reopened one filed 400 days ago), whatever order the plan reads in.
      .whereBetween("created_at", [new Date(Date.now() - 300 * DAY), new Date(Date.now() - 2 * DAY)])
      .whereNotNull("sla_due_at")
      // Not written lately: the next refresh must find it by its deadline alone.
      .where("updated_at", "<", new Date(Date.now() - 2 * REFRESH_OVERLAP_MS))
      .orderBy("created_at")
      .first("id")) as { id: string };
    expect(breached).toBeDefined();

    // Its deadline passes just after the refresh (written straight to the row: time passing touches nothing).
    await new Promise((r) => setTimeout(r, 20));
    await knex("support_tickets")
      .whereIn("id", [open.id, breached.id])
      .update({ sla_due_at: new Date(asOf.getTime() + 1) });
    const due = await expectSameAsLive(year);
    expect(due.table.sla.attainment!).toBeLessThan(base.table.sla.attainment!);

    // The checker records the breach (row and timeline, not updated_at): still counted once.
    await knex("support_tickets").where({ id: open.id }).update({ sla_breached: true });
    await knex("support_ticket_events").insert({
      ticket_id: open.id,
      type: "sla_breached",
      from_value: "resolution",
      to_value: new Date(asOf.getTime() + 1).toISOString(),
      created_at: new Date(),
    });
    expect((await expectSameAsLive(year)).table.sla).toEqual(due.table.sla);

    // Then its clock stops (a late reply or a resolve: no running deadline, updated_at moves): the breach
    // is still counted, not dropped until the next refresh.
    await knex("support_tickets").where({ id: open.id }).update({ sla_due_at: null, updated_at: new Date() });
    expect((await expectSameAsLive(year)).table.sla).toEqual(due.table.sla);

    // The next refresh recomputes that ticket's day (its deadline passed since the last one).
    const next = await ctx.modules.analytics.dailySummary.refresh();
    expect(next.days).toBeGreaterThanOrEqual(1);
    expect((await expectSameAsLive(year)).table.sla).toEqual(due.table.sla);
  });

  test("when the policy's time zone changes, then the next refresh rebuilds the days in the new zone", async () => {
    const berlin = { ...ALWAYS_OPEN, timeZone: "Europe/Berlin" };
    expect((await putPolicy(ctx.app, lead, { calendar: berlin, targets: FLAT_TARGETS })).status).toBe(200);
    const year = {
      from: new Date(Date.now() - 365 * DAY).toISOString(),
      to: new Date(Date.now() + HOUR).toISOString(),
    };
    // Until then the table (in UTC days) is not used: the answer is the live one.
    await expectSameAsLive(year);
    const outcome = await ctx.modules.analytics.dailySummary.refresh();
    expect(outcome.rebuilt).toBe(true);
    await expectSameAsLive(year);
  });
});
