import request from "supertest";
import type { TestContext, Actor } from "../support/test-context";
import { ticketApi } from "../tickets/helpers";
import { DAY, HOUR, leadAndShopContext } from "./helpers";

/**
 * The backlog count the database keeps (migration 20261205000100, docs/analytics.md "Scale"): after every
 * kind of change (filing, a status or priority change, a bulk change, a reopen, writes straight to the row,
 * concurrent filings) and before and after a compaction, the unfiltered summary's backlog equals a count of
 * the tickets. This file's database has one shop, so the shop-filtered summary (always live) is that count.
 */

let ctx: TestContext;
let api: ReturnType<typeof ticketApi>;
let lead: Actor;
let shop: Actor & { shopId: string };

type Backlog = { byStatus: Record<string, number>; byPriority: Record<string, number> };

beforeAll(async () => {
  ({ ctx, lead, shop } = await leadAndShopContext());
  api = ticketApi(ctx);
});
afterAll(() => ctx.close());

async function backlog(query: Record<string, string>): Promise<Backlog> {
  const res = await request(ctx.app).get("/api/analytics/summary").query(query).set(lead.auth);
  expect(res.status).toBe(200);
  return res.body.backlog as Backlog;
}

/** The same count straight from the tickets, as SQL (independent of the server's code). */
async function counted(to: Date, priority?: string): Promise<Backlog> {
  const q = ctx.database
    .knex("support_tickets")
    .select("status", "priority")
    .count({ n: "*" })
    .whereIn("status", ["open", "in_progress"])
    .where("created_at", "<", to)
    .groupBy("status", "priority");
  if (priority) q.where({ priority });
  const rows = (await q) as Array<{ status: string; priority: string; n: number | string }>;
  const out: Backlog = {
    byStatus: { open: 0, in_progress: 0 },
    byPriority: { low: 0, medium: 0, high: 0, urgent: 0 },
  };
  for (const r of rows) {
    out.byStatus[r.status]! += Number(r.n);
    out.byPriority[r.priority]! += Number(r.n);
  }
  return out;
}

/** The table-backed (kept count) answer equals the tickets, for the year to now, a priority, and a past end. */
async function expectExact() {
  const now = Date.now();
  const year = { from: new Date(now - 365 * DAY).toISOString(), to: new Date(now + HOUR).toISOString() };
  const past = { from: year.from, to: new Date(now - 10 * DAY).toISOString() };
  const [kept, keptUrgent, keptPast, live] = await Promise.all([
    backlog(year),
    backlog({ ...year, priority: "urgent" }),
    backlog(past),
    backlog({ ...year, shopId: shop.shopId }),
  ]);
  expect(kept).toEqual(await counted(new Date(year.to)));
  expect(kept).toEqual(live);
  expect(keptUrgent).toEqual(await counted(new Date(year.to), "urgent"));
  expect(keptPast).toEqual(await counted(new Date(past.to)));
  return kept;
}

const pendingChanges = async () =>
  Number(
    ((await ctx.database.knex("analytics_backlog_changes").count({ n: "*" }).first()) as { n: string }).n,
  );

describe("the backlog count the database keeps", () => {
  test("when tickets are filed, moved, bulk-changed, reopened and written directly, then the summary's backlog is exact before and after each compaction", async () => {
    const knex = ctx.database.knex;
    const ids: string[] = [];
    for (const priority of ["low", "medium", "high", "urgent", "medium", "high"]) {
      ids.push((await api.ticket(shop, { priority })).id);
    }
    // Two filed long ago (directly, as an import would), so a past end of the period excludes the rest.
    await knex("support_tickets")
      .whereIn("id", ids.slice(0, 2))
      .update({ created_at: new Date(Date.now() - 40 * DAY) });
    // The daily table answers the unfiltered summary only once refreshed (this also compacts).
    const first = await ctx.modules.analytics.dailySummary.refresh();
    expect(first.backlogChanges).toBeGreaterThan(0);
    expect(await pendingChanges()).toBe(0);
    expect((await expectExact()).byStatus.open).toBe(6);

    // Changes through the API: a status, a priority, a resolve, and a status + priority at once.
    expect((await api.patch(lead, ids[0]!, { status: "in_progress" })).status).toBe(200);
    expect((await api.patch(lead, ids[1]!, { priority: "urgent" })).status).toBe(200);
    expect((await api.patch(lead, ids[2]!, { status: "resolved" })).status).toBe(200);
    expect((await api.patch(lead, ids[3]!, { status: "in_progress", priority: "low" })).status).toBe(200);
    // Writes that leave the backlog as it was (the same priority again, a reply on a ticket in progress)
    // append nothing.
    const before = await pendingChanges();
    expect((await api.patch(lead, ids[0]!, { priority: "low" })).status).toBe(200);
    expect((await api.post(lead, ids[0]!, { body: "On it." })).status).toBe(201);
    expect(await pendingChanges()).toBe(before);
    expect(before).toBeGreaterThan(0);
    await expectExact();

    // Concurrent filings, a bulk change and a reopen; then a compaction in the middle of more changes.
    await Promise.all([0, 1, 2, 3, 4].map((i) => api.ticket(shop, { priority: i % 2 ? "high" : "low" })));
    const bulk = await request(ctx.app)
      .post("/api/tickets/bulk")
      .set(lead.auth)
      .send({ ids: ids.slice(4), set: { status: "in_progress", priority: "high" } });
    expect(bulk.status).toBe(200);
    expect((await api.patch(lead, ids[2]!, { status: "open" })).status).toBe(200);
    await expectExact();
    const second = await ctx.modules.analytics.dailySummary.refresh();
    expect(second.backlogChanges).toBeGreaterThan(0);
    await expectExact();

    // Straight to the rows (an operator's fix, a migration): counted too; and a ticket deleted.
    const at = new Date();
    await knex("support_tickets")
      .where({ id: ids[5]! })
      .update({ status: "closed", resolved_at: at, closed_at: at });
    await knex("support_tickets").where({ id: ids[0]! }).update({ priority: "urgent" });
    await knex("support_ticket_events").where({ ticket_id: ids[1]! }).delete();
    await knex("sla_clocks").where({ ticket_id: ids[1]! }).delete();
    const deleted = await knex("support_tickets")
      .where({ id: ids[1]! })
      .delete()
      .catch(() => 0); // other tables may still refer to it; the count must be right either way
    const kept = await expectExact();
    const total = kept.byStatus.open! + kept.byStatus.in_progress!;
    expect(total).toBe(deleted ? 9 : 10);
  });
});
