import request from "supertest";
import type { Actor, TestContext } from "../support/test-context";
import { ticketApi } from "../tickets/helpers";
import { leadAndShopContext } from "./helpers";

/**
 * A ticket's category is free text, so one category comes in several spellings ("Billing", "billing"). Every
 * analytics endpoint treats it as the satisfaction report does: one group per category without regard to
 * letter case, named by its most common spelling (on a tie, the one filed first), and a `category=` filter
 * that matches every spelling. A database of the file's own (leadAndShopContext): the unfiltered summary,
 * from the daily table, must agree with the breakdown's groups.
 */

let ctx: TestContext;
let api: ReturnType<typeof ticketApi>;
let lead: Actor;
let shop: Actor & { shopId: string };
const ids: Record<string, string> = {};

const PERIOD = { from: "2026-03-02T00:00:00Z", to: "2026-03-09T00:00:00Z" };

/** Files a ticket through the API (so it has its SLA clock), then moves it into the first week of March 2026. */
async function filed(
  key: string,
  row: { category: string | null; created: string; status: string; resolved?: string },
) {
  const t = await api.ticket(shop, { subject: `Case ${key}`, category: row.category });
  await ctx.database
    .knex("support_tickets")
    .where({ id: t.id })
    .update({
      created_at: new Date(row.created),
      updated_at: new Date(row.created),
      status: row.status,
      resolved_at: row.resolved ? new Date(row.resolved) : null,
      sla_due_at: null,
    });
  if (row.resolved) {
    await ctx.database.knex("support_ticket_events").insert({
      ticket_id: t.id,
      type: "status",
      from_value: "open",
      to_value: "resolved",
      created_at: new Date(row.resolved),
    });
  }
  ids[key] = t.id;
}

beforeAll(async () => {
  ({ ctx, lead, shop } = await leadAndShopContext());
  api = ticketApi(ctx);
  // Billing: "billing" filed first, "Billing" twice (the most common spelling names the group).
  await filed("billing1", { category: "billing", created: "2026-03-02T09:00:00Z", status: "open" });
  await filed("billing2", {
    category: "Billing",
    created: "2026-03-03T09:00:00Z",
    status: "resolved",
    resolved: "2026-03-04T09:00:00Z",
  });
  await filed("billing3", { category: "Billing", created: "2026-03-05T09:00:00Z", status: "in_progress" });
  // Shipping: one ticket per spelling, so the spelling filed first names it.
  await filed("shipping1", { category: "SHIPPING", created: "2026-03-03T12:00:00Z", status: "open" });
  await filed("shipping2", {
    category: "Shipping",
    created: "2026-03-04T12:00:00Z",
    status: "resolved",
    resolved: "2026-03-06T12:00:00Z",
  });
  await filed("returns", { category: "Returns", created: "2026-03-06T08:00:00Z", status: "open" });
  await filed("none", { category: null, created: "2026-03-07T08:00:00Z", status: "open" });
  // The daily table now holds March: the unfiltered summary comes from it.
  expect((await ctx.modules.analytics.dailySummary.refresh()).days).toBeGreaterThan(0);
});
afterAll(() => ctx.close());

const get = (path: string, query: Record<string, string>) =>
  request(ctx.app).get(`/api/analytics/${path}`).query(query).set(lead.auth);

type Group = { key: string | null; created: number; resolved: number; backlog: number; breached: number };
type Summary = {
  created: number;
  resolved: number;
  backlog: { byStatus: { open: number; in_progress: number } };
  series: Array<{ date: string; created: number; resolved: number }>;
};

async function summary(query: Record<string, string> = {}): Promise<Summary> {
  const res = await get("summary", { ...PERIOD, ...query });
  expect(res.status).toBe(200);
  return res.body as Summary;
}

test("when one category is filed in several letter cases, then the breakdown has one group for it, named by its most common spelling or, on a tie, the one filed first", async () => {
  const res = await get("breakdown", { ...PERIOD, by: "category" });
  expect(res.status).toBe(200);
  const groups = (res.body.items as Group[]).map(({ key, created, resolved, backlog }) => ({
    key,
    created,
    resolved,
    backlog,
  }));
  expect(groups).toEqual([
    { key: "Billing", created: 3, resolved: 1, backlog: 2 },
    { key: "SHIPPING", created: 2, resolved: 1, backlog: 1 },
    { key: "Returns", created: 1, resolved: 0, backlog: 1 },
    { key: null, created: 1, resolved: 0, backlog: 1 },
  ]);

  // The groups add up to the summary, which comes from the daily table (no category filter).
  const all = await summary();
  expect(all.created).toBe(groups.reduce((s, g) => s + g.created, 0));
  expect(all.resolved).toBe(groups.reduce((s, g) => s + g.resolved, 0));
});

test("when the summary, breakdown, drill-down and export are filtered by a category in any letter case, then every spelling of it counts, and each agrees with its breakdown group", async () => {
  const groups = new Map(
    ((await get("breakdown", { ...PERIOD, by: "category" })).body.items as Group[]).map((g) => [g.key, g]),
  );
  const billing = groups.get("Billing")!;

  for (const spelling of ["billing", "Billing", "BILLING"]) {
    const s = await summary({ category: spelling });
    expect({ created: s.created, resolved: s.resolved }).toEqual({
      created: billing.created,
      resolved: billing.resolved,
    });
    expect(s.backlog.byStatus).toEqual({ open: 1, in_progress: 1 });
    // The series counts every spelling on its day.
    expect(s.series.filter((d) => d.created > 0).map((d) => [d.date, d.created])).toEqual([
      ["2026-03-02", 1],
      ["2026-03-03", 1],
      ["2026-03-05", 1],
    ]);
    expect(s.series.find((d) => d.date === "2026-03-04")?.resolved).toBe(1);

    // The breakdown by another dimension, narrowed to the category.
    const byPriority = await get("breakdown", { ...PERIOD, by: "priority", category: spelling });
    expect(byPriority.status).toBe(200);
    expect((byPriority.body.items as Group[]).reduce((n, g) => n + g.created, 0)).toBe(billing.created);
    // Grouped by category and filtered by it: the one group, under the same name.
    const byCategory = await get("breakdown", { ...PERIOD, by: "category", category: spelling });
    expect((byCategory.body.items as Group[]).map((g) => [g.key, g.created])).toEqual([["Billing", 3]]);

    const drill = await get("tickets", { ...PERIOD, figure: "created", category: spelling });
    expect(drill.status).toBe(200);
    expect(drill.body.total).toBe(billing.created);
    expect((drill.body.items as Array<{ id: string }>).map((t) => t.id).sort()).toEqual(
      [ids.billing1, ids.billing2, ids.billing3].sort(),
    );
    const backlog = await get("tickets", { ...PERIOD, figure: "backlog", category: spelling });
    expect(backlog.body.total).toBe(billing.backlog);

    // The export lists the same tickets, each with the category as it was filed.
    const csv = await get("export.csv", { ...PERIOD, category: spelling });
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split("\r\n");
    const column = lines[0]!.split(",").indexOf("category");
    expect(
      lines
        .slice(1)
        .map((l) => l.split(",")[column])
        .sort(),
    ).toEqual(["Billing", "Billing", "billing"]);
  }

  const shipping = await summary({ category: "shipping" });
  expect({ created: shipping.created, resolved: shipping.resolved }).toEqual({ created: 2, resolved: 1 });
  // A category nobody filed matches nothing.
  expect((await summary({ category: "Billin" })).created).toBe(0);
});
