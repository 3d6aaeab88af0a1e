import request from "supertest";
import type { TestContext, Actor } from "../support/test-context";
import { ticketApi } from "../tickets/helpers";
import { EXACT_PERCENTILES_MAX_VALUES } from "../../src/domains/analytics/service/analytics.service";
import { DAY, leadAndShopContext, ms } from "./helpers";
import type { AnalyticsSummary } from "@parley/contract";
import { percentileOfValues } from "../../src/domains/analytics/domain/percentile";

/**
 * The unfiltered summary answers from the daily table (docs/analytics.md, "Scale"), whose histograms give
 * percentiles within 0.5%. For a small period it reads the durations themselves: after a refresh, the
 * median and p90 of a few tickets are exactly `percentile_cont` over their business times, computed here
 * from the tickets' own timestamps (an always-open calendar, so business time is wall time), and the whole
 * answer equals the live computation (the same request narrowed to the one shop that owns the tickets).
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

async function summary(query: Record<string, string> = {}): Promise<Summary> {
  const res = await request(ctx.app).get("/api/analytics/summary").query(query).set(lead.auth);
  expect(res.status).toBe(200);
  return res.body as Summary;
}

const refresh = () => ctx.modules.analytics.dailySummary.refresh();
const pause = (msToWait: number) => new Promise((r) => setTimeout(r, msToWait));

type Ticket = {
  createdAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  updatedAt: string;
};

async function read(id: string): Promise<Ticket> {
  const res = await api.get(lead, id);
  expect(res.status).toBe(200);
  return res.body as Ticket;
}

/** Business milliseconds per ticket of the default period (the last 30 days), by what happened to it. */
const firstResponses = new Map<string, number>();
const resolutions = new Map<string, number>();

/**
 * Files a ticket, waits, then an admin replies and/or resolves it. The first response is the reply's time
 * since filing; the resolution clock runs from filing until the reply (then the ticket waits on the shop,
 * which pauses it) or, without a reply, until the resolve.
 */
async function fileAndHandle(a: { waitMs: number; reply: boolean; resolve: boolean }): Promise<string> {
  const t = await api.ticket(shop, { subject: `Exact ${firstResponses.size + resolutions.size}` });
  await pause(a.waitMs);
  if (a.reply) expect((await api.post(lead, t.id, { body: "On it." })).status).toBe(201);
  if (a.resolve) expect((await api.patch(lead, t.id, { status: "resolved" })).status).toBe(200);
  const got = await read(t.id);
  const answeredAfter = got.firstResponseAt === null ? null : ms(got.firstResponseAt) - ms(got.createdAt);
  if (answeredAfter !== null) firstResponses.set(t.id, answeredAfter);
  if (a.resolve) resolutions.set(t.id, answeredAfter ?? ms(got.resolvedAt!) - ms(got.createdAt));
  return t.id;
}

/** The exact figures (seconds) over the durations recorded above, and the same request's live answer. */
async function expectExact(query: Record<string, string> = {}) {
  const [table, live] = await Promise.all([summary(query), summary({ ...query, shopId: shop.shopId })]);
  const seconds = (v: number | null) => (v === null ? null : v / 1000);
  const fr = [...firstResponses.values()];
  const res = [...resolutions.values()];
  const want = {
    firstResponseSeconds: {
      median: seconds(percentileOfValues(fr, 0.5)),
      p90: seconds(percentileOfValues(fr, 0.9)),
    },
    resolutionSeconds: {
      median: seconds(percentileOfValues(res, 0.5)),
      p90: seconds(percentileOfValues(res, 0.9)),
    },
  };
  for (const figure of ["firstResponseSeconds", "resolutionSeconds"] as const) {
    for (const p of ["median", "p90"] as const) {
      // Exact up to float rounding; a bucket's middle is up to 0.5% (here some 0.1–1.5 ms) away.
      expect(Math.abs(table[figure][p]! - want[figure][p]!)).toBeLessThan(1e-9);
    }
  }
  expect(table).toEqual(live);
  return table;
}

describe("the unfiltered summary of a small period", () => {
  test("when a few tickets were answered and resolved before a refresh, and one after it, then its median and p90 are exact", async () => {
    await fileAndHandle({ waitMs: 40, reply: true, resolve: true });
    await fileAndHandle({ waitMs: 130, reply: true, resolve: false });
    await fileAndHandle({ waitMs: 260, reply: false, resolve: true });
    await fileAndHandle({ waitMs: 90, reply: true, resolve: true });
    await fileAndHandle({ waitMs: 310, reply: true, resolve: false });
    const first = await refresh();
    expect(first.tickets).toBeGreaterThanOrEqual(5);

    // Every one of them is in the table's days (today up to the refresh).
    const fromTable = await expectExact();
    expect(fromTable).toMatchObject({ created: 5, resolved: 3 });

    // One more since the refresh: the live part's durations join the table's.
    await fileAndHandle({ waitMs: 170, reply: true, resolve: true });
    expect(await expectExact()).toMatchObject({ created: 6, resolved: 4 });
    // A priority filter still answers from the table (every ticket here is medium).
    await expectExact({ priority: "medium" });
  });

  test("when a ticket counted by the refresh is reopened and resolved again after it, then only its latest resolution time counts", async () => {
    const id = await fileAndHandle({ waitMs: 220, reply: false, resolve: true });
    const firstTime = resolutions.get(id)!;
    await refresh();
    await expectExact();

    const reopened = await api.patch(shop, id, { status: "open" });
    expect(reopened.status).toBe(200);
    // Filed with no reply, so the shop had the last word: the resolution clock runs again from the reopen.
    await pause(150);
    expect((await api.patch(lead, id, { status: "resolved" })).status).toBe(200);
    const again = await read(id);
    const reopenedAt = ms((reopened.body as Ticket).updatedAt);
    resolutions.set(id, firstTime + (ms(again.resolvedAt!) - reopenedAt));
    await expectExact();
  });
});

describe("the unfiltered summary of a large period", () => {
  test("when a period holds more durations than the threshold, then they come from the histograms (within 0.5%), and a smaller part of it is exact", async () => {
    // Written straight into the rows, long before the tickets above (a separate period): one more first
    // response than the threshold, ten of them urgent. The refresh finds them by updated_at.
    const knex = ctx.database.knex;
    const filed = Date.now() - 200 * DAY;
    const count = EXACT_PERCENTILES_MAX_VALUES + 1;
    // Test set-up, not a request: tens of thousands of rows with every index may take longer than a request's
    // statement_timeout (5 s) on a busy CI machine, which cancelled it once.
    await knex.transaction(async (trx) => {
      await trx.raw("SET LOCAL statement_timeout = 0");
      await trx.raw(
        `WITH t AS (
         INSERT INTO support_tickets (id, shop_id, subject, status, priority, created_by, created_at, updated_at,
                                      first_response_at, resolved_at, closed_at)
         SELECT gen_random_uuid(), :shop, 'Bulk ' || i, 'closed', CASE WHEN i <= 10 THEN 'urgent' ELSE 'low' END,
                :user, :filed::timestamptz + i * interval '1 second', now(),
                :filed::timestamptz + i * interval '1 second' + (1000 + i * 37) * interval '1 millisecond',
                :filed::timestamptz + i * interval '1 second' + interval '1 hour',
                :filed::timestamptz + i * interval '1 second' + interval '1 hour'
           FROM generate_series(1, :count::int) AS g(i)
         RETURNING id, created_at, first_response_at
       )
       INSERT INTO sla_clocks (ticket_id, calendar, first_response_target_ms, next_response_target_ms,
                               resolution_target_ms, status, first_responded, first_response_ms)
       SELECT t.id, c.calendar, c.first_response_target_ms, c.next_response_target_ms, c.resolution_target_ms,
              'closed', true, (extract(epoch FROM t.first_response_at - t.created_at) * 1000)::bigint
         FROM t, (SELECT * FROM sla_clocks LIMIT 1) c`,
        { shop: shop.shopId, user: shop.userId, filed: new Date(filed), count },
      );
    });
    await refresh();
    const period = {
      from: new Date(filed - DAY).toISOString().slice(0, 10) + "T00:00:00Z",
      to: new Date(filed + 2 * DAY).toISOString().slice(0, 10) + "T00:00:00Z",
    };

    const [table, live] = await Promise.all([summary(period), summary({ ...period, shopId: shop.shopId })]);
    expect(live.created).toBe(count);
    expect(table.created).toBe(count);
    for (const p of ["median", "p90"] as const) {
      const want = live.firstResponseSeconds[p]!;
      expect(table.firstResponseSeconds[p]).not.toBe(want);
      expect(Math.abs(table.firstResponseSeconds[p]! - want)).toBeLessThanOrEqual(0.005 * want);
    }

    // Ten urgent ones: few enough to read one by one.
    const urgent = { ...period, priority: "urgent" };
    const [urgentTable, urgentLive] = await Promise.all([
      summary(urgent),
      summary({ ...urgent, shopId: shop.shopId }),
    ]);
    expect(urgentLive.created).toBe(10);
    expect(urgentTable).toEqual(urgentLive);
  });
});
