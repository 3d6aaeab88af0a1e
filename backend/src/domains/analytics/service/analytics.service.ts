import {
  ANALYTICS_BREAKDOWN_MAX,
  type AnalyticsBreakdown,
  type AnalyticsBreakdownQuery,
  type AnalyticsExportQuery,
  type AnalyticsQuery,
  type AnalyticsSummary,
  type AnalyticsTicketList,
  type AnalyticsTicketsQuery,
} from "@parley/contract";
import type { Principal } from "../../../shared/principal";
import { ForbiddenError } from "../../../shared/app-error";
import { csvLine, resolvePeriod } from "../domain/report";
import type { AnalyticsFilter, AnalyticsRepository, Span } from "../repository/analytics.repository";
import type { SlaRepository } from "../repository/sla.repository";
import type { DailySummaryRepository } from "../repository/daily-summary.repository";
import { countOf, mergeHistograms, percentileOf, type Histogram } from "../domain/histogram";
import { summariseLive, valuesOf, withoutRecounted, type Durations } from "../domain/daily-summary";
import { percentileOfValues } from "../domain/percentile";
import type { Knex } from "knex";
import { isVisitorShopId } from "../../../shared/visitor";

/**
 * Up to this many durations (first responses plus resolutions) in its period, the daily table's answer
 * reads each one and gives exact percentiles (`percentile_cont`, as the live path does); above it, it reads
 * them from the histograms, within 0.5% (docs/analytics.md, "Scale"). Reading them costs about what the live
 * part's tickets cost, some 10 µs a row on the busy benchmark machine (a few thousand rows in 12–30 ms,
 * docs/benchmarks.md "Analytics (issue 14)"), so 10,000 stays within the 200 ms the year's summary is held
 * to, while a few days of a busy desk, or a check that files a few tickets, come out exact. The benchmark's
 * periods (30 days of 1,000,000 tickets a year: ~150,000 durations; a year: ~1.9 million) stay on the
 * histograms. Counted, not the created tickets: the resolutions of a period can be of older tickets.
 */
export const EXACT_PERCENTILES_MAX_VALUES = 10_000;

/** The export's hard cap: a year of a busy desk fits; beyond it the file says it was cut. */
export const EXPORT_MAX_ROWS = 100_000;

export const EXPORT_COLUMNS = [
  "number",
  "id",
  "shopId",
  "subject",
  "status",
  "priority",
  "category",
  "assigneeId",
  "createdAt",
  "firstResponseAt",
  "resolvedAt",
  "firstResponseDueAt",
  "resolutionDueAt",
  "slaBreached",
  "firstResponseBusinessSeconds",
  "resolutionBusinessSeconds",
  // Added after the rest, so a sheet that reads columns by position keeps working.
  "source",
  "shopName",
  "assigneeName",
] as const;

/** Who is behind the ids in an export, asked of identity (a lead reads names, not ids). */
export type AnalyticsDirectoryPort = {
  names(): Promise<{ shops: Map<string, string | null>; users: Map<string, string | null> }>;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

export function createAnalyticsService(deps: {
  db: Knex;
  analytics: AnalyticsRepository;
  sla: SlaRepository;
  daily: DailySummaryRepository;
  directory: AnalyticsDirectoryPort;
}) {
  const { analytics, daily } = deps;

  /**
   * The summary from the daily table (docs/analytics.md, "Scale"): the period's whole days up to the last
   * refresh (the day it ran in up to that instant) from the table; the partial day at the start, the
   * partial day at the end of a period that ends before the refresh, and everything since the refresh
   * live (a ticket resolved again since then counts there once: the table's count of its earlier resolution
   * is taken out); deadlines passed since the refresh live; the backlog from the count the database keeps;
   * the percentiles exact up to EXACT_PERCENTILES_MAX_VALUES durations, from the histograms beyond. Null
   * when the table cannot answer: a shop, admin or category filter (not a column of it; those stay on the
   * exact, selective live path), a table not built yet or built in another zone, or a period without a
   * whole day before the last refresh.
   */
  async function fromDailyTable(f: AnalyticsFilter): Promise<AnalyticsSummary | null> {
    if (f.shopId !== undefined || f.assigneeId !== undefined || f.category !== undefined) return null;
    // The backlog (kept counts, migration 20261205000100) is read beside the snapshot, on its own connection.
    const [summary, backlog] = await Promise.all([
      fromTableSnapshot(f),
      analytics.backlog({ to: f.to, priority: f.priority }),
    ]);
    return summary ? { ...summary, backlog } : null;
  }

  async function fromTableSnapshot(f: AnalyticsFilter): Promise<Omit<AnalyticsSummary, "backlog"> | null> {
    return deps.db.transaction(
      async (trx) => {
        const opened = await daily.openReport(trx, { timeZone: f.timeZone, from: f.from, to: f.to });
        if (!opened) return null;
        const w = opened.window;
        const edges: Span[] = [
          { from: f.from, to: w.start },
          { from: w.end, to: f.to },
        ];
        // One after the other: a snapshot is one connection.
        const read = await daily.reportTotals(trx, {
          window: w,
          timeZone: f.timeZone,
          since: opened.completeUntil,
          priority: f.priority,
        });
        const liveTickets = await analytics.liveTickets(f, edges, trx);
        const live = summariseLive(liveTickets);
        // A ticket resolved again since the refresh counts at its latest resolution (live, when the period
        // reaches it); the table still counts its earlier one, which comes out of the table's figures,
        // whatever the period's end: a March period no longer counts a March resolution undone and done
        // again in December. The end's live resolutions too (the partial first day's precede every day of
        // the table).
        const resolvedAtEnd = [
          ...new Set([
            ...liveTickets
              .filter((t) => t.resolvedDay !== null && t.resolvedDay >= w.lastDay)
              .map((t) => t.ticketId),
            ...(await daily.resolvedSince(trx, opened.completeUntil)),
          ]),
        ];
        const recounted = await daily.countedResolutions(trx, {
          ticketIds: resolvedAtEnd,
          window: w,
          priority: f.priority,
        });
        const { totals: table, series } = withoutRecounted(
          read,
          await daily.reportSeries(trx, { ...f, window: w }),
          recounted,
        );
        const slaTotal = table.slaTotal + live.slaTotal;
        const slaBreached = table.slaBreached + read.pastDue + live.slaBreached;
        const fr = mergeHistograms(table.firstResponse, live.firstResponse);
        const res = mergeHistograms(table.resolution, live.resolution);
        // A small period's percentiles are exact: the same durations the histograms hold, read one by one.
        let exact: Durations | null = null;
        if (countOf(fr) + countOf(res) <= EXACT_PERCENTILES_MAX_VALUES) {
          const counted = await daily.countedDurations(trx, {
            window: w,
            refreshedAt: opened.completeUntil,
            exceptResolutionsOf: resolvedAtEnd,
            priority: f.priority,
          });
          exact = {
            firstResponse: [...valuesOf(counted.firstResponse), ...live.durations.firstResponse],
            resolution: [...valuesOf(counted.resolution), ...live.durations.resolution],
          };
        }
        const secondsAt = (h: Histogram, values: number[] | undefined, p: number) =>
          seconds(values ? percentileOfValues(values, p) : percentileOf(h, p));
        return {
          created: table.created + live.created,
          resolved: table.resolved + live.resolved,
          firstResponseSeconds: {
            median: secondsAt(fr, exact?.firstResponse, 0.5),
            p90: secondsAt(fr, exact?.firstResponse, 0.9),
          },
          resolutionSeconds: {
            median: secondsAt(res, exact?.resolution, 0.5),
            p90: secondsAt(res, exact?.resolution, 0.9),
          },
          sla: { attainment: slaTotal === 0 ? null : (slaTotal - slaBreached) / slaTotal },
          series: series.map((d) => {
            const l = live.perDay.get(d.date);
            return {
              date: d.date,
              created: d.created + (l?.created ?? 0),
              resolved: d.resolved + (l?.resolved ?? 0),
            };
          }),
        };
      },
      { isolationLevel: "repeatable read", readOnly: true },
    );
  }

  async function filterOf(principal: Principal, q: AnalyticsQuery): Promise<AnalyticsFilter> {
    if (principal.role !== "admin") throw new ForbiddenError("Only admins see analytics.");
    const { from, to } = resolvePeriod(q, new Date());
    const policy = await deps.sla.getPolicy(deps.db);
    return {
      from,
      to,
      shopId: q.shopId,
      assigneeId: q.assigneeId,
      priority: q.priority,
      category: q.category,
      timeZone: policy.calendar.timeZone,
    };
  }

  return {
    async summary(principal: Principal, q: AnalyticsQuery): Promise<AnalyticsSummary> {
      const f = await filterOf(principal, q);
      const fromTable = await fromDailyTable(f);
      if (fromTable) return fromTable;
      const totals = await analytics.totals(f);
      const series = await analytics.series(f);
      return {
        created: totals.created,
        resolved: totals.resolved,
        backlog: totals.backlog,
        firstResponseSeconds: {
          median: seconds(totals.firstResponseMs.median),
          p90: seconds(totals.firstResponseMs.p90),
        },
        resolutionSeconds: {
          median: seconds(totals.resolutionMs.median),
          p90: seconds(totals.resolutionMs.p90),
        },
        sla: {
          attainment:
            totals.sla.total === 0 ? null : (totals.sla.total - totals.sla.breached) / totals.sla.total,
        },
        series,
      };
    },

    /** The drill-down: the tickets one figure counts, newest first. */
    async tickets(principal: Principal, q: AnalyticsTicketsQuery): Promise<AnalyticsTicketList> {
      const f = await filterOf(principal, q);
      const { items, total } = await analytics.figureTickets(f, q.figure, q.limit);
      return {
        total,
        items: items.map((r) => ({
          ...r,
          // A website visitor's conversation has no shop (the API says shopId null, source "visitor").
          shopId: isVisitorShopId(r.shopId) ? null : r.shopId,
          createdAt: r.createdAt.toISOString(),
          resolvedAt: iso(r.resolvedAt),
        })),
      };
    },

    /** The summary's counts per admin, shop, category or priority. */
    async breakdown(principal: Principal, q: AnalyticsBreakdownQuery): Promise<AnalyticsBreakdown> {
      const f = await filterOf(principal, q);
      const rows = await analytics.breakdown(f, q.by, ANALYTICS_BREAKDOWN_MAX);
      return {
        by: q.by,
        items: rows.map((r) => ({
          key: r.key,
          created: r.created,
          resolved: r.resolved,
          backlog: r.backlog,
          breached: r.breached,
          attainment: r.slaTotal === 0 ? null : (r.slaTotal - r.breached) / r.slaTotal,
        })),
      };
    },

    /** The CSV of one figure's tickets, by default those created in the period (same filters as the summary). */
    async exportCsv(
      principal: Principal,
      q: AnalyticsExportQuery,
    ): Promise<{ csv: string; truncated: boolean }> {
      const f = await filterOf(principal, q);
      const rows = await analytics.exportRows(f, EXPORT_MAX_ROWS + 1, q.figure);
      const truncated = rows.length > EXPORT_MAX_ROWS;
      const lines = [csvLine([...EXPORT_COLUMNS])];
      const names = await deps.directory.names();
      for (const r of rows.slice(0, EXPORT_MAX_ROWS)) {
        // A website visitor's conversation has no shop (the API says shopId null, source "visitor").
        const visitor = isVisitorShopId(r.shopId);
        lines.push(
          csvLine([
            r.number,
            r.id,
            visitor ? null : r.shopId,
            r.subject,
            r.status,
            r.priority,
            r.category,
            r.assigneeId,
            iso(r.createdAt),
            iso(r.firstResponseAt),
            iso(r.resolvedAt),
            iso(r.firstResponseDueAt),
            iso(r.resolutionDueAt),
            r.breached,
            seconds(r.firstResponseMs),
            seconds(r.resolutionMs),
            visitor ? "visitor" : "shop",
            visitor ? null : (names.shops.get(r.shopId) ?? null),
            r.assigneeId ? (names.users.get(r.assigneeId) ?? null) : null,
          ]),
        );
      }
      return { csv: lines.join(""), truncated };
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
