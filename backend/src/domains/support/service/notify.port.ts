import type { Principal } from "../../../shared/principal";
import type { Ticket } from "../domain/ticket";
import type { Message } from "../domain/message";
import type { Tx } from "./access";
import type { SqlPiece } from "../../../platform/sql-piece";

/** One change in a `ticket.updated` webhook/outbox payload: what changed, from what, to what. */
export type TicketChangeNotice = { type: string; from: string | null; to: string | null };

/**
 * What the support domain asks of the notifications domain (wired in modules.ts): record that something
 * notable happened, INSIDE our transaction, so the alert commits (or rolls back) with the change itself.
 * Internal notes are never passed here, except as a `mention` notice, which names its readers.
 */
export type SupportNotice =
  | { kind: "ticket.created"; ticket: Ticket; message: Message; actor: Principal }
  | {
      kind: "message.created";
      ticket: Ticket;
      message: Message;
      actor: Principal;
      /**
       * The message that opened the ticket: webhooks hear it like any other message, while the alerts
       * for it went out with the ticket.created notice recorded beside it.
       */
      opensTicket?: true;
    }
  | {
      kind: "ticket.updated";
      ticket: Ticket;
      changes: TicketChangeNotice[];
      actor: Principal | null;
    }
  | { kind: "sla"; ticket: Ticket; alerts: unknown[] }
  /** An internal note mentioned these admins: each hears of it personally (never the shop, chats or webhooks). */
  | { kind: "mention"; ticket: Ticket; message: Message; actor: Principal; adminIds: string[] };

/**
 * The `ticket.updated` notice, the same from PATCH, bulk and merge: each change is copied field by field
 * to `{type, from, to}`, so a timeline row's extra fields (its actorId) never leak into the payload
 * by structural typing, and every path sends webhooks the same shape.
 */
export function ticketUpdatedNotice(
  ticket: Ticket,
  changes: ReadonlyArray<TicketChangeNotice>,
  actor: Principal | null,
): SupportNotice {
  return {
    kind: "ticket.updated",
    ticket,
    changes: changes.map((c) => ({ type: c.type, from: c.from, to: c.to })),
    actor,
  };
}

export type SupportNotifyPort = {
  record(trx: Tx, notices: SupportNotice[]): Promise<void>;
  /**
   * What `record` writes, as statements for the message post's single write statement (issue 17). They
   * run inside its transaction and commit with it.
   */
  plan(notices: SupportNotice[]): SqlPiece[];
};
export const noNotify: SupportNotifyPort = { record: () => Promise.resolve(), plan: () => [] };
