import type { Knex } from "knex";
import type { TicketPriority } from "@parley/contract";
import { bucketSql, denseDifference, type Histogram } from "../domain/histogram";
import type { DailyTotals } from "../domain/daily-summary";

/**
 * The daily summary (analytics_daily): per calendar day in the policy's zone and per priority, the counts
 * and histograms the year summary adds up (docs/analytics.md, "Scale"). Written only by the refresh, read by
 * the summary. Like the live report it reads the support domain's tickets (read only).
 */

type Q = Knex | Knex.Transaction;
type Count = number | string;
const n = (v: Count | null | undefined) => Number(v ?? 0);

/** Same definition as the live report: a breach recorded, or a running deadline already past at `asOf`. */
const breachedAt = (asOf: string) => `(t.sla_breached OR COALESCE(t.sla_due_at < ${asOf}, false))`;

export type DailyState = { timeZone: string; completeUntil: Date | null };

/** Running totals of one priority's histograms (dense, index = bucket). */
export type Cumulative = { fr: number[]; res: number[] };
export type DailyDelta = {
  day: string;
  priority: TicketPriority;
  frBuckets: number[];
  frCounts: number[];
  resBuckets: number[];
  resCounts: number[];
};

const PRIORITIES: TicketPriority[] = ["low", "medium", "high", "urgent"];
const CUMULATIVE_WRITE_CHUNK = 100;

/**
 * What the table answers of a period: the days `firstDay`..`lastDay` (YYYY-MM-DD) = [start, end), where
 * `end` is the end of `lastDay` or, when the period reaches past the last refresh, that refresh's instant.
 */
export type DailyWindow = { firstDay: string; lastDay: string; start: Date; end: Date };

export function createDailySummaryRepository() {
  return {
    /**
     * Folds the appended backlog changes into analytics_backlog and deletes them, in one statement (so a
     * reader sees either both tables before or both after). Changes committed meanwhile stay for the next
     * run. Returns how many change rows were folded.
     */
    async compactBacklog(q: Q): Promise<number> {
      const { rows } = await q.raw<{ rows: Array<{ folded_rows: Count }> }>(
        `WITH moved AS (
           DELETE FROM analytics_backlog_changes RETURNING status, priority, delta
         ), sums AS (
           SELECT status, priority, sum(delta) AS n, count(*) AS folded_rows FROM moved GROUP BY status, priority
         ), folded AS (
           INSERT INTO analytics_backlog (status, priority, n)
             SELECT status, priority, n FROM sums
             ON CONFLICT (status, priority) DO UPDATE SET n = analytics_backlog.n + excluded.n
         )
         SELECT coalesce(sum(folded_rows), 0) AS folded_rows FROM sums`,
      );
      return n(rows[0]?.folded_rows ?? 0);
    },

    async dbNow(q: Q): Promise<Date> {
      const { rows } = await q.raw<{ rows: Array<{ now: Date }> }>(`SELECT now() AS now`);
      return rows[0]!.now;
    },

    async state(q: Q): Promise<DailyState | null> {
      const row = (await q("analytics_daily_state").where({ id: 1 }).first()) as
        { time_zone: string; complete_until: Date | null } | undefined;
      return row ? { timeZone: row.time_zone, completeUntil: row.complete_until } : null;
    },

    /** Starts a rebuild (a new zone, or the first run): no day is usable until `complete` is called. */
    async reset(q: Q, timeZone: string): Promise<void> {
      await q.raw(`DELETE FROM analytics_daily`);
      await q.raw(
        `INSERT INTO analytics_daily_state (id, time_zone, complete_until, refreshed_at) VALUES (1, ?, NULL, now())
         ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone, complete_until = NULL, refreshed_at = now()`,
        [timeZone],
      );
    },

    /**
     * Records that the days are complete up to `until`. An incremental refresh does not complete a table
     * another process has meanwhile reset for a rebuild (nor one in another zone).
     */
    async complete(q: Q, a: { timeZone: string; until: Date; rebuilt: boolean }): Promise<void> {
      await q.raw(
        `UPDATE analytics_daily_state SET complete_until = :until, refreshed_at = now()
          WHERE id = 1 AND time_zone = :z AND (complete_until IS NOT NULL OR :rebuilt::boolean)`,
        { until: a.until, z: a.timeZone, rebuilt: a.rebuilt },
      );
    },

    /** Every day from the first ticket's to `until`'s (a rebuild). */
    async allDays(q: Q, timeZone: string, until: Date): Promise<string[]> {
      const { rows } = await q.raw<{ rows: Array<{ day: string }> }>(
        `SELECT to_char(g, 'YYYY-MM-DD') AS day
           FROM (SELECT min(created_at) AS first FROM support_tickets) m,
                generate_series((m.first AT TIME ZONE :z)::date, (:until::timestamptz AT TIME ZONE :z)::date, interval '1 day') g
          WHERE m.first IS NOT NULL
          ORDER BY 1`,
        { z: timeZone, until },
      );
      return rows.map((r) => r.day);
    },

    /**
     * The days whose rows may have changed since `since`: the creation and resolution days of tickets
     * written since then (updated_at, indexed), of tickets whose running deadline passed since then (the
     * checker records breaches without touching updated_at; sla_due_key is indexed), and every day such a
     * ticket was resolved on before (a reopen clears resolved_at; the timeline keeps the old resolve).
     */
    async touchedDays(q: Q, timeZone: string, since: Date, until: Date): Promise<string[]> {
      const { rows } = await q.raw<{ rows: Array<{ day: string }> }>(
        `WITH touched AS (
           SELECT id, created_at, resolved_at FROM support_tickets WHERE updated_at > :since
           UNION
           SELECT id, created_at, resolved_at FROM support_tickets WHERE sla_due_key >= :since AND sla_due_key < :until
         )
         SELECT DISTINCT to_char(d, 'YYYY-MM-DD') AS day FROM (
           SELECT (created_at AT TIME ZONE :z)::date AS d FROM touched
           UNION ALL SELECT (resolved_at AT TIME ZONE :z)::date FROM touched WHERE resolved_at IS NOT NULL
           UNION ALL SELECT (e.created_at AT TIME ZONE :z)::date
             FROM support_ticket_events e JOIN touched t ON t.id = e.ticket_id
            WHERE e.type = 'status' AND e.to_value = 'resolved'
         ) x
         WHERE d <= (:until::timestamptz AT TIME ZONE :z)::date
         ORDER BY 1`,
        { since, until, z: timeZone },
      );
      return rows.map((r) => r.day);
    },

    /**
     * Replaces the rows of the consecutive days `firstDay`..`lastDay` with what the tickets say now about
     * what happened before `asOf` (so the day of the refresh counts up to that instant, and the summary
     * adds what came after it live), a breach counted when recorded or when its deadline was before `asOf`
     * (stored as the rows' computed_at).
     */
    async recompute(
      trx: Knex.Transaction,
      a: { timeZone: string; firstDay: string; lastDay: string; asOf: Date },
    ): Promise<number> {
      const b = { z: a.timeZone, d1: a.firstDay, d2: a.lastDay, asOf: a.asOf };
      await trx.raw(`DELETE FROM analytics_daily WHERE day BETWEEN :d1::date AND :d2::date`, b);
      const { rowCount } = await trx.raw<{ rowCount: number }>(
        `INSERT INTO analytics_daily (day, priority, created, resolved, sla_total, sla_breached,
           fr_buckets, fr_counts, res_buckets, res_counts, computed_at)
         WITH bounds AS (
           SELECT (:d1::date)::timestamp AT TIME ZONE :z AS lo, (:d2::date + 1)::timestamp AT TIME ZONE :z AS hi
         ), c AS (
           SELECT (t.created_at AT TIME ZONE :z)::date AS day, t.priority, k.ticket_id IS NOT NULL AS clocked,
                  ${breachedAt(":asOf::timestamptz")} AS breached, k.first_response_ms AS v
             FROM bounds, support_tickets t LEFT JOIN sla_clocks k ON k.ticket_id = t.id
            WHERE t.created_at >= bounds.lo AND t.created_at < bounds.hi AND t.created_at < :asOf::timestamptz
         ), r AS (
           SELECT (t.resolved_at AT TIME ZONE :z)::date AS day, t.priority, k.resolution_ms AS v
             FROM bounds, support_tickets t LEFT JOIN sla_clocks k ON k.ticket_id = t.id
            WHERE t.resolved_at >= bounds.lo AND t.resolved_at < bounds.hi AND t.resolved_at < :asOf::timestamptz
         ), cc AS (
           SELECT day, priority, count(*) AS created, count(*) FILTER (WHERE clocked) AS sla_total,
                  count(*) FILTER (WHERE clocked AND breached) AS sla_breached
             FROM c GROUP BY day, priority
         ), rc AS (
           SELECT day, priority, count(*) AS resolved FROM r GROUP BY day, priority
         ), fh AS (
           SELECT day, priority, array_agg(b ORDER BY b) AS bs, array_agg(n ORDER BY b) AS ns
             FROM (SELECT day, priority, ${bucketSql("v")} AS b, count(*)::int AS n
                     FROM c WHERE v IS NOT NULL GROUP BY 1, 2, 3) x
            GROUP BY day, priority
         ), rh AS (
           SELECT day, priority, array_agg(b ORDER BY b) AS bs, array_agg(n ORDER BY b) AS ns
             FROM (SELECT day, priority, ${bucketSql("v")} AS b, count(*)::int AS n
                     FROM r WHERE v IS NOT NULL GROUP BY 1, 2, 3) x
            GROUP BY day, priority
         ), keys AS (
           SELECT day, priority FROM cc UNION SELECT day, priority FROM rc
         )
         SELECT keys.day, keys.priority, COALESCE(cc.created, 0), COALESCE(rc.resolved, 0),
                COALESCE(cc.sla_total, 0), COALESCE(cc.sla_breached, 0),
                COALESCE(fh.bs, '{}')::smallint[], COALESCE(fh.ns, '{}')::int[],
                COALESCE(rh.bs, '{}')::smallint[], COALESCE(rh.ns, '{}')::int[], :asOf::timestamptz
           FROM keys
           LEFT JOIN cc USING (day, priority) LEFT JOIN rc USING (day, priority)
           LEFT JOIN fh USING (day, priority) LEFT JOIN rh USING (day, priority)`,
        b,
      );
      return rowCount;
    },

    /** Each priority's running totals just before `day` (empty before the first row). */
    async cumulativeBefore(q: Q, day: string): Promise<Map<TicketPriority, Cumulative>> {
      const { rows } = await q.raw<{
        rows: Array<{ priority: TicketPriority; fr: number[] | null; res: number[] | null }>;
      }>(
        `SELECT p.priority, l.cum_fr AS fr, l.cum_res AS res
           FROM unnest(:ps::text[]) AS p(priority)
           LEFT JOIN LATERAL (SELECT cum_fr, cum_res FROM analytics_daily
                               WHERE priority = p.priority AND day < :day::date ORDER BY day DESC LIMIT 1) l ON true`,
        { ps: PRIORITIES, day },
      );
      return new Map(rows.map((r) => [r.priority, { fr: r.fr ?? [], res: r.res ?? [] }]));
    },

    /** Every row's own histograms from `day` on, by priority then day (the running totals are rebuilt from them). */
    async deltasFrom(q: Q, day: string): Promise<DailyDelta[]> {
      const { rows } = await q.raw<{
        rows: Array<{
          day: string;
          priority: TicketPriority;
          fr_buckets: number[];
          fr_counts: number[];
          res_buckets: number[];
          res_counts: number[];
        }>;
      }>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, priority, fr_buckets, fr_counts, res_buckets, res_counts
           FROM analytics_daily WHERE day >= :day::date ORDER BY priority, day`,
        { day },
      );
      return rows.map((r) => ({
        day: r.day,
        priority: r.priority,
        frBuckets: r.fr_buckets.map(Number),
        frCounts: r.fr_counts.map(Number),
        resBuckets: r.res_buckets.map(Number),
        resCounts: r.res_counts.map(Number),
      }));
    },

    async writeCumulative(
      trx: Knex.Transaction,
      rows: Array<{ day: string; priority: TicketPriority } & Cumulative>,
    ): Promise<void> {
      for (let i = 0; i < rows.length; i += CUMULATIVE_WRITE_CHUNK) {
        const chunk = rows.slice(i, i + CUMULATIVE_WRITE_CHUNK).map((r) => ({
          day: r.day,
          priority: r.priority,
          fr: `{${r.fr.join(",")}}`,
          res: `{${r.res.join(",")}}`,
        }));
        await trx.raw(
          `UPDATE analytics_daily d SET cum_fr = v.fr::int[], cum_res = v.res::int[]
             FROM jsonb_to_recordset(:rows::jsonb) AS v(day date, priority text, fr text, res text)
            WHERE d.day = v.day AND d.priority = v.priority`,
          { rows: JSON.stringify(chunk) },
        );
      }
    },

    /**
     * Opens a summary's read of the table, inside a read-only repeatable-read transaction (one snapshot of
     * the table and the live tickets): the table's state and what it answers of [from, to): whole days from
     * the first that starts at or after `from`, up to the last refresh (the day it ran in counting up to that
     * instant) or to the last day that ends by `to`, whichever is earlier. Null when the table is not
     * complete, is in another zone, or answers no day of the period. Also keeps the transaction's small
     * queries on one process: on a busy machine, starting parallel workers for a few thousand rows cost ten
     * times the query (docs/analytics.md).
     */
    async openReport(
      trx: Knex.Transaction,
      a: { timeZone: string; from: Date; to: Date },
    ): Promise<{ completeUntil: Date; window: DailyWindow } | null> {
      const { rows } = await trx.raw<{
        rows: Array<{
          complete_until: Date;
          first_day: string;
          last_day: string;
          start: Date;
          end: Date;
          ok: boolean;
        }>;
      }>(
        `WITH cfg AS (
           SELECT set_config('max_parallel_workers_per_gather', '0', true) AS done
         ), d AS (
           SELECT s.complete_until AS r,
                  (:from::timestamptz AT TIME ZONE :z)::date AS df, (:to::timestamptz AT TIME ZONE :z)::date AS dt,
                  (s.complete_until AT TIME ZONE :z)::date AS dr, :to::timestamptz >= s.complete_until AS whole
             FROM analytics_daily_state s
            WHERE s.id = 1 AND s.time_zone = :z AND s.complete_until IS NOT NULL
         ), b AS (
           SELECT r, CASE WHEN df::timestamp AT TIME ZONE :z = :from::timestamptz THEN df ELSE df + 1 END AS d1,
                  CASE WHEN whole THEN dr ELSE dt - 1 END AS d2,
                  CASE WHEN whole THEN r ELSE dt::timestamp AT TIME ZONE :z END AS e
             FROM d
         )
         SELECT r AS complete_until, to_char(d1, 'YYYY-MM-DD') AS first_day, to_char(d2, 'YYYY-MM-DD') AS last_day,
                d1::timestamp AT TIME ZONE :z AS start, e AS "end",
                d1 <= d2 AND d1::timestamp AT TIME ZONE :z < e AND cfg.done IS NOT NULL AS ok
           FROM b, cfg`,
        { z: a.timeZone, from: a.from, to: a.to },
      );
      const r = rows[0];
      if (!r?.ok) return null;
      return {
        completeUntil: r.complete_until,
        window: { firstDay: r.first_day, lastDay: r.last_day, start: r.start, end: r.end },
      };
    },

    /**
     * The window's counts (summed over its days) and histograms (each priority's running totals at the
     * last day minus those before the first: a few rows whatever the number of days), and `pastDue`: the
     * window's tickets whose running deadline passed after their day's row was computed and that the row
     * therefore counts as kept (no breach recorded, or recorded only after the row was computed: the
     * timeline says when), a short range of the sla_due_key index (every deadline that passed before the
     * last refresh had its day recomputed by it). One statement.
     */
    async reportTotals(
      q: Q,
      a: { window: DailyWindow; timeZone: string; since: Date; priority?: TicketPriority },
    ): Promise<DailyTotals & { pastDue: number }> {
      const prio = a.priority ? " AND priority = :p" : "";
      const { rows } = await q.raw<{
        rows: Array<{
          sums: {
            created: Count | null;
            resolved: Count | null;
            sla_total: Count | null;
            sla_breached: Count | null;
          };
          past_due: Count;
          ends: Array<{
            uf: number[] | null;
            ur: number[] | null;
            lf: number[] | null;
            lr: number[] | null;
          }> | null;
        }>;
      }>(
        `SELECT
           (SELECT json_build_object('created', sum(created), 'resolved', sum(resolved),
                                     'sla_total', sum(sla_total), 'sla_breached', sum(sla_breached))
              FROM analytics_daily WHERE day BETWEEN :d1::date AND :d2::date${prio}) AS sums,
           (SELECT json_agg(json_build_object('uf', u.cum_fr, 'ur', u.cum_res, 'lf', l.cum_fr, 'lr', l.cum_res))
              FROM unnest(:ps::text[]) AS p(priority)
              LEFT JOIN LATERAL (SELECT cum_fr, cum_res FROM analytics_daily
                                  WHERE priority = p.priority AND day <= :d2::date ORDER BY day DESC LIMIT 1) u ON true
              LEFT JOIN LATERAL (SELECT cum_fr, cum_res FROM analytics_daily
                                  WHERE priority = p.priority AND day < :d1::date ORDER BY day DESC LIMIT 1) l ON true) AS ends,
           (SELECT count(*)
              FROM support_tickets t
              JOIN sla_clocks k ON k.ticket_id = t.id
              LEFT JOIN analytics_daily d ON d.day = (t.created_at AT TIME ZONE :z)::date AND d.priority = t.priority
             WHERE t.sla_due_key >= :since AND t.sla_due_key < now()
               AND t.created_at >= :start AND t.created_at < :end
               AND t.sla_due_at >= COALESCE(d.computed_at, '-infinity'::timestamptz)
               AND (NOT t.sla_breached OR NOT EXISTS (
                     SELECT 1 FROM support_ticket_events e
                      WHERE e.ticket_id = t.id AND e.type = 'sla_breached'
                        AND e.created_at < COALESCE(d.computed_at, '-infinity'::timestamptz)))
               ${a.priority ? "AND t.priority = :p" : ""}) AS past_due`,
        {
          d1: a.window.firstDay,
          d2: a.window.lastDay,
          p: a.priority ?? null,
          ps: a.priority ? [a.priority] : PRIORITIES,
          z: a.timeZone,
          since: a.since,
          start: a.window.start,
          end: a.window.end,
        },
      );
      const r = rows[0]!;
      const firstResponse: Histogram = new Map();
      const resolution: Histogram = new Map();
      for (const e of r.ends ?? []) {
        denseDifference(e.uf ?? [], e.lf ?? [], firstResponse);
        denseDifference(e.ur ?? [], e.lr ?? [], resolution);
      }
      return {
        created: n(r.sums.created),
        resolved: n(r.sums.resolved),
        slaTotal: n(r.sums.sla_total),
        slaBreached: n(r.sums.sla_breached),
        firstResponse,
        resolution,
        pastDue: n(r.past_due),
      };
    },

    /**
     * Every calendar day of [from, to) in the zone, first to last (zeros included), with what the table
     * holds for the window's days: created and resolved.
     */
    async reportSeries(
      q: Q,
      a: { timeZone: string; from: Date; to: Date; window: DailyWindow; priority?: TicketPriority },
    ): Promise<Array<{ date: string; created: number; resolved: number }>> {
      if (a.to <= a.from) return [];
      const { rows } = await q.raw<{ rows: Array<{ day: string; created: Count; resolved: Count }> }>(
        `SELECT to_char(g, 'YYYY-MM-DD') AS day, COALESCE(x.created, 0) AS created, COALESCE(x.resolved, 0) AS resolved
           FROM generate_series((:from::timestamptz AT TIME ZONE :z)::date, (:last::timestamptz AT TIME ZONE :z)::date,
                                interval '1 day') g
           LEFT JOIN (SELECT day, sum(created) AS created, sum(resolved) AS resolved FROM analytics_daily
                       WHERE day BETWEEN :d1::date AND :d2::date${a.priority ? " AND priority = :p" : ""}
                       GROUP BY day) x ON x.day = g::date
          ORDER BY g`,
        {
          z: a.timeZone,
          from: a.from,
          last: new Date(a.to.getTime() - 1),
          d1: a.window.firstDay,
          d2: a.window.lastDay,
          p: a.priority ?? null,
        },
      );
      return rows.map((r) => ({ date: r.day, created: n(r.created), resolved: n(r.resolved) }));
    },
  };
}

export type DailySummaryRepository = ReturnType<typeof createDailySummaryRepository>;
