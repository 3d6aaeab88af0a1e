import type { Ticket } from "../domain/ticket";
import type { Message } from "../domain/message";

/** A ticket as it stood after the commit, with the unread counts of both sides (the socket layer sends each side its own). */
export type TicketSnapshot = Ticket & { unread: { shop: number; admin: number } };
export type MessageRead = {
  ticketId: string;
  shopId: string;
  readerType: "shop" | "admin";
  upToMessageId: string | null;
  readAt: Date;
  /**
   * The reader's side's unread messages after the read (its pointer may stop short of the newest message):
   * every client of that side shows this count, rather than guessing 0 from the receipt.
   */
  unreadCount: number;
  /**
   * The receipt as the shop may see it (its upToMessageId is always a public message), or null when the
   * shop must not hear of this read at all (an admin who only read past internal notes).
   */
  shopView: { upToMessageId: string | null } | null;
};
export interface SupportEvents {
  ticketCreated(ticket: TicketSnapshot): void;
  /**
   * `"admins"`: a change only the team sees (tags), so the shop hears nothing: no event that says its
   * ticket moved while nothing it can see did. `"shop"`: the ticket's shop only (a bulk job past the
   * admins' per-ticket cap: they refetch on its final bulk:progress instead).
   */
  ticketUpdated(ticket: TicketSnapshot, audience?: "admins" | "shop"): void;
  /** Internal notes included: the socket layer sends them to admins only. */
  messageCreated(message: Message, ticket: TicketSnapshot): void;
  messageRead(read: MessageRead): void;
}
export const noSupportEvents: SupportEvents = {
  ticketCreated() {},
  ticketUpdated() {},
  messageCreated() {},
  messageRead() {},
};
