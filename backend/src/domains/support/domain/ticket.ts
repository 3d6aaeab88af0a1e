import type { Role } from "../../../shared/principal";

export const TICKET_STATUSES = ["open", "in_progress", "resolved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Lowest to highest. The rank (1..4) is what the `priority` sort orders by, urgent first. */
export const TICKET_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const DEFAULT_PRIORITY: TicketPriority = "medium";

export const TICKET_SORTS = ["updated", "created", "priority"] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export const SUBJECT_MAX = 200;
export const CATEGORY_MAX = 64;

export function priorityRank(p: TicketPriority): number {
  return TICKET_PRIORITIES.indexOf(p) + 1;
}

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
};

/** A side of the conversation: the shop, or the admins as one team. */
export type Side = "shop" | "admin";

/**
 * The ticket lifecycle (docs/curl-session.md shows it by example) as a table: for each (from, to),
 * the roles that may make that change by PATCH. Anything absent is INVALID_TRANSITION. Staying in the
 * same status is no change.
 *   open → in_progress → resolved → closed; admins also open → resolved and * → closed;
 *   a shop may close from any status; admins and the shop may reopen a resolved or closed ticket.
 */
const TRANSITIONS: Record<TicketStatus, Partial<Record<TicketStatus, readonly Role[]>>> = {
  open: { in_progress: ["admin"], resolved: ["admin"], closed: ["admin", "shop"] },
  in_progress: { resolved: ["admin"], closed: ["admin", "shop"] },
  resolved: { closed: ["admin", "shop"], open: ["admin", "shop"] },
  closed: { open: ["admin", "shop"] },
};

export function canTransition(from: TicketStatus, to: TicketStatus, role: Role): boolean {
  return TRANSITIONS[from][to]?.includes(role) ?? false;
}

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
 * What posting a message does to its ticket. A closed ticket takes no messages at all. The first public
 * admin reply to an open ticket starts work on it; a shop writing on a resolved ticket reopens it.
 */
export function replyEffect(
  ticket: Pick<Ticket, "status" | "firstResponseAt">,
  sender: Side,
  internal: boolean,
): ReplyEffect {
  if (ticket.status === "closed") return { kind: "refuse" };
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

export type TicketEventType = "created" | "status" | "priority" | "assignee";
export const TICKET_EVENT_TYPES = ["created", "status", "priority", "assignee"] as const;

export type TicketEvent = {
  type: TicketEventType;
  actorId: string | null;
  from: string | null;
  to: string | null;
  createdAt: Date;
};
