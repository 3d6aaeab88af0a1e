/**
 * The summary's aggregates against a brute-force computation (issue 14): fast-check generates ticket
 * histories (filed, admin replies, shop replies, resolve, reopen, priority changes) on a Europe/Berlin
 * calendar with random holidays, around both daylight-saving changes of 2026. Each history is written
 * through the real SLA service (the clock the support domain moves, with the history's own times) and the
 * ticket row the support domain keeps; GET /api/analytics/summary must then agree with a computation that
 * walks every history in 15-minute steps and asks Intl, step by step, whether that quarter hour was
 * business time. No code is shared with the calendar or the clock.
 */
import fc from "fast-check";
import request from "supertest";
import type { TicketPriority } from "@parley/contract";
import { type Actor, type TestContext } from "../support/test-context";
import { ticketApi } from "../tickets/helpers";
import { isolatedTestContext, putPolicy } from "./helpers";
import { percentileOfValues } from "../../src/domains/analytics/domain/percentile";

let ctx: TestContext;
let api: ReturnType<typeof ticketApi>;
let lead: Actor;

beforeAll(async () => {
  ctx = await isolatedTestContext();
  api = ticketApi(ctx);
  lead = await ctx.admin({ name: "Lead" });
});
afterAll(() => ctx.close());

const ZONE = "Europe/Berlin";
const Q = 15 * 60_000;
const MIN = 60_000;
const PRIORITIES = ["low", "medium", "high", "urgent"] as const;
/** Mon–Fri 09:00–17:00 with a lunch break on Wednesday, Saturday 10:00–14:00, all of Sunday (23 or 25 h on a change). */
const HOURS = [
  ...(["mon", "tue", "thu", "fri"] as const).map((day) => ({ day, start: "09:00", end: "17:00" })),
  { day: "wed" as const, start: "09:00", end: "12:30" },
  { day: "wed" as const, start: "13:30", end: "17:00" },
  { day: "sat" as const, start: "10:00", end: "14:00" },
  { day: "sun" as const, start: "00:00", end: "24:00" },
];
/** Two windows: the spring change (Sunday 29 March) and the autumn one (Sunday 25 October). Local midnights. */
const WINDOWS = [
  {
    from: Date.parse("2026-03-25T23:00:00Z"),
    days: ["2026-03-26", "2026-03-27", "2026-03-30", "2026-03-31"],
  },
  {
    from: Date.parse("2026-10-21T22:00:00Z"),
    days: ["2026-10-22", "2026-10-23", "2026-10-26", "2026-10-27"],
  },
];
const PERIOD_DAYS = 6;

// ---- the brute force ----

const fmt = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  weekday: "short",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const local = new Map<number, { date: string; day: string; minute: number }>();
function localOf(t: number) {
  let v = local.get(t);
  if (!v) {
    const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    v = {
      date: `${p.year}-${p.month}-${p.day}`,
      day: p.weekday!.toLowerCase().slice(0, 3),
      minute: Number(p.hour) * 60 + Number(p.minute),
    };
    local.set(t, v);
  }
  return v;
}
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
/** Business milliseconds in [a, b), a quarter hour at a time (every instant here is on a quarter hour). */
function bizMs(a: number, b: number, holidays: Set<string>): number {
  let total = 0;
  for (let t = a; t < b; t += Q) {
    const l = localOf(t);
    if (holidays.has(l.date)) continue;
    if (HOURS.some((h) => h.day === l.day && l.minute >= toMinutes(h.start) && l.minute < toMinutes(h.end)))
      total += Q;
  }
  return total;
}

type Targets = Record<TicketPriority, { fr: number; nr: number; res: number }>;
type Step =
  | { kind: "adminReply" }
  | { kind: "shopReply" }
  | { kind: "resolve" }
  | { kind: "reopen" }
  | { kind: "priority"; to: TicketPriority };
type History = { start: number; priority: TicketPriority; steps: Array<{ gap: number; step: Step }> };

type Expected = {
  createdAt: number;
  status: "open" | "resolved";
  priority: TicketPriority;
  resolvedAt: number | null;
  firstResponseMs: number | null;
  resolutionMs: number | null;
  breached: boolean;
};

/** The figures one history should leave behind, computed from the rules in docs/analytics.md. */
function bruteForce(h: History, targets: Targets, holidays: Set<string>): Expected {
  let status: "open" | "resolved" = "open";
  let waiting = false;
  let responded = false;
  let priority = h.priority;
  let fr = 0;
  let nr = 0;
  let res = 0;
  let frTook: number | null = null;
  let resTook: number | null = null;
  let resolvedAt: number | null = null;
  let breached = false;
  let t = h.start;
  const live = () => status === "open" && !waiting;
  const over = () => {
    const T = targets[priority];
    if (!live()) return false;
    return (!responded && fr > T.fr) || (responded && nr > T.nr) || res > T.res;
  };
  for (const { gap, step } of h.steps) {
    const next = t + gap * Q;
    if (live()) {
      const b = bizMs(t, next, holidays);
      if (responded) nr += b;
      else fr += b;
      res += b;
    }
    t = next;
    // A target is breached when, while it runs, its used time exceeds the target in force.
    if (over()) breached = true;
    switch (step.kind) {
      case "adminReply":
        if (!responded) frTook = fr;
        else nr = 0; // the reply ends this next-response cycle
        responded = true;
        waiting = true;
        break;
      case "shopReply":
        waiting = false;
        if (status === "resolved") status = "open";
        break;
      case "resolve":
        status = "resolved";
        resTook = res;
        resolvedAt = t;
        break;
      case "reopen":
        status = "open";
        break;
      case "priority": {
        priority = step.to;
        // Re-targeting judges the time used against the new targets whether the clock runs or not: paused
        // for the shop or resolved, a ticket over its new target is breached at that moment. Only a first
        // response already given is not judged again (docs/analytics.md, sla-clock.ts `retarget`).
        const T = targets[priority];
        if ((!responded && fr > T.fr) || (responded && nr > T.nr) || res > T.res) breached = true;
        break;
      }
    }
  }
  // Still running: the history is months before the test runs, so its running deadline has passed.
  if (live()) breached = true;
  return {
    createdAt: h.start,
    status,
    priority,
    resolvedAt: status === "resolved" ? resolvedAt : null,
    firstResponseMs: frTook,
    resolutionMs: status === "resolved" ? resTook : null,
    breached,
  };
}

/** Only steps that make sense where they happen (a reply only on an open ticket, resolve an open one...). */
function validSteps(h: History): History {
  let status: "open" | "resolved" = "open";
  const steps = h.steps.filter(({ step }) => {
    if (step.kind === "adminReply" || step.kind === "resolve") {
      if (status !== "open") return false;
      if (step.kind === "resolve") status = "resolved";
      return true;
    }
    if (step.kind === "reopen") {
      if (status !== "resolved") return false;
      status = "open";
      return true;
    }
    if (step.kind === "shopReply") status = "open";
    return true;
  });
  return { ...h, steps };
}

// ---- generators ----

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Step>({ kind: "adminReply" }) },
  { weight: 3, arbitrary: fc.constant<Step>({ kind: "shopReply" }) },
  { weight: 2, arbitrary: fc.constant<Step>({ kind: "resolve" }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: "reopen" }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...PRIORITIES).map((to): Step => ({ kind: "priority", to })),
  },
);
const historyArb = (from: number): fc.Arbitrary<History> =>
  fc
    .record({
      // From a day before the period to a day after it, on quarter hours.
      start: fc.integer({ min: -96, max: (PERIOD_DAYS + 1) * 96 }).map((q) => from + q * Q),
      priority: fc.constantFrom(...PRIORITIES),
      // Gaps of a quarter hour to two days.
      steps: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 192 }), step: stepArb }), { maxLength: 7 }),
    })
    .map(validSteps);
const targetsArb: fc.Arbitrary<Targets> = fc.record(
  Object.fromEntries(
    PRIORITIES.map((p) => [
      p,
      fc.record({
        fr: fc.integer({ min: 2, max: 24 }).map((q) => q * Q),
        nr: fc.integer({ min: 2, max: 24 }).map((q) => q * Q),
        res: fc.integer({ min: 4, max: 64 }).map((q) => q * Q),
      }),
    ]),
  ) as Record<TicketPriority, fc.Arbitrary<{ fr: number; nr: number; res: number }>>,
);
const runArb = fc
  .record({ window: fc.constantFrom(...WINDOWS), targets: targetsArb, holidayMask: fc.nat({ max: 15 }) })
  .chain((r) =>
    fc.record({
      window: fc.constant(r.window),
      targets: fc.constant(r.targets),
      holidays: fc.constant(r.window.days.filter((_, i) => (r.holidayMask >> i) & 1)),
      histories: fc.array(historyArb(r.window.from), { minLength: 1, maxLength: 8 }),
    }),
  );

// ---- writing a history through the SLA service and the ticket row ----

async function write(shop: Actor, h: History): Promise<void> {
  const t = await api.ticket(shop, { priority: h.priority, subject: "Generated history" });
  const knex = ctx.database.knex;
  const sla = ctx.modules.analytics.sla;
  // The clock as the support domain would have moved it, at the history's own times.
  await knex("sla_clocks").where({ ticket_id: t.id }).delete();
  let fields = await knex.transaction(async (trx) => {
    return (await sla.ticketCreated(trx, { ticketId: t.id, priority: h.priority, now: new Date(h.start) }))
      .fields;
  });
  let at = h.start;
  let status: "open" | "resolved" = "open";
  let priority = h.priority;
  let firstResponseAt: number | null = null;
  let resolvedAt: number | null = null;
  for (const { gap, step } of h.steps) {
    at += gap * Q;
    const now = new Date(at);
    let change: Parameters<typeof sla.ticketChanged>[1]["change"];
    switch (step.kind) {
      case "adminReply":
        change = { waitingOnShop: true, ...(firstResponseAt === null ? { firstResponded: true } : {}) };
        if (firstResponseAt === null) firstResponseAt = at;
        break;
      case "shopReply":
        change = { waitingOnShop: false, ...(status === "resolved" ? { status: "open" as const } : {}) };
        status = "open";
        break;
      case "resolve":
        change = { status: "resolved" };
        status = "resolved";
        resolvedAt = at;
        break;
      case "reopen":
        change = { status: "open" };
        status = "open";
        break;
      case "priority":
        change = { priority: step.to };
        priority = step.to;
        break;
    }
    const outcome = await knex.transaction((trx) => sla.ticketChanged(trx, { ticketId: t.id, now, change }));
    if (outcome) fields = outcome.fields;
  }
  await knex("support_tickets")
    .where({ id: t.id })
    .update({
      created_at: new Date(h.start),
      status,
      priority,
      first_response_at: firstResponseAt === null ? null : new Date(firstResponseAt),
      resolved_at: status === "resolved" && resolvedAt !== null ? new Date(resolvedAt) : null,
      sla_first_response_due_at: fields.firstResponseDueAt,
      sla_resolution_due_at: fields.resolutionDueAt,
      sla_next_response_due_at: fields.nextResponseDueAt,
      sla_breached: fields.breached,
      sla_due_at: fields.dueAt,
    });
}

const dayAfter = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

test("the summary's counts per day, percentiles in business hours and attainment equal a brute-force computation over generated histories", async () => {
  await fc.assert(
    fc.asyncProperty(runArb, async (run) => {
      const policy = {
        calendar: { timeZone: ZONE, hours: HOURS, holidays: run.holidays },
        targets: PRIORITIES.map((p) => ({
          priority: p,
          firstResponseMinutes: run.targets[p].fr / MIN,
          nextResponseMinutes: run.targets[p].nr / MIN,
          resolutionMinutes: run.targets[p].res / MIN,
        })),
      };
      expect((await putPolicy(ctx.app, lead, policy)).status).toBe(200);
      const shop = await ctx.shopUser();
      for (const h of run.histories) await write(shop, h);

      const from = run.window.from;
      // The local midnight PERIOD_DAYS later (the zone's offset may have changed in between).
      let toDate = localOf(from).date;
      for (let i = 0; i < PERIOD_DAYS; i++) toDate = dayAfter(toDate);
      const to = [1, 2]
        .map((h) => Date.parse(`${toDate}T00:00:00Z`) - h * 3_600_000)
        .find((t) => localOf(t).date === toDate && localOf(t).minute === 0)!;

      const res = await request(ctx.app)
        .get("/api/analytics/summary")
        .query({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), shopId: shop.shopId })
        .set(lead.auth);
      expect(res.status).toBe(200);

      const holidays = new Set(run.holidays);
      const all = run.histories.map((h) => bruteForce(h, run.targets, holidays));
      const inPeriod = (t: number | null) => t !== null && t >= from && t < to;
      const created = all.filter((e) => inPeriod(e.createdAt));
      const resolved = all.filter((e) => inPeriod(e.resolvedAt));
      const backlog = all.filter((e) => e.status === "open" && e.createdAt < to);
      const frValues = created
        .filter((e) => e.firstResponseMs !== null)
        .map((e) => e.firstResponseMs! / 1000);
      const resValues = resolved.map((e) => e.resolutionMs! / 1000);
      const days: string[] = [];
      for (let d = localOf(from).date; d < toDate; d = dayAfter(d)) days.push(d);

      const expected = {
        created: created.length,
        resolved: resolved.length,
        backlog: {
          byStatus: { open: backlog.length, in_progress: 0 },
          byPriority: Object.fromEntries(
            PRIORITIES.map((p) => [p, backlog.filter((e) => e.priority === p).length]),
          ),
        },
        firstResponseSeconds: {
          median: percentileOfValues(frValues, 0.5),
          p90: percentileOfValues(frValues, 0.9),
        },
        resolutionSeconds: {
          median: percentileOfValues(resValues, 0.5),
          p90: percentileOfValues(resValues, 0.9),
        },
        sla: {
          attainment: created.length ? 1 - created.filter((e) => e.breached).length / created.length : null,
        },
        series: days.map((date) => ({
          date,
          created: created.filter((e) => localOf(e.createdAt).date === date).length,
          resolved: resolved.filter((e) => localOf(e.resolvedAt!).date === date).length,
        })),
      };
      // Percentiles and the share are floating point: both sides to a millionth.
      const round = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);
      const rounded = (x: typeof expected) => ({
        ...x,
        firstResponseSeconds: {
          median: round(x.firstResponseSeconds.median),
          p90: round(x.firstResponseSeconds.p90),
        },
        resolutionSeconds: { median: round(x.resolutionSeconds.median), p90: round(x.resolutionSeconds.p90) },
        sla: { attainment: round(x.sla.attainment) },
      });
      expect(rounded(res.body as typeof expected)).toEqual(rounded(expected));
    }),
    { numRuns: 20, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
  );
}, 180_000);
