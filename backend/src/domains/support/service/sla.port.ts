import type { TicketPriority, TicketStatus } from "@parley/contract";
import type { TicketRepository } from "../repository/ticket.repository";
import type { NewTicketEvent } from "../repository/event.repository";
import type { SqlPiece } from "../../../platform/sql-piece";
import type { Tx } from "./access";

/**
 * What the support domain asks of the SLA clock (the analytics domain's sla service, wired in
 * modules.ts). Called inside our transactions, under the ticket's row lock; the outcome is applied by
 * our own repositories (the ticket's sla fields, timeline events) and its alerts published after commit.
 */
export type SupportSlaOutcome = {
  fields: NonNullable<Parameters<TicketRepository["update"]>[2]["sla"]>;
  events: Array<Omit<NewTicketEvent, "actorId">>;
  alerts: unknown[];
};
export type SupportSlaPort = {
  ticketCreated(
    trx: Tx,
    t: { ticketId: string; priority: TicketPriority; now: Date },
  ): Promise<SupportSlaOutcome>;
  ticketChanged(
    trx: Tx,
    t: {
      ticketId: string;
      now: Date;
      /** priority: the ticket's new priority (the clock re-targets to its policy). */
      change: {
        status?: TicketStatus;
        waitingOnShop?: boolean;
        firstResponded?: boolean;
        priority?: TicketPriority;
      };
    },
  ): Promise<SupportSlaOutcome | null>;
  /**
   * The batch form for bulk jobs: the clocks of many tickets (already row-locked by the caller) read in
   * one query, moved by the same rule as ticketChanged, written in one statement. Tickets without a
   * clock are absent from the map.
   */
  ticketsChanged(
    trx: Tx,
    now: Date,
    items: Array<{ ticketId: string; change: { status?: TicketStatus; priority?: TicketPriority } }>,
  ): Promise<Map<string, SupportSlaOutcome>>;
  publish(ticket: { id: string; number: number; shopId: string }, alerts: unknown[]): void;
  /**
   * The same clock move split for the message post's one-statement write (issue 17): a SELECT of the
   * ticket's clock, locked, for a LATERAL join in the statement that locks the ticket (`ticketIdSql`
   * names the ticket's id there; null: no clocks); the change computed from that row (pure, in the
   * analytics domain); the clock's UPDATE as SQL for the write statement.
   */
  lockedClockSql(ticketIdSql: string): string | null;
  planTicketChanged(
    row: Record<string, unknown>,
    t: {
      ticketId: string;
      now: Date;
      change: { status?: TicketStatus; waitingOnShop?: boolean; firstResponded?: boolean };
    },
  ): { outcome: SupportSlaOutcome; write: SqlPiece } | null;
};

export const noSla: SupportSlaPort = {
  ticketCreated: () =>
    Promise.resolve({
      fields: {
        firstResponseDueAt: null,
        resolutionDueAt: null,
        breached: false,
        dueAt: null,
        nextResponseDueAt: null,
        warningAt: null,
      },
      events: [],
      alerts: [],
    }),
  ticketChanged: () => Promise.resolve(null),
  ticketsChanged: () => Promise.resolve(new Map()),
  publish: () => {},
  lockedClockSql: () => null,
  planTicketChanged: () => null,
};

/** The SLA outcome as a ticket patch and timeline rows (system events: no actor). */
export function slaPatch(outcome: SupportSlaOutcome | null): {
  sla?: SupportSlaOutcome["fields"];
  events: NewTicketEvent[];
} {
  if (!outcome) return { events: [] };
  return { sla: outcome.fields, events: outcome.events.map((e) => ({ ...e, actorId: null })) };
}
