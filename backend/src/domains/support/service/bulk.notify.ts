import type { Principal } from "../../../shared/principal";
import type { Ticket } from "../domain/ticket";
import type { EventRow, TicketChangeRow } from "../repository/team.repository";
import { ticketUpdatedNotice, type SupportNotice } from "./notify.port";
import type { SupportEvents, TicketSnapshot } from "./support.events";

/** Up to this many changed tickets, admins get each one's ticket:updated; above it, bulk:progress tells queues to refetch. */
const PER_TICKET_EVENTS_MAX = 200;
/**
 * Tickets read and announced per turn of the event loop: 10,000 events serialized and written at once
 * would hold up every other request and socket of the process for about a second.
 */
const EVENTS_PER_TURN = 100;

/** The ticket's own changes (the chunk's timeline also holds the SLA clock's entries). */
const CHANGE_TYPES = new Set(["status", "priority", "assignee", "tags"]);

/**
 * The outbox notices of one bulk chunk: a ticket.updated per changed ticket (so a bulk resolve sends each
 * shop its "resolved" alert, as a PATCH would) and the SLA alerts the changes raised. Kept apart from
 * bulk.service.ts, which calls it once per chunk inside its transaction.
 */
export function bulkNotices(
  actor: Principal,
  locked: Ticket[],
  changes: TicketChangeRow[],
  timeline: EventRow[],
  slaAlerts: Array<{ ticket: Ticket; alerts: unknown[] }>,
): SupportNotice[] {
  const before = new Map(locked.map((t) => [t.id, t]));
  const notices: SupportNotice[] = [];
  for (const c of changes) {
    const t = before.get(c.id);
    if (!t) continue;
    const after: Ticket = {
      ...t,
      status: c.status ?? t.status,
      priority: c.priority ?? t.priority,
      assigneeId: c.assigneeId === undefined ? t.assigneeId : c.assigneeId,
      tags: c.tags ?? t.tags,
    };
    const ticketChanges = timeline.filter((e) => e.ticketId === c.id && CHANGE_TYPES.has(e.type));
    notices.push(ticketUpdatedNotice(after, ticketChanges, actor));
    for (const a of slaAlerts)
      if (a.ticket.id === c.id) notices.push({ kind: "sla", ticket: after, alerts: a.alerts });
  }
  return notices;
}

/** A ticket a committed bulk job changed; `shopSees`: not a change of its tags alone. */
export type BulkChange = { id: string; shopSees: boolean };

/**
 * The ticket:updated events of a committed bulk job. Every changed ticket's shop hears it, whatever the
 * job's size: a shop's room holds only that shop's sockets, so this is one event per ticket, with the
 * shop's own view of it (the same mapping as any ticket:updated: no team tags, its own unread count).
 * Admins hear each ticket only up to PER_TICKET_EVENTS_MAX; past it the job's final bulk:progress makes
 * their queues refetch. A change of tags alone is the team's: its shop hears nothing. The tickets are read
 * as they now stand a batch at a time, so memory stays bounded at 50,000 tickets, and each batch's events
 * go out in a turn of the event loop of their own.
 */
export async function announceBulkChanges(
  deps: { emit: SupportEvents; read(ids: string[]): Promise<TicketSnapshot[]> },
  changes: BulkChange[],
): Promise<void> {
  const toAdmins = changes.length <= PER_TICKET_EVENTS_MAX;
  const heard = toAdmins ? changes : changes.filter((c) => c.shopSees);
  const shopSees = new Map(heard.map((c) => [c.id, c.shopSees]));
  for (let i = 0; i < heard.length; i += EVENTS_PER_TURN) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const batch = heard.slice(i, i + EVENTS_PER_TURN).map((c) => c.id);
    for (const ticket of await deps.read(batch)) {
      if (!toAdmins) deps.emit.ticketUpdated(ticket, "shop");
      else deps.emit.ticketUpdated(ticket, shopSees.get(ticket.id) === false ? "admins" : undefined);
    }
  }
}
