import type { Knex } from "knex";
import type { SlaCalendar, SlaTarget, TicketStatus } from "@parley/contract";
import type { AlertLevel, SlaClock } from "../domain/sla-clock";
import { updateSql, type SqlPiece } from "../../../platform/sql-piece";

type Q = Knex | Knex.Transaction;

type PolicyRow = { calendar: SlaCalendar; targets: SlaTarget[]; updated_at: Date; updated_by: string | null };
export type StoredPolicy = {
  calendar: SlaCalendar;
  targets: SlaTarget[];
  updatedAt: Date;
  updatedBy: string | null;
};

type ClockRow = {
  ticket_id: string;
  calendar: SlaCalendar;
  first_response_target_ms: number | string;
  resolution_target_ms: number | string;
  next_response_target_ms: number | string;
  next_response_consumed_ms: number | string;
  next_response_breached: boolean;
  next_response_alerted: number;
  next_response_due_at: Date | null;
  next_response_ms: number | string | null;
  first_response_consumed_ms: number | string;
  resolution_consumed_ms: number | string;
  running_since: Date | null;
  status: TicketStatus;
  waiting_on_shop: boolean;
  first_responded: boolean;
  first_response_breached: boolean;
  resolution_breached: boolean;
  first_response_alerted: number;
  resolution_alerted: number;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  next_alert_at: Date | null;
  first_response_ms: number | string | null;
  resolution_ms: number | string | null;
};

// bigint is a string from pg and a number from PGlite.
const num = (v: number | string) => Number(v);
const numOrNull = (v: number | string | null) => (v === null ? null : Number(v));

function toClock(r: ClockRow): SlaClock {
  return {
    calendar: r.calendar,
    targetMs: {
      firstResponse: num(r.first_response_target_ms),
      nextResponse: num(r.next_response_target_ms),
      resolution: num(r.resolution_target_ms),
    },
    consumedMs: {
      firstResponse: num(r.first_response_consumed_ms),
      nextResponse: num(r.next_response_consumed_ms),
      resolution: num(r.resolution_consumed_ms),
    },
    runningSince: r.running_since,
    status: r.status,
    waitingOnShop: r.waiting_on_shop,
    firstResponded: r.first_responded,
    breached: {
      firstResponse: r.first_response_breached,
      nextResponse: r.next_response_breached,
      resolution: r.resolution_breached,
    },
    alerted: {
      firstResponse: r.first_response_alerted as AlertLevel,
      nextResponse: r.next_response_alerted as AlertLevel,
      resolution: r.resolution_alerted as AlertLevel,
    },
    dueAt: {
      firstResponse: r.first_response_due_at,
      nextResponse: r.next_response_due_at,
      resolution: r.resolution_due_at,
    },
    nextAlertAt: r.next_alert_at,
    tookMs: {
      firstResponse: numOrNull(r.first_response_ms),
      nextResponse: numOrNull(r.next_response_ms),
      resolution: numOrNull(r.resolution_ms),
    },
  };
}

function toRow(c: SlaClock): Omit<ClockRow, "ticket_id" | "calendar"> {
  return {
    first_response_target_ms: c.targetMs.firstResponse,
    resolution_target_ms: c.targetMs.resolution,
    first_response_consumed_ms: c.consumedMs.firstResponse,
    resolution_consumed_ms: c.consumedMs.resolution,
    running_since: c.runningSince,
    status: c.status,
    waiting_on_shop: c.waitingOnShop,
    first_responded: c.firstResponded,
    first_response_breached: c.breached.firstResponse,
    resolution_breached: c.breached.resolution,
    first_response_alerted: c.alerted.firstResponse,
    resolution_alerted: c.alerted.resolution,
    first_response_due_at: c.dueAt.firstResponse,
    resolution_due_at: c.dueAt.resolution,
    next_alert_at: c.nextAlertAt,
    first_response_ms: c.tookMs.firstResponse,
    resolution_ms: c.tookMs.resolution,
    next_response_target_ms: c.targetMs.nextResponse,
    next_response_consumed_ms: c.consumedMs.nextResponse,
    next_response_breached: c.breached.nextResponse,
    next_response_alerted: c.alerted.nextResponse,
    next_response_due_at: c.dueAt.nextResponse,
    next_response_ms: c.tookMs.nextResponse,
  };
}

/** Column prefix of the clock in a caller's read statement (see lockedClockSql). */
const CLOCK_PREFIX = "slaclk__";
const CLOCK_COLUMNS = [
  "ticket_id",
  "calendar",
  "first_response_target_ms",
  "resolution_target_ms",
  "first_response_consumed_ms",
  "resolution_consumed_ms",
  "running_since",
  "status",
  "waiting_on_shop",
  "first_responded",
  "first_response_breached",
  "resolution_breached",
  "first_response_alerted",
  "resolution_alerted",
  "first_response_due_at",
  "resolution_due_at",
  "next_alert_at",
  "first_response_ms",
  "resolution_ms",
  "next_response_target_ms",
  "next_response_consumed_ms",
  "next_response_breached",
  "next_response_alerted",
  "next_response_due_at",
  "next_response_ms",
] as const satisfies ReadonlyArray<keyof ClockRow>;

/** The SLA policy (one row) and each ticket's clock. */
/** The one policy row to its stored shape; the migration inserts it, so its absence is a broken install. */
function toPolicy(row: PolicyRow | undefined): StoredPolicy {
  if (!row) throw new Error("sla_policy has no row (migration not applied?)");
  return {
    calendar: row.calendar,
    // A policy saved before the next-response target existed: it defaults to the first-response target.
    targets: row.targets.map((t) => ({
      ...t,
      nextResponseMinutes: t.nextResponseMinutes ?? t.firstResponseMinutes,
    })),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function createSlaRepository() {
  return {
    async getPolicy(q: Q): Promise<StoredPolicy> {
      const row = await q("sla_policy")
        .select("calendar", "targets", "updated_at", "updated_by")
        .where({ id: 1 })
        .first<PolicyRow | undefined>();
      return toPolicy(row);
    },

    /**
     * The zone as PostgreSQL spells it (`europe/berlin` → `Europe/Berlin`), or null when it does not know it:
     * reports convert with AT TIME ZONE, and its list is not the same as Node's (it dropped "US/Pacific-New"
     * in 2020, which Intl still accepts). Its list keeps the links under their own names (`Asia/Kolkata`),
     * where Intl's resolvedOptions() would answer ICU's older canonical one (`Asia/Calcutta`).
     */
    async timeZoneName(q: Q, timeZone: string): Promise<string | null> {
      const { rows } = await q.raw<{ rows: Array<{ name: string }> }>(
        `SELECT name FROM pg_timezone_names WHERE lower(name) = lower(?) ORDER BY name = ? DESC, name LIMIT 1`,
        [timeZone, timeZone],
      );
      return rows[0]?.name ?? null;
    },

    async putPolicy(
      q: Q,
      p: { calendar: SlaCalendar; targets: SlaTarget[]; updatedBy: string },
    ): Promise<StoredPolicy> {
      const [row] = await q("sla_policy")
        .update({
          calendar: JSON.stringify(p.calendar),
          targets: JSON.stringify(
            p.targets.map((t) => ({
              ...t,
              nextResponseMinutes: t.nextResponseMinutes ?? t.firstResponseMinutes,
            })),
          ),
          updated_by: p.updatedBy,
          updated_at: q.raw("now()"),
        })
        .where({ id: 1 })
        .returning<PolicyRow[]>(["calendar", "targets", "updated_at", "updated_by"]);
      return toPolicy(row);
    },

    async insertClock(trx: Q, ticketId: string, clock: SlaClock): Promise<void> {
      await trx("sla_clocks").insert({
        ticket_id: ticketId,
        calendar: JSON.stringify(clock.calendar),
        ...toRow(clock),
      });
    },

    /** The clock, locked for the transaction (callers hold the ticket's row lock first). */
    async lockClock(trx: Knex.Transaction, ticketId: string): Promise<SlaClock | null> {
      const row = await trx("sla_clocks")
        .select("*")
        .where({ ticket_id: ticketId })
        .forUpdate()
        .first<ClockRow | undefined>();
      return row ? toClock(row) : null;
    },

    async updateClock(trx: Q, ticketId: string, clock: SlaClock): Promise<void> {
      await trx("sla_clocks").update(toRow(clock)).where({ ticket_id: ticketId });
    },

    /**
     * Many tickets' clocks in one statement, locked in ticket id order (the order bulk jobs lock the
     * tickets in, so two jobs never deadlock). Tickets without a clock are absent from the map.
     */
    async lockClocks(trx: Knex.Transaction, ticketIds: string[]): Promise<Map<string, SlaClock>> {
      if (ticketIds.length === 0) return new Map();
      const { rows } = await trx.raw<{ rows: ClockRow[] }>(
        `SELECT * FROM sla_clocks WHERE ticket_id = ANY(?::uuid[]) ORDER BY ticket_id FOR UPDATE`,
        [ticketIds],
      );
      return new Map(rows.map((r) => [r.ticket_id, toClock(r)]));
    },

    /**
     * Many clocks in one UPDATE: the rows travel as one JSON array, typed by the table itself
     * (jsonb_populate_recordset), so every column toRow writes is written here too.
     */
    async updateClocks(trx: Q, clocks: Array<{ ticketId: string; clock: SlaClock }>): Promise<void> {
      if (clocks.length === 0) return;
      const rows = clocks.map((c) => ({ ticket_id: c.ticketId, ...toRow(c.clock) }));
      const columns = Object.keys(rows[0]!).filter((k) => k !== "ticket_id");
      await trx.raw(
        `UPDATE sla_clocks c SET ${columns.map((k) => `${k} = v.${k}`).join(", ")}
         FROM jsonb_populate_recordset(NULL::sla_clocks, ?::jsonb) v
         WHERE c.ticket_id = v.ticket_id`,
        [JSON.stringify(rows)],
      );
    },

    /**
     * A SELECT of the clock of the ticket whose id is the SQL expression `ticketIdSql`, locked (FOR UPDATE),
     * every column prefixed: for a caller's LATERAL join in the statement that also locks the ticket
     * (so the clock comes back in the same round trip, at its newest committed version).
     */
    lockedClockSql(ticketIdSql: string): string {
      const cols = CLOCK_COLUMNS.map((c) => `c.${c} AS ${CLOCK_PREFIX}${c}`).join(", ");
      return `SELECT ${cols} FROM sla_clocks c WHERE c.ticket_id = ${ticketIdSql} FOR UPDATE`;
    },

    /** The clock from a row read through lockedClockSql (null: the ticket has no clock). */
    clockFromPrefixedRow(row: Record<string, unknown>): SlaClock | null {
      if (row[`${CLOCK_PREFIX}ticket_id`] == null) return null;
      const r = Object.fromEntries(CLOCK_COLUMNS.map((c) => [c, row[`${CLOCK_PREFIX}${c}`]])) as ClockRow;
      return toClock(r);
    },

    /** The clock's UPDATE as SQL with bindings, for the caller's single write statement. */
    updateClockSql(ticketId: string, clock: SlaClock): SqlPiece {
      return updateSql("sla_clocks", toRow(clock), { ticket_id: ticketId });
    },

    /** Tickets whose clock has a warning or deadline at or before `now`, soonest first. */
    async dueForCheck(q: Q, now: Date, limit: number): Promise<string[]> {
      const rows = await q("sla_clocks")
        .select<Array<{ ticket_id: string }>>("ticket_id")
        .where("next_alert_at", "<=", now)
        .orderBy("next_alert_at", "asc")
        .limit(limit);
      return rows.map((r) => r.ticket_id);
    },
  };
}

export type SlaRepository = ReturnType<typeof createSlaRepository>;
