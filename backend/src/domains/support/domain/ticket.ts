import {
  type Role,
  type TicketContext,
  type TicketEventType,
  type TicketPriority,
  type TicketSource,
  type TicketStatus,
} from "@parley/contract";
import { isVisitorShopId } from "../../../shared/visitor";

// The lifecycle table, statuses, priorities and limits are the public contract's (packages/contract);
// this file keeps the rules only the server applies.
export { canTransition } from "@parley/contract";

export type Ticket = {
  id: string;
  number: number;
  shopId: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: string | null;
  assigneeId: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  lastMessageAt: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  sla: TicketSlaState;
  /** The order, listing, payout or booking on the host platform the ticket is about. */
  context: TicketContext | null;
  /** Admin-only labels, normalised (lower case), sorted. */
  tags: string[];
  /** Set once merged into another ticket. */
  mergedIntoId: string | null;
};

/**
 * Whether a shop user may name this context: a token without a `contexts` claim names any; with one, only
 * the `type:id` keys it lists (the host signs which orders belong to the shop).
 */
export function mayNameContext(allowed: readonly string[] | undefined, key: string): boolean {
  return allowed === undefined || allowed.includes(key);
}

/**
 * The ticket's SLA deadlines as the analytics domain last computed them (null while a clock is paused),
 * whether a target was missed, and the nearest running deadline (`dueAt`, what the queue sorts by).
 */
export type TicketSlaState = {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  breached: boolean;
  dueAt: Date | null;
  /** The reply owed to the shop's latest message (after an admin's reply); null when not running. */
  nextResponseDueAt: Date | null;
  /** When the nearest running target reaches 75% of its business time (the queue badge's amber). */
  warningAt: Date | null;
};

/** Breached when a target was recorded as missed, or a running deadline has passed (the checker may not have run yet). */
export function isSlaBreached(sla: TicketSlaState, now: Date): boolean {
  return sla.breached || (sla.dueAt !== null && sla.dueAt < now);
}

/** A side of the conversation: the shop, or the admins as one team. */
export type Side = "shop" | "admin";

/** The timestamps a status change sets or clears (reopening clears the resolution and closure). */
export function statusTimestamps(
  to: TicketStatus,
  now: Date,
): Partial<Pick<Ticket, "resolvedAt" | "closedAt">> {
  if (to === "resolved") return { resolvedAt: now, closedAt: null };
  if (to === "closed") return { closedAt: now };
  if (to === "open") return { resolvedAt: null, closedAt: null };
  return {};
}

export type ReplyEffect =
  { kind: "refuse" } | { kind: "accept"; status: TicketStatus; setFirstResponse: boolean };

/**
 * What posting a message does to its ticket. A closed ticket takes no messages at all, except where the
 * writer has no other way to reopen it (a website visitor: `reopensClosed`): then a public shop-side
 * message reopens it, as part of the same write, so a message that is refused leaves it closed. A merged
 * ticket is never reopened (its conversation goes on in its target). The first public admin reply to an
 * open ticket starts work on it; a shop writing on a resolved ticket reopens it.
 */
export function replyEffect(
  ticket: Pick<Ticket, "status" | "firstResponseAt"> & Partial<Pick<Ticket, "mergedIntoId">>,
  sender: Side,
  internal: boolean,
  opts: { reopensClosed?: boolean } = {},
): ReplyEffect {
  if (ticket.status === "closed") {
    const reopens = opts.reopensClosed === true && sender === "shop" && !internal && !ticket.mergedIntoId;
    return reopens ? { kind: "accept", status: "open", setFirstResponse: false } : { kind: "refuse" };
  }
  const publicAdminReply = sender === "admin" && !internal;
  if (publicAdminReply) {
    return {
      kind: "accept",
      status: ticket.status === "open" ? "in_progress" : ticket.status,
      setFirstResponse: ticket.firstResponseAt === null,
    };
  }
  if (sender === "shop" && ticket.status === "resolved") {
    return { kind: "accept", status: "open", setFirstResponse: false };
  }
  return { kind: "accept", status: ticket.status, setFirstResponse: false };
}

/** A shop sees its own shop's tickets only; admins see all. */
export function canSeeTicket(
  principal: { role: Role; shopId: string | null },
  ticket: Pick<Ticket, "shopId">,
): boolean {
  return principal.role === "admin" || (principal.shopId !== null && principal.shopId === ticket.shopId);
}

/** A website visitor's conversation lives under a reserved pseudo-shop (`visitor:<session id>`). */
export function ticketSource(shopId: string): TicketSource {
  return isVisitorShopId(shopId) ? "visitor" : "shop";
}

export type TicketEvent = {
  type: TicketEventType;
  actorId: string | null;
  from: string | null;
  to: string | null;
  createdAt: Date;
};

/**
 * The time a write under the tickets' row locks stamps its changes with: the transaction's clock, but never
 * before any locked ticket's last change. The clock starts when the transaction begins, before it has the
 * locks, so a write that waited for another (auto-assignment first waits for its own lock; a bulk job or a
 * merge for every row it names) would stamp its change older than the one it follows: updatedAt went
 * backwards, and clients, which keep the copy of a ticket with the newest updatedAt, dropped the newer state
 * as stale.
 */
export function changeTime(transactionNow: Date, locked: ReadonlyArray<Pick<Ticket, "updatedAt">>): Date {
  let at = transactionNow;
  for (const t of locked) if (t.updatedAt > at) at = t.updatedAt;
  return at;
}
