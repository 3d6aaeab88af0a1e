/**
 * Keeps every cached ticket list and ticket in step with live changes (socket events, catch-up, our own
 * mutations) without refetching: a changed ticket is patched in place, moved to the top when the list is
 * sorted by activity, dropped from lists whose filters it no longer matches, and added to those it now does.
 */
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { priorityRank, type MessageRead, type Role, type Ticket, type TicketList } from "@parley/contract";
import type { TicketFilters } from "./tickets";

export type QueueData = InfiniteData<TicketList, string | null>;
export const queueKey = (filters: TicketFilters) => ["tickets", filters] as const;
export const ticketKey = (id: string) => ["ticket", id] as const;

/** Whether a ticket belongs in a list with these filters; null when only the server can tell (search). */
export function matchesFilters(t: Ticket, f: TicketFilters, meId: string): boolean | null {
  if (f.status?.length && !f.status.includes(t.status)) return false;
  if (f.priority?.length && !f.priority.includes(t.priority)) return false;
  if (f.shopId && t.shopId !== f.shopId) return false;
  if (f.source && (t.source ?? "shop") !== f.source) return false;
  if (f.assignee === "me" && t.assigneeId !== meId) return false;
  if (f.assignee === "unassigned" && t.assigneeId) return false;
  if (f.assignee && f.assignee !== "me" && f.assignee !== "unassigned" && t.assigneeId !== f.assignee)
    return false;
  if (f.q?.trim() || f.sla) return null;
  return true;
}

function isOlder(incoming: Ticket, known: Ticket): boolean {
  return Date.parse(incoming.updatedAt) < Date.parse(known.updatedAt);
}

export function findCachedTicket(qc: QueryClient, id: string): Ticket | undefined {
  const direct = qc.getQueryData<Ticket>(ticketKey(id));
  if (direct) return direct;
  for (const [, data] of qc.getQueriesData<QueueData>({ queryKey: ["tickets"] })) {
    for (const page of data?.pages ?? []) {
      const hit = page.items.find((t) => t.id === id);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Applies a newer copy of a ticket to every cache that holds or should hold it. */
export function upsertTicket(qc: QueryClient, ticket: Ticket, meId: string): void {
  const current = qc.getQueryData<Ticket>(ticketKey(ticket.id));
  if (!current || !isOlder(ticket, current)) qc.setQueryData(ticketKey(ticket.id), ticket);

  for (const [key, data] of qc.getQueriesData<QueueData>({ queryKey: ["tickets"] })) {
    if (!data) continue;
    const filters = (key[1] ?? {}) as TicketFilters;
    const known = data.pages.flatMap((p) => p.items).find((t) => t.id === ticket.id);
    if (known && isOlder(ticket, known)) continue;
    const matches = matchesFilters(ticket, filters, meId);
    if (matches === null && !known) {
      void qc.invalidateQueries({ queryKey: key, exact: true });
      continue;
    }
    const keep = matches !== false;
    const sort = filters.sort ?? "updated";
    const moveToTop = keep && (!known || (sort === "updated" && known.updatedAt !== ticket.updatedAt));
    const pages = data.pages.map((p, i) => {
      let items = p.items;
      if (known && (!keep || moveToTop)) items = items.filter((t) => t.id !== ticket.id);
      else if (known) items = items.map((t) => (t.id === ticket.id ? ticket : t));
      if (moveToTop && i === 0) {
        items = [ticket, ...items];
        if (sort === "priority") {
          items = [...items].sort((a, b) => priorityRank(b.priority) - priorityRank(a.priority));
        }
      }
      return items === p.items ? p : { ...p, items };
    });
    qc.setQueryData<QueueData>(key, { ...data, pages });
  }
}

/** A local change that carries no new updatedAt (e.g. we just read the thread: no unread left). */
export function patchTicket(qc: QueryClient, id: string, patch: Partial<Ticket>): void {
  const current = qc.getQueryData<Ticket>(ticketKey(id));
  if (current) qc.setQueryData(ticketKey(id), { ...current, ...patch });
  for (const [key, data] of qc.getQueriesData<QueueData>({ queryKey: ["tickets"] })) {
    if (!data?.pages.some((p) => p.items.some((t) => t.id === id))) continue;
    qc.setQueryData<QueueData>(key, {
      ...data,
      pages: data.pages.map((p) => ({
        ...p,
        items: p.items.map((t) => (t.id === id ? { ...t, ...patch } : t)),
      })),
    });
  }
}

/**
 * A read receipt from the server. Unread counts are per side (every admin shares one, as does every user
 * of a shop), and no ticket:updated follows a read, so a receipt of our side (a colleague, our other tab)
 * sets this browser's badge to the count it carries: what is left unread after the read, which a read up
 * to an older message leaves above zero. The other side's receipts say nothing about our count.
 *
 * Ordering: a receipt and a message's ticket:updated may arrive in either order (two processes publish
 * them), and neither carries a sequence number, only times stamped when each transaction began (each then
 * waits for the ticket's lock). A receipt stamped before the newest message we know of (readAt <
 * lastMessageAt) is dropped: normally it committed before that message, whose own ticket:updated carries
 * the newer count, and a late receipt must not undo it. One stamped at or after it is applied: normally
 * it took the lock after that message committed, so it counted it. Both rules can only err when a read
 * and a message begin within the moment before either takes the lock and their events then also cross:
 * the badge is off by that message until the ticket's next event or the queue's catch-up.
 */
export function applyRead(qc: QueryClient, read: MessageRead, side: Role): void {
  if (read.readerType !== side) return;
  const ticket = findCachedTicket(qc, read.ticketId);
  if (!ticket) return;
  if (ticket.lastMessageAt && Date.parse(read.readAt) < Date.parse(ticket.lastMessageAt)) return;
  patchTicket(qc, read.ticketId, { unreadCount: read.unreadCount });
}
