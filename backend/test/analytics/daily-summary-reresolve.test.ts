import request from "supertest";
import type { TestContext, Actor } from "../support/test-context";
import { ticketApi } from "../tickets/helpers";
import { DAY, HOUR, leadAndShopContext } from "./helpers";
import type { AnalyticsSummary } from "@parley/contract";

/**
 * A ticket resolved, counted in the daily table by a refresh, then reopened and resolved again after it:
 * the unfiltered summary (the table plus the live part since the refresh) counts it once, at its latest
 * resolution (docs/analytics.md, `resolved`), as the live computation (the same request narrowed to the
 * one shop that owns every ticket here) and the drill-down do.
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

/** The contract's answer: one definition of its shape. */
type Summary = AnalyticsSummary;

const PERIOD = {
  from: new Date(Date.now() - 30 * DAY).toISOString(),
  to: new Date(Date.now() + HOUR).toISOString(),
};

async function summary(query: Record<string, string>): Promise<Summary> {
  const res = await request(ctx.app).get("/api/analytics/summary").query(query).set(lead.auth);
  expect(res.status).toBe(200);
  return res.body as Summary;
}

async function drilledResolved(query: Record<string, string>): Promise<number> {
  const res = await request(ctx.app)
    .get("/api/analytics/tickets")
    .query({ ...query, figure: "resolved" })
    .set(lead.auth);
  expect(res.status).toBe(200);
  return (res.body as { total: number }).total;
}

const refresh = () => ctx.modules.analytics.dailySummary.refresh();

/** Noon UTC `daysAgo` days before today: a time to write into a ticket's rows, as if it had happened then. */
const noon = (daysAgo: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - daysAgo, 12));
};

const close = (got: number | null, want: number | null) =>
  want === null
    ? expect(got).toBeNull()
    : expect(Math.abs(got! - want)).toBeLessThanOrEqual(0.01 * want + 1e-9);

/** Times within 1% (the table's histograms), everything else exactly as the live computation. */
async function expectSameAsLive(extra: Record<string, string> = {}): Promise<Summary> {
  const [table, live] = await Promise.all([
    summary({ ...PERIOD, ...extra }),
    summary({ ...PERIOD, ...extra, shopId: shop.shopId }),
  ]);
  const times = { firstResponseSeconds: 0, resolutionSeconds: 0 };
  expect({ ...table, ...times }).toEqual({ ...live, ...times });
  close(table.firstResponseSeconds.median, live.firstResponseSeconds.median);
  close(table.firstResponseSeconds.p90, live.firstResponseSeconds.p90);
  close(table.resolutionSeconds.median, live.resolutionSeconds.median);
  close(table.resolutionSeconds.p90, live.resolutionSeconds.p90);
  return table;
}

describe("a ticket resolved again after the daily summary's refresh", () => {
  test("when resolved, refreshed, reopened and resolved again the same day, then it counts once", async () => {
    const admin = await ctx.admin({ name: "Agent" });
    const t1 = await api.ticket(shop, { subject: "T1" });
    expect((await api.post(admin, t1.id, { body: "Fixed, I think" })).status).toBe(201);
    expect((await api.patch(admin, t1.id, { status: "resolved" })).status).toBe(200);
    await api.ticket(shop, { subject: "T2" });
    await refresh();
    expect((await summary(PERIOD)).resolved).toBe(1);

    expect((await api.patch(shop, t1.id, { status: "open" })).status).toBe(200);
    expect((await api.patch(admin, t1.id, { status: "resolved" })).status).toBe(200);

    const after = await expectSameAsLive();
    expect(after.resolved).toBe(1);
    expect(after.series.reduce((s, d) => s + d.resolved, 0)).toBe(1);
    expect(await drilledResolved(PERIOD)).toBe(after.resolved);
    await expectSameAsLive({ priority: "medium" });
  });

  test("when the earlier resolution was on an earlier day, then it moves to the day of the latest", async () => {
    // Filed three days ago and resolved two days ago in 2 business hours (written into the rows the
    // report reads, as if it had happened then); the refresh puts that resolution in its day.
    const t = await api.ticket(shop, { subject: "Old", priority: "high" });
    await ctx.database
      .knex("support_tickets")
      .where({ id: t.id })
      .update({ created_at: noon(3), status: "resolved", resolved_at: noon(2), sla_due_at: null });
    await ctx.database
      .knex("sla_clocks")
      .where({ ticket_id: t.id })
      .update({ resolution_ms: 2 * HOUR });
    await refresh();
    const oldDay = noon(2).toISOString().slice(0, 10);
    const resolvedOn = (s: Summary, date: string) => s.series.find((d) => d.date === date)!.resolved;
    const before = await expectSameAsLive();
    expect(resolvedOn(before, oldDay)).toBe(1);

    expect((await api.patch(shop, t.id, { status: "open" })).status).toBe(200);
    const again = await api.patch(lead, t.id, { status: "resolved" });
    expect(again.status).toBe(200);

    const after = await expectSameAsLive();
    expect(after.resolved).toBe(before.resolved);
    expect(resolvedOn(after, oldDay)).toBe(0);
    const today = (again.body as { resolvedAt: string }).resolvedAt.slice(0, 10);
    expect(resolvedOn(after, today)).toBe(resolvedOn(before, today) + 1);
    expect(await drilledResolved(PERIOD)).toBe(after.resolved);
    await expectSameAsLive({ priority: "high" });
    await expectSameAsLive({ priority: "medium" });

    // The next refresh stores the latest resolution: the same answer.
    await refresh();
    expect(await expectSameAsLive()).toEqual(after);
  });

  test("when the period ends before the latest resolution, then the earlier one is not counted in it either", async () => {
    const t = await api.ticket(shop, { subject: "Undone in the past" });
    await ctx.database
      .knex("support_tickets")
      .where({ id: t.id })
      .update({ created_at: noon(6), status: "resolved", resolved_at: noon(5), sla_due_at: null });
    await refresh();
    const past = { from: noon(7).toISOString(), to: noon(3).toISOString() };
    const resolvedIn = async (query: Record<string, string>) => (await summary(query)).resolved;
    const before = await resolvedIn(past);
    expect(before).toBe(await resolvedIn({ ...past, shopId: shop.shopId }));

    expect((await api.patch(shop, t.id, { status: "open" })).status).toBe(200);
    expect((await api.patch(lead, t.id, { status: "resolved" })).status).toBe(200);

    // Resolved today now: the past period (from the table, and live for the one shop) counts it no more.
    expect(await resolvedIn(past)).toBe(before - 1);
    expect(await resolvedIn({ ...past, shopId: shop.shopId })).toBe(before - 1);
    expect((await summary(past)).series.reduce((n, d) => n + d.resolved, 0)).toBe(before - 1);
    await expectSameAsLive();
  });

  test("when its priority changed too, then its new priority's summary counts its resolution once, live", async () => {
    const t = await api.ticket(shop, { subject: "Moved", priority: "low" });
    expect((await api.patch(lead, t.id, { status: "resolved" })).status).toBe(200);
    await refresh();
    const resolvedOf = async (query: Record<string, string>) => {
      const s = await summary(query);
      return { resolved: s.resolved, series: s.series.map((d) => d.resolved), times: s.resolutionSeconds };
    };
    const urgentBefore = await resolvedOf({ ...PERIOD, priority: "urgent" });

    // The table counted it as low; its latest resolution is urgent, counted live. (Its creation stays in
    // the low days until the next refresh, as for any priority change: only resolutions are compared.)
    expect((await api.patch(shop, t.id, { status: "open" })).status).toBe(200);
    expect((await api.patch(lead, t.id, { priority: "urgent" })).status).toBe(200);
    expect((await api.patch(lead, t.id, { status: "resolved" })).status).toBe(200);
    const urgent = await resolvedOf({ ...PERIOD, priority: "urgent" });
    expect(urgent.resolved).toBe(urgentBefore.resolved + 1);
    const live = await resolvedOf({ ...PERIOD, priority: "urgent", shopId: shop.shopId });
    expect({ ...urgent, times: 0 }).toEqual({ ...live, times: 0 });
    close(urgent.times.median, live.times.median);
    close(urgent.times.p90, live.times.p90);
    await expectSameAsLive();
  });
});
