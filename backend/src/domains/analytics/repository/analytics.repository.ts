import type { Knex } from "knex";
import type { LiveTicket } from "../domain/daily-summary";
import {
  VISITOR_SHOP_PREFIX,
  type AnalyticsBreakdownBy,
  type AnalyticsFigure,
  type TicketPriority,
  type TicketStatus,
} from "@parley/contract";

/**
 * The analytics read model: aggregates over the support domain's tickets and this domain's SLA clocks,
 * computed in SQL (percentile_cont for medians and p90). It only reads the support tables.
 */

export type AnalyticsFilter = {
  from: Date;
  to: Date;
  shopId?: string;
  assigneeId?: string;
  priority?: TicketPriority;
  category?: string;
  /** Days of the series are calendar days in this zone (the SLA policy's). */
  timeZone: string;
};

type Count = number | string;
type TotalsRow = {
  created: Count;
  resolved: Count;
  backlog_open: Count;
  backlog_in_progress: Count;
  backlog_low: Count;
  backlog_medium: Count;
  backlog_high: Count;
  backlog_urgent: Count;
  fr_median: number | string | null;
  fr_p90: number | string | null;
  res_median: number | string | null;
  res_p90: number | string | null;
  sla_total: Count;
  sla_breached: Count;
};

export type AnalyticsTotals = {
  created: number;
  resolved: number;
  backlog: { byStatus: { open: number; in_progress: number }; byPriority: Record<TicketPriority, number> };
  firstResponseMs: { median: number | null; p90: number | null };
  resolutionMs: { median: number | null; p90: number | null };
  sla: { total: number; breached: number };
};

/** Half-open instants [from, to); an empty one (from >= to) matches nothing. */
export type Span = { from: Date; to: Date };

export type Backlog = AnalyticsTotals["backlog"];

export type ExportRow = {
  number: number;
  id: string;
  shopId: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: string | null;
  assigneeId: string | null;
  createdAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  breached: boolean;
  firstResponseMs: number | null;
  resolutionMs: number | null;
};

const n = (v: Count) => Number(v);
const nOrNull = (v: number | string | null) => (v === null ? null : Number(v));

/**
 * A ticket's category is free text: "Billing" and "billing" are one category everywhere in analytics, as in
 * the satisfaction report (support's team repository). Both sides folded by the database's lower(), so the
 * filter and the breakdown's groups fold alike; statistics on the expression (migration 20261217000100)
 * give the planner the filter's real share, as it had for the column.
 */
const FOLDED_CATEGORY = "lower(t.category)";

/** The clause every query shares: shop, assignee, priority, category (without regard to letter case). */
function scoped(q: Knex.QueryBuilder, f: AnalyticsFilter): Knex.QueryBuilder {
  if (f.shopId !== undefined) q.where("t.shop_id", f.shopId);
  if (f.assigneeId !== undefined) q.where("t.assignee_id", f.assigneeId);
  if (f.priority !== undefined) q.where("t.priority", f.priority);
  if (f.category !== undefined) q.whereRaw(`${FOLDED_CATEGORY} = lower(?)`, [f.category]);
  return q;
}

const BREACHED_SQL = `(t.sla_breached OR COALESCE(t.sla_due_at < now(), false))`;

/** The tickets one figure of the summary counts (the drill-down and the export). */
function figureScope(q: Knex.QueryBuilder, db: Knex, f: AnalyticsFilter, figure: AnalyticsFigure) {
  switch (figure) {
    case "created":
      return q.where("t.created_at", ">=", f.from).where("t.created_at", "<", f.to);
    case "resolved":
      return q.where("t.resolved_at", ">=", f.from).where("t.resolved_at", "<", f.to);
    case "backlog":
      return q.whereIn("t.status", ["open", "in_progress"]).where("t.created_at", "<", f.to);
    case "breached":
      return q
        .where("t.created_at", ">=", f.from)
        .where("t.created_at", "<", f.to)
        .whereNotNull("c.ticket_id")
        .where(db.raw(BREACHED_SQL));
  }
}

const GROUP_COLUMN: Record<AnalyticsBreakdownBy, string> = {
  assignee: "t.assignee_id",
  // A website visitor's conversation has no shop (the API's null): visitors are one group, key null.
  shop: `(CASE WHEN starts_with(t.shop_id, '${VISITOR_SHOP_PREFIX}') THEN NULL ELSE t.shop_id END)`,
  category: "t.category",
  priority: "t.priority",
};

export type DrillRow = {
  id: string;
  number: number;
  shopId: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: string | null;
  assigneeId: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
  breached: boolean;
};

export type BreakdownRow = {
  key: string | null;
  created: number;
  resolved: number;
  backlog: number;
  slaTotal: number;
  breached: number;
};

export function createAnalyticsRepository(db: Knex) {
  return {
    async totals(f: AnalyticsFilter): Promise<AnalyticsTotals> {
      const createdIn = `t.created_at >= :from AND t.created_at < :to`;
      const resolvedIn = `t.resolved_at >= :from AND t.resolved_at < :to`;
      const backlog = `t.status IN ('open', 'in_progress')`;
      const sql = db.raw(
        `count(*) FILTER (WHERE ${createdIn}) AS created,
         count(*) FILTER (WHERE ${resolvedIn}) AS resolved,
         count(*) FILTER (WHERE t.status = 'open') AS backlog_open,
         count(*) FILTER (WHERE t.status = 'in_progress') AS backlog_in_progress,
         count(*) FILTER (WHERE ${backlog} AND t.priority = 'low') AS backlog_low,
         count(*) FILTER (WHERE ${backlog} AND t.priority = 'medium') AS backlog_medium,
         count(*) FILTER (WHERE ${backlog} AND t.priority = 'high') AS backlog_high,
         count(*) FILTER (WHERE ${backlog} AND t.priority = 'urgent') AS backlog_urgent,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY c.first_response_ms) FILTER (WHERE ${createdIn}) AS fr_median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY c.first_response_ms) FILTER (WHERE ${createdIn}) AS fr_p90,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY c.resolution_ms) FILTER (WHERE ${resolvedIn}) AS res_median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY c.resolution_ms) FILTER (WHERE ${resolvedIn}) AS res_p90,
         count(c.ticket_id) FILTER (WHERE ${createdIn}) AS sla_total,
         count(c.ticket_id) FILTER (WHERE ${createdIn} AND ${BREACHED_SQL}) AS sla_breached`,
        { from: f.from, to: f.to },
      );
      const q = scoped(
        db("support_tickets as t").leftJoin("sla_clocks as c", "c.ticket_id", "t.id").select(sql),
        f,
      )
        // Only rows that can count: created before the end, and in the period or still in the backlog.
        .where("t.created_at", "<", f.to)
        .where((w) => {
          void w
            .where("t.created_at", ">=", f.from)
            .orWhere("t.resolved_at", ">=", f.from)
            .orWhereIn("t.status", ["open", "in_progress"]);
        });
      const row = (await q.first()) as TotalsRow | undefined;
      if (!row) throw new Error("aggregate returned no row");
      return {
        created: n(row.created),
        resolved: n(row.resolved),
        backlog: {
          byStatus: { open: n(row.backlog_open), in_progress: n(row.backlog_in_progress) },
          byPriority: {
            low: n(row.backlog_low),
            medium: n(row.backlog_medium),
            high: n(row.backlog_high),
            urgent: n(row.backlog_urgent),
          },
        },
        firstResponseMs: { median: nOrNull(row.fr_median), p90: nOrNull(row.fr_p90) },
        resolutionMs: { median: nOrNull(row.res_median), p90: nOrNull(row.res_p90) },
        sla: { total: n(row.sla_total), breached: n(row.sla_breached) },
      };
    },

    /** Created and resolved per calendar day of the period, every day present (zeros included). */
    async series(f: AnalyticsFilter): Promise<Array<{ date: string; created: number; resolved: number }>> {
      if (f.to <= f.from) return [];
      const last = new Date(f.to.getTime() - 1);
      const { rows: days } = await db.raw<{ rows: Array<{ day: string }> }>(
        `SELECT to_char(g, 'YYYY-MM-DD') AS day
           FROM generate_series((?::timestamptz AT TIME ZONE ?)::date, (?::timestamptz AT TIME ZONE ?)::date,
                                interval '1 day') g`,
        [f.from, f.timeZone, last, f.timeZone],
      );
      const perDay = async (column: "created_at" | "resolved_at") => {
        const rows = (await scoped(
          db("support_tickets as t")
            .select(db.raw(`to_char((t.${column} AT TIME ZONE ?)::date, 'YYYY-MM-DD') AS day`, [f.timeZone]))
            .count({ n: "*" })
            .where(`t.${column}`, ">=", f.from)
            .where(`t.${column}`, "<", f.to)
            .groupBy("day"),
          f,
        )) as Array<{ day: string; n: Count }>;
        return new Map(rows.map((r) => [r.day, n(r.n)]));
      };
      const created = await perDay("created_at");
      const resolved = await perDay("resolved_at");
      return days.map(({ day }) => ({
        date: day,
        created: created.get(day) ?? 0,
        resolved: resolved.get(day) ?? 0,
      }));
    },

    /**
     * Open and in-progress tickets now, among those created before `to`, from the count the database keeps
     * (analytics_backlog plus the changes appended since its last compaction; migration 20261205000100)
     * minus the backlog tickets created at or after `to` (none when `to` is now or later; an index range
     * otherwise). One statement, so one snapshot: exact. The count knows status and priority only, so a
     * priority is the one filter it takes (the live summary answers shop, admin and category filters).
     */
    async backlog(f: Pick<AnalyticsFilter, "to" | "priority">): Promise<Backlog> {
      const { rows } = await db.raw<{
        rows: Array<{ status: TicketStatus; priority: TicketPriority; n: Count }>;
      }>(
        `SELECT status, priority, sum(n) AS n FROM (
           SELECT status, priority, n FROM analytics_backlog
           UNION ALL SELECT status, priority, delta FROM analytics_backlog_changes
           UNION ALL SELECT status, priority, -count(*) FROM support_tickets
             WHERE status IN ('open', 'in_progress') AND created_at >= :to
             GROUP BY status, priority
         ) counted
         WHERE CAST(:priority AS text) IS NULL OR priority = CAST(:priority AS text)
         GROUP BY status, priority`,
        { to: f.to, priority: f.priority ?? null },
      );
      const out: Backlog = {
        byStatus: { open: 0, in_progress: 0 },
        byPriority: { low: 0, medium: 0, high: 0, urgent: 0 },
      };
      for (const r of rows) {
        if (r.status === "open" || r.status === "in_progress") out.byStatus[r.status] += n(r.n);
        if (r.priority in out.byPriority) out.byPriority[r.priority] += n(r.n);
      }
      return out;
    },

    /**
     * The tickets created or resolved within some spans of the period (the parts the daily table does not
     * answer: a partial first day, what came after the last refresh), one row each with what the summary
     * needs of it, read once with its clock. Only the priority filter reaches here.
     */
    async liveTickets(
      f: AnalyticsFilter,
      spans: Span[],
      q: Knex | Knex.Transaction = db,
    ): Promise<LiveTicket[]> {
      const live = spans.filter((s) => s.from < s.to);
      if (live.length === 0) return [];
      const bindings: Record<string, unknown> = { z: f.timeZone, prio: f.priority ?? null };
      const within = (col: string) =>
        "(" +
        live
          .map((s, i) => {
            bindings[`a${i}`] = s.from;
            bindings[`b${i}`] = s.to;
            return `(${col} >= :a${i} AND ${col} < :b${i})`;
          })
          .join(" OR ") +
        ")";
      const createdIn = within("t.created_at");
      const resolvedIn = within("t.resolved_at");
      const { rows } = await q.raw<{
        rows: Array<{
          id: string;
          created_day: string | null;
          resolved_day: string | null;
          clocked: boolean;
          breached: boolean;
          first_response_ms: Count | null;
          resolution_ms: Count | null;
        }>;
      }>(
        `SELECT t.id, CASE WHEN ${createdIn} THEN to_char((t.created_at AT TIME ZONE :z)::date, 'YYYY-MM-DD') END AS created_day,
                CASE WHEN ${resolvedIn} THEN to_char((t.resolved_at AT TIME ZONE :z)::date, 'YYYY-MM-DD') END AS resolved_day,
                c.ticket_id IS NOT NULL AS clocked, (c.ticket_id IS NOT NULL AND ${BREACHED_SQL}) AS breached,
                c.first_response_ms, c.resolution_ms
           FROM support_tickets t LEFT JOIN sla_clocks c ON c.ticket_id = t.id
          WHERE (${createdIn} OR ${resolvedIn}) ${f.priority !== undefined ? "AND t.priority = :prio" : ""}`,
        bindings,
      );
      return rows.map((r) => ({
        ticketId: r.id,
        createdDay: r.created_day,
        resolvedDay: r.resolved_day,
        clocked: r.clocked,
        breached: r.breached,
        firstResponseMs: nOrNull(r.first_response_ms),
        resolutionMs: nOrNull(r.resolution_ms),
      }));
    },

    /** One figure's tickets, newest first, at most `limit`, and how many there are in all. */
    async figureTickets(
      f: AnalyticsFilter,
      figure: AnalyticsFigure,
      limit: number,
    ): Promise<{ items: DrillRow[]; total: number }> {
      const base = () =>
        figureScope(
          scoped(db("support_tickets as t").leftJoin("sla_clocks as c", "c.ticket_id", "t.id"), f),
          db,
          f,
          figure,
        );
      const totalRow = (await base().count({ n: "*" }).first()) as { n: Count } | undefined;
      const rows = (await base()
        .select(
          "t.id",
          "t.number",
          "t.shop_id",
          "t.subject",
          "t.status",
          "t.priority",
          "t.category",
          "t.assignee_id",
          "t.created_at",
          "t.resolved_at",
          db.raw(`(c.ticket_id IS NOT NULL AND ${BREACHED_SQL}) AS breached`),
        )
        .orderBy([
          { column: figure === "resolved" ? "t.resolved_at" : "t.created_at", order: "desc" },
          { column: "t.number", order: "desc" },
        ])
        .limit(limit)) as Array<{
        id: string;
        number: Count;
        shop_id: string;
        subject: string;
        status: TicketStatus;
        priority: TicketPriority;
        category: string | null;
        assignee_id: string | null;
        created_at: Date;
        resolved_at: Date | null;
        breached: boolean;
      }>;
      return {
        total: totalRow ? n(totalRow.n) : 0,
        items: rows.map((r) => ({
          id: r.id,
          number: n(r.number),
          shopId: r.shop_id,
          subject: r.subject,
          status: r.status,
          priority: r.priority,
          category: r.category,
          assigneeId: r.assignee_id,
          createdAt: r.created_at,
          resolvedAt: r.resolved_at,
          breached: r.breached,
        })),
      };
    },

    /**
     * The summary's counts per admin, shop, category or priority (the busiest groups first). Categories
     * group without regard to letter case (FOLDED_CATEGORY): the tickets are counted per spelling, then the
     * spellings of one category are added up and the group is named by the spelling most of its tickets
     * carry (on a tie, the one filed first), as the satisfaction report names its rows.
     */
    async breakdown(f: AnalyticsFilter, by: AnalyticsBreakdownBy, limit: number): Promise<BreakdownRow[]> {
      const col = GROUP_COLUMN[by];
      const createdIn = `t.created_at >= :from AND t.created_at < :to`;
      const resolvedIn = `t.resolved_at >= :from AND t.resolved_at < :to`;
      const groups = scoped(
        db("support_tickets as t")
          .leftJoin("sla_clocks as c", "c.ticket_id", "t.id")
          .select(
            db.raw(
              `${col}::text AS key,
               count(*) AS tickets,
               min(t.created_at) AS first_created_at,
               count(*) FILTER (WHERE ${createdIn}) AS created,
               count(*) FILTER (WHERE ${resolvedIn}) AS resolved,
               count(*) FILTER (WHERE t.status IN ('open', 'in_progress')) AS backlog,
               count(c.ticket_id) FILTER (WHERE ${createdIn}) AS sla_total,
               count(c.ticket_id) FILTER (WHERE ${createdIn} AND ${BREACHED_SQL}) AS sla_breached`,
              { from: f.from, to: f.to },
            ),
          )
          .where("t.created_at", "<", f.to)
          .where((w) => {
            void w
              .where("t.created_at", ">=", f.from)
              .orWhere("t.resolved_at", ">=", f.from)
              .orWhereIn("t.status", ["open", "in_progress"]);
          })
          .groupByRaw(col),
        f,
      );
      const rows = (await (by === "category"
        ? db
            .with("spelled", groups)
            .from("spelled")
            .select(
              db.raw(
                `(array_agg(key ORDER BY tickets DESC, first_created_at, key))[1] AS key,
                 sum(created) AS created, sum(resolved) AS resolved, sum(backlog) AS backlog,
                 sum(sla_total) AS sla_total, sum(sla_breached) AS sla_breached`,
              ),
            )
            .groupByRaw("lower(key)")
            .orderByRaw("sum(tickets) DESC, lower(key) ASC NULLS LAST")
            .limit(limit)
        : groups.orderByRaw(`count(*) DESC, ${col} ASC NULLS LAST`).limit(limit))) as Array<{
        key: string | null;
        created: Count;
        resolved: Count;
        backlog: Count;
        sla_total: Count;
        sla_breached: Count;
      }>;
      return rows.map((r) => ({
        key: r.key,
        created: n(r.created),
        resolved: n(r.resolved),
        backlog: n(r.backlog),
        slaTotal: n(r.sla_total),
        breached: n(r.sla_breached),
      }));
    },

    /** One figure's tickets (the export), oldest first, at most `limit`. */
    async exportRows(
      f: AnalyticsFilter,
      limit: number,
      figure: AnalyticsFigure = "created",
    ): Promise<ExportRow[]> {
      const rows = (await figureScope(
        scoped(db("support_tickets as t").leftJoin("sla_clocks as c", "c.ticket_id", "t.id"), f),
        db,
        f,
        figure,
      )
        .select(
          "t.number",
          "t.id",
          "t.shop_id",
          "t.subject",
          "t.status",
          "t.priority",
          "t.category",
          "t.assignee_id",
          "t.created_at",
          "t.first_response_at",
          "t.resolved_at",
          "t.sla_first_response_due_at",
          "t.sla_resolution_due_at",
          "c.first_response_ms",
          // The clock keeps what the latest resolution took when the ticket is reopened; a ticket that is
          // not resolved now has no resolution time, as it has no resolvedAt.
          db.raw(`CASE WHEN t.resolved_at IS NOT NULL THEN c.resolution_ms END AS resolution_ms`),
          db.raw(`${BREACHED_SQL} AS breached`),
        )
        .orderBy([
          { column: "t.created_at", order: "asc" },
          { column: "t.number", order: "asc" },
        ])
        .limit(limit)) as Array<{
        number: Count;
        id: string;
        shop_id: string;
        subject: string;
        status: TicketStatus;
        priority: TicketPriority;
        category: string | null;
        assignee_id: string | null;
        created_at: Date;
        first_response_at: Date | null;
        resolved_at: Date | null;
        sla_first_response_due_at: Date | null;
        sla_resolution_due_at: Date | null;
        first_response_ms: Count | null;
        resolution_ms: Count | null;
        breached: boolean;
      }>;
      return rows.map((r) => ({
        number: n(r.number),
        id: r.id,
        shopId: r.shop_id,
        subject: r.subject,
        status: r.status,
        priority: r.priority,
        category: r.category,
        assigneeId: r.assignee_id,
        createdAt: r.created_at,
        firstResponseAt: r.first_response_at,
        resolvedAt: r.resolved_at,
        firstResponseDueAt: r.sla_first_response_due_at,
        resolutionDueAt: r.sla_resolution_due_at,
        breached: r.breached,
        firstResponseMs: nOrNull(r.first_response_ms),
        resolutionMs: nOrNull(r.resolution_ms),
      }));
    },
  };
}

export type AnalyticsRepository = ReturnType<typeof createAnalyticsRepository>;
