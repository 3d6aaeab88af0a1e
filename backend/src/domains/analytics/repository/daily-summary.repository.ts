import type { Knex } from "knex";
import type { TicketPriority } from "@parley/contract";
import { bucketSql, denseDifference, type Histogram } from "../domain/histogram";
import type { CountedDuration, CountedResolution, DailyTotals } from "../domain/daily-summary";

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

const FACT_COLUMNS = [
  "ticket_id",
  "created_day",
  "priority",
  "clocked",
  "breached",
  "fr_bucket",
  "resolved_day",
  "res_bucket",
] as const;

/**
 * The one definition of what a ticket adds to the days (analytics_ticket_facts), as of `:asOf` in zone `:z`,
 * for the tickets `where` selects (alias t) that were created before `:asOf`: its creation day and priority,
 * whether it has a clock and is breached, its first-response bucket (counted on its creation day), and its
 * resolution day and bucket if it was resolved before `:asOf`.
 */
const factsOf = (where: string) => `
  SELECT t.id AS ticket_id, (t.created_at AT TIME ZONE :z)::date AS created_day, t.priority,
         k.ticket_id IS NOT NULL AS clocked, ${breachedAt(":asOf::timestamptz")} AS breached,
         ${bucketSql("k.first_response_ms")}::smallint AS fr_bucket,
         CASE WHEN t.resolved_at < :asOf::timestamptz THEN (t.resolved_at AT TIME ZONE :z)::date END AS resolved_day,
         CASE WHEN t.resolved_at < :asOf::timestamptz THEN ${bucketSql("k.resolution_ms")}::smallint END AS res_bucket
    FROM support_tickets t LEFT JOIN sla_clocks k ON k.ticket_id = t.id
   WHERE t.created_at < :asOf::timestamptz AND ${where}`;

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

    /** The database's clock now (not the transaction's start: the refresh reads it after waiting for its lock). */
    async dbNow(q: Q): Promise<Date> {
      const { rows } = await q.raw<{ rows: Array<{ now: Date }> }>(`SELECT clock_timestamp() AS now`);
      return rows[0]!.now;
    },

    async state(q: Q): Promise<DailyState | null> {
      const row = (await q("analytics_daily_state").where({ id: 1 }).first()) as
        { time_zone: string; complete_until: Date | null } | undefined;
      return row ? { timeZone: row.time_zone, completeUntil: row.complete_until } : null;
    },

    /**
     * Starts a rebuild (a new zone, or the first run): no day and no ticket's facts left. Inside the
     * refresh's transaction, so readers keep the previous state until the rebuild commits.
     */
    async reset(trx: Knex.Transaction): Promise<void> {
      await trx.raw(`DELETE FROM analytics_daily`);
      await trx.raw(`TRUNCATE analytics_ticket_facts`);
    },

    /**
     * Records that the days are complete up to `until`, in `timeZone`'s days, and when the refresh ended
     * (the clock, not the transaction's start: refreshed_at − complete_until is how long it took).
     */
    async complete(q: Q, a: { timeZone: string; until: Date }): Promise<void> {
      await q.raw(
        `INSERT INTO analytics_daily_state (id, time_zone, complete_until, refreshed_at) VALUES (1, :z, :until, clock_timestamp())
         ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone, complete_until = EXCLUDED.complete_until,
                                        refreshed_at = EXCLUDED.refreshed_at`,
        { until: a.until, z: a.timeZone },
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

    /** Writes the facts of every ticket created before `asOf` (a rebuild, after `reset`). Returns how many. */
    async rebuildFacts(trx: Knex.Transaction, a: { timeZone: string; asOf: Date }): Promise<number> {
      const { rowCount } = await trx.raw<{ rowCount: number }>(
        `INSERT INTO analytics_ticket_facts (${FACT_COLUMNS.join(", ")}) ${factsOf("true")}`,
        { z: a.timeZone, asOf: a.asOf },
      );
      return rowCount;
    },

    /**
     * Brings the facts of the tickets touched since `since` up to `asOf`, and returns the days whose rows
     * that changes: both days (creation, resolution) of a ticket's old facts and of its new ones, for the
     * tickets whose facts differ. Touched: written since then (updated_at, indexed: replies, status and
     * priority changes, merges), or whose running deadline passed since then (the SLA checker records a
     * breach without touching updated_at; sla_due_key is indexed). A reopen clears resolved_at, and the old
     * facts still say which day lost a resolution. One statement: the old facts are read from the snapshot
     * the upsert started from.
     */
    async refreshFacts(
      trx: Knex.Transaction,
      a: { timeZone: string; since: Date; asOf: Date },
    ): Promise<{ touched: number; changed: number; days: string[] }> {
      const cols = FACT_COLUMNS.filter((c) => c !== "ticket_id");
      const { rows } = await trx.raw<{
        rows: Array<{ touched: Count; changed: Count; days: string[] | null }>;
      }>(
        `WITH touched AS (
           SELECT id FROM support_tickets WHERE updated_at > :since
           UNION
           SELECT id FROM support_tickets WHERE sla_due_key >= :since AND sla_due_key < :asOf
         ), fresh AS (
           ${factsOf("t.id IN (SELECT id FROM touched)")}
         ), changed AS (
           SELECT n.ticket_id, n.created_day AS n_created, n.resolved_day AS n_resolved,
                  o.created_day AS o_created, o.resolved_day AS o_resolved
             FROM fresh n LEFT JOIN analytics_ticket_facts o ON o.ticket_id = n.ticket_id
            WHERE (${cols.map((c) => `n.${c}`).join(", ")}) IS DISTINCT FROM (${cols.map((c) => `o.${c}`).join(", ")})
         ), written AS (
           INSERT INTO analytics_ticket_facts (${FACT_COLUMNS.join(", ")})
             SELECT fresh.* FROM fresh JOIN changed USING (ticket_id)
           ON CONFLICT (ticket_id) DO UPDATE SET ${cols.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}
         )
         SELECT (SELECT count(*) FROM touched) AS touched, (SELECT count(*) FROM changed) AS changed,
                (SELECT array_agg(DISTINCT to_char(d, 'YYYY-MM-DD'))
                   FROM changed, unnest(ARRAY[n_created, n_resolved, o_created, o_resolved]) AS d
                  WHERE d IS NOT NULL) AS days`,
        { z: a.timeZone, since: a.since, asOf: a.asOf },
      );
      const r = rows[0]!;
      return { touched: n(r.touched), changed: n(r.changed), days: [...(r.days ?? [])].sort() };
    },

    /**
     * Replaces the rows of `days` (YYYY-MM-DD) with the sums of the tickets' facts (computed as of `asOf`,
     * stored as the rows' computed_at): the day's tickets created, with a clock and breached, and their
     * first-response histogram, by creation day; the resolutions and their histogram, by resolution day.
     */
    async recompute(trx: Knex.Transaction, a: { days: string[]; asOf: Date }): Promise<number> {
      const b = { days: a.days, asOf: a.asOf };
      await trx.raw(`DELETE FROM analytics_daily WHERE day = ANY(:days::date[])`, b);
      const { rowCount } = await trx.raw<{ rowCount: number }>(
        `INSERT INTO analytics_daily (day, priority, created, resolved, sla_total, sla_breached,
           fr_buckets, fr_counts, res_buckets, res_counts, computed_at)
         WITH c AS (
           SELECT created_day AS day, priority, clocked, breached, fr_bucket AS b
             FROM analytics_ticket_facts WHERE created_day = ANY(:days::date[])
         ), r AS (
           SELECT resolved_day AS day, priority, res_bucket AS b
             FROM analytics_ticket_facts WHERE resolved_day = ANY(:days::date[])
         ), cc AS (
           SELECT day, priority, count(*) AS created, count(*) FILTER (WHERE clocked) AS sla_total,
                  count(*) FILTER (WHERE clocked AND breached) AS sla_breached
             FROM c GROUP BY day, priority
         ), rc AS (
           SELECT day, priority, count(*) AS resolved FROM r GROUP BY day, priority
         ), fh AS (
           SELECT day, priority, array_agg(b ORDER BY b) AS bs, array_agg(n ORDER BY b) AS ns
             FROM (SELECT day, priority, b, count(*)::int AS n FROM c WHERE b IS NOT NULL GROUP BY 1, 2, 3) x
            GROUP BY day, priority
         ), rh AS (
           SELECT day, priority, array_agg(b ORDER BY b) AS bs, array_agg(n ORDER BY b) AS ns
             FROM (SELECT day, priority, b, count(*)::int AS n FROM r WHERE b IS NOT NULL GROUP BY 1, 2, 3) x
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
     * window's tickets breached after their day's row was computed, which the row therefore counts as
     * kept: a running deadline passed since (a short range of the sla_due_key index: every deadline that
     * passed before the last refresh had its day recomputed by it), or a breach recorded since, whose clock
     * may have stopped (found by updated_at). One statement.
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
             WHERE ((t.sla_due_key >= :since AND t.sla_due_key < now())
                    OR (t.updated_at > :since AND t.sla_breached))
               AND t.created_at >= :start AND t.created_at < :end
               AND CASE WHEN NOT t.sla_breached
                 -- Running and past now, not yet when the row was computed.
                 THEN t.sla_due_at < now() AND t.sla_due_at >= COALESCE(d.computed_at, '-infinity'::timestamptz)
                 -- Recorded: the row missed it if every breach was both due and recorded after the row. Its
                 -- clock may have stopped since (a late reply, a resolve: no running deadline), so the
                 -- timeline, not sla_due_at, says when; found by updated_at, which that write moved.
                 ELSE EXISTS (SELECT 1 FROM support_ticket_events e
                               WHERE e.ticket_id = t.id AND e.type = 'sla_breached'
                                 AND e.created_at >= COALESCE(d.computed_at, '-infinity'::timestamptz))
                      AND NOT EXISTS (
                        SELECT 1 FROM support_ticket_events e
                         WHERE e.ticket_id = t.id AND e.type = 'sla_breached'
                           AND (e.created_at < COALESCE(d.computed_at, '-infinity'::timestamptz)
                                OR CASE WHEN e.to_value ~ '^\\d{4}-\\d{2}-\\d{2}T' THEN e.to_value::timestamptz END
                                   < COALESCE(d.computed_at, '-infinity'::timestamptz)))
                 END
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
     * Tickets resolved since `since` (the last refresh): the table may still count an earlier resolution of
     * each, which a period of any end must not (docs/analytics.md: the earlier one leaves its day at once).
     * Few: an index range of the minutes since the refresh.
     */
    async resolvedSince(q: Q, since: Date): Promise<string[]> {
      const { rows } = await q.raw<{ rows: Array<{ id: string }> }>(
        `SELECT id FROM support_tickets WHERE resolved_at >= :since::timestamptz`,
        { since },
      );
      return rows.map((r) => r.id);
    },

    /**
     * The resolutions the window's days count (their stored facts, in the read's snapshot) for `ticketIds`:
     * the live tickets resolved again since the refresh still have their earlier resolution counted there.
     * A lookup by primary key of the few tickets the live part counts as resolved.
     */
    async countedResolutions(
      q: Q,
      a: { ticketIds: string[]; window: DailyWindow; priority?: TicketPriority },
    ): Promise<CountedResolution[]> {
      if (a.ticketIds.length === 0) return [];
      const { rows } = await q.raw<{ rows: Array<{ day: string; bucket: number | null }> }>(
        `SELECT to_char(resolved_day, 'YYYY-MM-DD') AS day, res_bucket AS bucket
           FROM analytics_ticket_facts
          WHERE ticket_id = ANY(:ids::uuid[]) AND resolved_day BETWEEN :d1::date AND :d2::date
                ${a.priority ? "AND priority = :p" : ""}`,
        { ids: a.ticketIds, d1: a.window.firstDay, d2: a.window.lastDay, p: a.priority ?? null },
      );
      return rows.map((r) => ({ day: r.day, bucket: r.bucket === null ? null : Number(r.bucket) }));
    },

    /**
     * The durations the window's histograms hold, one row per ticket (the exact percentiles of a small
     * period; docs/analytics.md, "Scale"): the first responses of the tickets its days count as created, and
     * the resolutions they count, but those of `exceptResolutionsOf` (the live part counts them again, and
     * countedResolutions takes them out of the histogram). Each with its stored bucket, and the clock's value
     * while it is still the one the refresh bucketed: a first response never changes once made; a resolution
     * is the clock's latest, so it is the counted one only if the ticket has not been resolved since
     * `refreshedAt` (and, for either, the value still falls in the bucket: a clock rewritten by hand is not
     * taken at its word). Two ranges of the facts' day indexes, each row's clock and ticket by primary key.
     */
    async countedDurations(
      q: Q,
      a: { window: DailyWindow; refreshedAt: Date; exceptResolutionsOf: string[]; priority?: TicketPriority },
    ): Promise<{ firstResponse: CountedDuration[]; resolution: CountedDuration[] }> {
      const prio = a.priority ? "AND f.priority = :p" : "";
      const { rows } = await q.raw<{
        rows: Array<{ kind: "fr" | "res"; bucket: number; ms: Count | null }>;
      }>(
        `SELECT 'fr' AS kind, f.fr_bucket AS bucket,
                CASE WHEN ${bucketSql("k.first_response_ms")} = f.fr_bucket THEN k.first_response_ms END AS ms
           FROM analytics_ticket_facts f LEFT JOIN sla_clocks k ON k.ticket_id = f.ticket_id
          WHERE f.created_day BETWEEN :d1::date AND :d2::date AND f.fr_bucket IS NOT NULL ${prio}
         UNION ALL
         SELECT 'res', f.res_bucket,
                CASE WHEN t.resolved_at < :refreshedAt::timestamptz AND ${bucketSql("k.resolution_ms")} = f.res_bucket
                     THEN k.resolution_ms END
           FROM analytics_ticket_facts f
           LEFT JOIN support_tickets t ON t.id = f.ticket_id
           LEFT JOIN sla_clocks k ON k.ticket_id = f.ticket_id
          WHERE f.resolved_day BETWEEN :d1::date AND :d2::date AND f.res_bucket IS NOT NULL ${prio}
            AND f.ticket_id <> ALL(:except::uuid[])`,
        {
          d1: a.window.firstDay,
          d2: a.window.lastDay,
          p: a.priority ?? null,
          refreshedAt: a.refreshedAt,
          except: a.exceptResolutionsOf,
        },
      );
      const out = { firstResponse: [] as CountedDuration[], resolution: [] as CountedDuration[] };
      for (const r of rows) {
        const d = { bucket: Number(r.bucket), ms: r.ms === null ? null : Number(r.ms) };
        (r.kind === "fr" ? out.firstResponse : out.resolution).push(d);
      }
      return out;
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
