import type { TicketPriority, TicketStatus } from "@parley/contract";
import type { TicketRepository } from "../repository/ticket.repository";
import type { NewTicketEvent } from "../repository/event.repository";
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
  publish(ticket: { id: string; number: number; shopId: string }, alerts: unknown[]): void;
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
  publish: () => {},
};

/** The SLA outcome as a ticket patch and timeline rows (system events: no actor). */
export function slaPatch(outcome: SupportSlaOutcome | null): {
  sla?: SupportSlaOutcome["fields"];
  events: NewTicketEvent[];
} {
  if (!outcome) return { events: [] };
  return { sla: outcome.fields, events: outcome.events.map((e) => ({ ...e, actorId: null })) };
}
