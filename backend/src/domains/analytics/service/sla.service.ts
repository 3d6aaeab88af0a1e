import type { Knex } from "knex";
import type {
  PutSlaPoliciesBody,
  SlaBreach,
  SlaCalendar,
  SlaTarget,
  SlaWarning,
  TicketEventType,
  TicketPriority,
} from "@parley/contract";
import type { Principal } from "../../../shared/principal";
import { isVisitorShopId } from "../../../shared/visitor";
import { ForbiddenError, ValidationError } from "../../../shared/app-error";
import {
  advanceClock,
  startClock,
  targetsBeyondCalendar,
  ticketSlaFields,
  type ClockChange,
  type SlaClock,
  type SlaAlert,
  type PerTarget,
  type SlaTimelineEvent,
  type TicketSlaFields,
} from "../domain/sla-clock";
import type { SqlPiece } from "../../../platform/sql-piece";
import type { SlaRepository, StoredPolicy } from "../repository/sla.repository";

/** What a clock change means for the ticket: its row's SLA fields, timeline events, alerts to send after commit. */
export type SlaOutcome = {
  fields: TicketSlaFields;
  events: Array<{ type: TicketEventType; from: string | null; to: string | null }>;
  alerts: SlaAlert[];
};

export type SlaTicketRef = { id: string; number: number; shopId: string };

/** What the SLA checker asks of the support domain (wired in modules.ts): re-evaluate a ticket under its lock. */
export type AnalyticsSupportPort = {
  reconcileSla(ticketId: string, now: Date): Promise<void>;
};

/** Where alerts go (the socket layer, once attached). */
export interface SlaAlertSink {
  warning(w: SlaWarning): void;
  breached(b: SlaBreach): void;
}
export const noSlaAlerts: SlaAlertSink = { warning() {}, breached() {} };

const MINUTE_MS = 60_000;
export const SLA_CHECK_BATCH = 200;

/** A priority's targets in milliseconds (next response defaults to the first-response target). */
function targetsOf(policy: StoredPolicy, priority: TicketPriority): PerTarget<number> {
  const target = policy.targets.find((x) => x.priority === priority);
  if (!target) throw new Error(`SLA policy has no target for priority ${priority}`);
  return {
    firstResponse: target.firstResponseMinutes * MINUTE_MS,
    nextResponse: (target.nextResponseMinutes ?? target.firstResponseMinutes) * MINUTE_MS,
    resolution: target.resolutionMinutes * MINUTE_MS,
  };
}

const toTimeline = (events: SlaTimelineEvent[]): SlaOutcome["events"] =>
  events.map((e) => ({ type: e.type, from: e.from, to: e.to }));

function requireAdmin(principal: Principal) {
  if (principal.role !== "admin") throw new ForbiddenError("Only admins see and edit SLA policies.");
}

export function createSlaService(deps: {
  db: Knex;
  sla: SlaRepository;
  support: AnalyticsSupportPort;
  alerts: () => SlaAlertSink;
  onError?: (err: unknown) => void;
}) {
  const { db, sla } = deps;

  return {
    async getPolicies(principal: Principal): Promise<StoredPolicy> {
      requireAdmin(principal);
      return sla.getPolicy(db);
    },

    /** Replaces the policy. Existing tickets keep the copy they were created with. */
    async putPolicies(
      principal: Principal,
      body: Omit<PutSlaPoliciesBody, "calendar"> & { calendar: SlaCalendar; targets: SlaTarget[] },
    ): Promise<StoredPolicy> {
      requireAdmin(principal);
      // Stored as the zone is spelled, not as typed: `europe/berlin` reads back as `Europe/Berlin`.
      const timeZone = await sla.timeZoneName(db, body.calendar.timeZone);
      if (timeZone === null) {
        throw new ValidationError("The SLA policy is invalid.", [
          { path: "calendar.timeZone", message: "Must be an IANA time zone such as Europe/Berlin." },
        ]);
      }
      const calendar = { ...body.calendar, timeZone };
      const unreachable = targetsBeyondCalendar(calendar, body.targets, new Date());
      if (unreachable.length > 0) throw new ValidationError("The SLA policy is invalid.", unreachable);
      return sla.putPolicy(db, {
        calendar,
        targets: body.targets,
        updatedBy: principal.userId,
      });
    },

    /** Port for the support domain, inside its create transaction: start the clock on the current policy. */
    async ticketCreated(
      trx: Knex.Transaction,
      t: { ticketId: string; priority: TicketPriority; now: Date },
    ): Promise<SlaOutcome> {
      const policy = await sla.getPolicy(trx);
      const { clock, events } = startClock(
        { calendar: policy.calendar, targetMs: targetsOf(policy, t.priority) },
        t.now,
      );
      await sla.insertClock(trx, t.ticketId, clock);
      return { fields: ticketSlaFields(clock), events: toTimeline(events), alerts: [] };
    },

    /**
     * Port for the support domain, inside its transaction and under the ticket's row lock: move the clock
     * to `now` and apply the change. Null for a ticket without a clock (filed before SLAs existed).
     * A new priority re-targets the clock with that priority's targets in the current policy (the
     * calendar the ticket was filed with stays; the business time used is kept).
     */
    async ticketChanged(
      trx: Knex.Transaction,
      t: {
        ticketId: string;
        now: Date;
        change: Omit<ClockChange, "retarget"> & { priority?: TicketPriority };
      },
    ): Promise<SlaOutcome | null> {
      const before = await sla.lockClock(trx, t.ticketId);
      if (!before) return null;
      const { priority, ...change } = t.change;
      const clockChange: ClockChange = priority
        ? { ...change, retarget: { priority, targetMs: targetsOf(await sla.getPolicy(trx), priority) } }
        : change;
      const { clock, events, alerts } = advanceClock(before, t.now, clockChange);
      await sla.updateClock(trx, t.ticketId, clock);
      return { fields: ticketSlaFields(clock), events: toTimeline(events), alerts };
    },

    /**
     * The batch form of ticketChanged, for bulk jobs: every named ticket's clock is read (and locked)
     * in one query, moved by the same pure rule one by one, and written back in one statement.
     * Tickets without a clock are absent from the answer.
     */
    async ticketsChanged(
      trx: Knex.Transaction,
      now: Date,
      items: Array<{
        ticketId: string;
        change: Omit<ClockChange, "retarget"> & { priority?: TicketPriority };
      }>,
    ): Promise<Map<string, SlaOutcome>> {
      const before = await sla.lockClocks(
        trx,
        items.map((i) => i.ticketId),
      );
      // A new priority re-targets with that priority's targets in the current policy, as ticketChanged does.
      const policy = items.some((i) => i.change.priority) ? await sla.getPolicy(trx) : null;
      const out = new Map<string, SlaOutcome>();
      const writes: Array<{ ticketId: string; clock: SlaClock }> = [];
      for (const item of items) {
        const prev = before.get(item.ticketId);
        if (!prev) continue;
        const { priority, ...change } = item.change;
        const clockChange: ClockChange =
          priority && policy
            ? { ...change, retarget: { priority, targetMs: targetsOf(policy, priority) } }
            : change;
        const { clock, events, alerts } = advanceClock(prev, now, clockChange);
        writes.push({ ticketId: item.ticketId, clock });
        out.set(item.ticketId, { fields: ticketSlaFields(clock), events: toTimeline(events), alerts });
      }
      await sla.updateClocks(trx, writes);
      return out;
    },

    /**
     * The same as ticketChanged, split for the support domain's one-statement write (issue 17): the clock
     * is read (locked) by the caller's read statement through `lockedClockSql`, the change is computed
     * here (pure), and the clock's UPDATE comes back as SQL for the caller's write statement.
     */
    lockedClockSql: (ticketIdSql: string): string => sla.lockedClockSql(ticketIdSql),
    planTicketChanged(
      row: Record<string, unknown>,
      t: { ticketId: string; now: Date; change: ClockChange },
    ): { outcome: SlaOutcome; write: SqlPiece } | null {
      const before = sla.clockFromPrefixedRow(row);
      if (!before) return null;
      const { clock, events, alerts } = advanceClock(before, t.now, t.change);
      return {
        outcome: { fields: ticketSlaFields(clock), events: toTimeline(events), alerts },
        write: sla.updateClockSql(t.ticketId, clock),
      };
    },

    /** Port for the support domain, after its commit: the alerts go to admins. */
    publish(ticket: SlaTicketRef, alerts: SlaAlert[]): void {
      const sink = deps.alerts();
      for (const a of alerts) {
        try {
          const base = {
            ticketId: ticket.id,
            number: ticket.number,
            // A website visitor's pseudo-shop is Parley's bookkeeping: null, as the ticket's shopId.
            shopId: isVisitorShopId(ticket.shopId) ? null : ticket.shopId,
            target: a.target,
          };
          if (a.kind === "warning")
            sink.warning({ ...base, threshold: a.threshold, dueAt: a.dueAt.toISOString() });
          else sink.breached({ ...base, dueAt: a.dueAt.toISOString() });
        } catch (err) {
          deps.onError?.(err);
        }
      }
    },

    /**
     * The periodic check: every ticket whose clock has a warning or deadline due by `now` is
     * re-evaluated by the support domain under its row lock (which records breaches and sends alerts).
     */
    async checkDue(now: Date = new Date()): Promise<number> {
      let checked = 0;
      const ids = await sla.dueForCheck(db, now, SLA_CHECK_BATCH);
      for (const id of ids) {
        try {
          await deps.support.reconcileSla(id, now);
          checked++;
        } catch (err) {
          deps.onError?.(err);
        }
      }
      return checked;
    },
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
