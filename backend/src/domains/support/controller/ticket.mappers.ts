import type {
  Message as MessageDto,
  Ticket as TicketDto,
  TicketEvent as TicketEventDto,
} from "@parley/contract";
import { isSlaBreached, ticketSource, type Side, type Ticket, type TicketEvent } from "../domain/ticket";
import { messageView, type Message } from "../domain/message";

/** Domain objects to the contract's response shapes (packages/contract), whitelisted field by field. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Whitelisted: a ticket leaves the API with exactly these fields. */
export function toTicketDto(
  t: Ticket,
  unreadCount: number,
  side: Side = "admin",
  now: Date = new Date(),
): TicketDto {
  return {
    id: t.id,
    number: t.number,
    // A visitor's conversation is stored under a reserved pseudo-shop; to clients it belongs to no shop.
    shopId: ticketSource(t.shopId) === "visitor" ? null : t.shopId,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    category: t.category,
    assigneeId: t.assigneeId,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    lastMessageAt: iso(t.lastMessageAt),
    firstResponseAt: iso(t.firstResponseAt),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
    unreadCount,
    sla: {
      firstResponseDueAt: iso(t.sla.firstResponseDueAt),
      resolutionDueAt: iso(t.sla.resolutionDueAt),
      breached: isSlaBreached(t.sla, now),
      nextResponseDueAt: iso(t.sla.nextResponseDueAt),
      warningAt: iso(t.sla.warningAt),
    },
    context: t.context
      ? { type: t.context.type, id: t.context.id, title: t.context.title, url: t.context.url }
      : null,
    source: ticketSource(t.shopId),
    // Tags are the team's own labels: a shop never sees them.
    tags: side === "admin" ? t.tags : [],
    mergedIntoId: t.mergedIntoId,
  };
}

export function toMessageDto(m: Message): MessageDto {
  return messageView(m);
}

export function toTicketEventDto(e: TicketEvent): TicketEventDto {
  return { type: e.type, actorId: e.actorId, from: e.from, to: e.to, createdAt: e.createdAt.toISOString() };
}
