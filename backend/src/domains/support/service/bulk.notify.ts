import type { Principal } from "../../../shared/principal";
import type { Ticket } from "../domain/ticket";
import type { EventRow, TicketChangeRow } from "../repository/team.repository";
import { ticketUpdatedNotice, type SupportNotice } from "./notify.port";

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
