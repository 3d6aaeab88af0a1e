import { addTo, bucketOf, bucketValue, removeFrom, type Histogram } from "./histogram";

/** What the summary needs of one ticket counted live (see the analytics repository's liveTickets). */
export type LiveTicketFacts = {
  createdDay: string | null;
  resolvedDay: string | null;
  clocked: boolean;
  breached: boolean;
  firstResponseMs: number | null;
  resolutionMs: number | null;
};

/** A live ticket with its id, so the table's count of its earlier resolution can be found (withoutRecounted). */
export type LiveTicket = LiveTicketFacts & { ticketId: string };

/** A resolution the table's days count (a ticket's stored facts): its day and its resolution-time bucket. */
export type CountedResolution = { day: string; bucket: number | null };

/** Counts and business-time histograms over a stretch of days (from the table or counted live). */
export type DailyTotals = {
  created: number;
  resolved: number;
  slaTotal: number;
  slaBreached: number;
  firstResponse: Histogram;
  resolution: Histogram;
};

/** Business milliseconds, one per ticket counted: what a histogram holds, value by value. */
export type Durations = { firstResponse: number[]; resolution: number[] };

export type LiveSummary = DailyTotals & {
  perDay: Map<string, { created: number; resolved: number }>;
  /** The values the histograms hold, exact (the summary's exact percentiles of a small period). */
  durations: Durations;
};

/**
 * A duration the table's days count (a ticket's stored facts): its bucket, and the clock's value when it is
 * still the one the refresh bucketed (null when the clock has moved on since, or the ticket is gone).
 */
export type CountedDuration = { bucket: number; ms: number | null };

/**
 * The table's durations as values: each exact where the clock still holds it, else its bucket's middle
 * (within 0.5%, as the histogram reads it; only a ticket changed since the refresh, until the next one).
 */
export function valuesOf(counted: readonly CountedDuration[]): number[] {
  return counted.map((d) => d.ms ?? bucketValue(d.bucket));
}

/**
 * The live part of a table-backed summary, with the live report's definitions: created (and its clock,
 * breach and first-response time) by creation, resolved (and its resolution time) by resolution.
 */
export function summariseLive(tickets: LiveTicketFacts[]): LiveSummary {
  const out: LiveSummary = {
    created: 0,
    resolved: 0,
    slaTotal: 0,
    slaBreached: 0,
    firstResponse: new Map(),
    resolution: new Map(),
    perDay: new Map(),
    durations: { firstResponse: [], resolution: [] },
  };
  const day = (d: string) => {
    let v = out.perDay.get(d);
    if (!v) out.perDay.set(d, (v = { created: 0, resolved: 0 }));
    return v;
  };
  for (const t of tickets) {
    if (t.createdDay !== null) {
      out.created++;
      day(t.createdDay).created++;
      if (t.clocked) out.slaTotal++;
      if (t.clocked && t.breached) out.slaBreached++;
      if (t.firstResponseMs !== null) {
        addTo(out.firstResponse, bucketOf(t.firstResponseMs), 1);
        out.durations.firstResponse.push(t.firstResponseMs);
      }
    }
    if (t.resolvedDay !== null) {
      out.resolved++;
      day(t.resolvedDay).resolved++;
      if (t.resolutionMs !== null) {
        addTo(out.resolution, bucketOf(t.resolutionMs), 1);
        out.durations.resolution.push(t.resolutionMs);
      }
    }
  }
  return out;
}

/**
 * The table's totals and days without the resolutions it counted for tickets the live part counts again:
 * resolved before the refresh, reopened and resolved again since. `resolved` counts a ticket at its latest
 * resolution (docs/analytics.md), so the earlier one leaves its day, its count and its histogram; adding
 * the live part then counts the ticket once. The table's figures by creation (created, first response,
 * attainment) never meet the live part's: their days are disjoint and a creation never moves.
 */
export function withoutRecounted<D extends { date: string; resolved: number }>(
  table: DailyTotals,
  series: D[],
  recounted: CountedResolution[],
): { totals: DailyTotals; series: D[] } {
  if (recounted.length === 0) return { totals: table, series };
  const resolution: Histogram = new Map(table.resolution);
  const perDay = new Map<string, number>();
  for (const r of recounted) {
    if (r.bucket !== null) removeFrom(resolution, r.bucket, 1);
    perDay.set(r.day, (perDay.get(r.day) ?? 0) + 1);
  }
  return {
    totals: { ...table, resolved: table.resolved - recounted.length, resolution },
    series: series.map((d) => ({ ...d, resolved: d.resolved - (perDay.get(d.date) ?? 0) })),
  };
}
