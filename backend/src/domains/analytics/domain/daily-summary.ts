import { addTo, bucketOf, type Histogram } from "./histogram";

/** What the summary needs of one ticket counted live (see the analytics repository's liveTickets). */
export type LiveTicketFacts = {
  createdDay: string | null;
  resolvedDay: string | null;
  clocked: boolean;
  breached: boolean;
  firstResponseMs: number | null;
  resolutionMs: number | null;
};

/** Counts and business-time histograms over a stretch of days (from the table or counted live). */
export type DailyTotals = {
  created: number;
  resolved: number;
  slaTotal: number;
  slaBreached: number;
  firstResponse: Histogram;
  resolution: Histogram;
};

export type LiveSummary = DailyTotals & { perDay: Map<string, { created: number; resolved: number }> };

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
      if (t.firstResponseMs !== null) addTo(out.firstResponse, bucketOf(t.firstResponseMs), 1);
    }
    if (t.resolvedDay !== null) {
      out.resolved++;
      day(t.resolvedDay).resolved++;
      if (t.resolutionMs !== null) addTo(out.resolution, bucketOf(t.resolutionMs), 1);
    }
  }
  return out;
}
