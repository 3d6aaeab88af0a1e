import type { TicketPriority, TicketSlaFilter, TicketSource, TicketStatus } from "@parley/contract";
import { readTicketQuery } from "../domain/search";
import type { BulkTicketFilter } from "../repository/team.repository";

/** A queue filter as the API and saved views name it (`assignee: "me"`, free-text `q`). */
export type QueueFilterInput = {
  status?: readonly string[];
  priority?: readonly string[];
  shopId?: string;
  tag?: string;
  assignee?: string;
  q?: string;
  sla?: TicketSlaFilter;
  source?: TicketSource;
  contextId?: string;
};

/**
 * The repository's set filter for a queue filter: "me" is the caller, "unassigned" is no assignee, and
 * `q` is read as the queue reads it (readTicketQuery: `#2` is ticket 2, not text containing 2). Shared
 * by bulk changes and saved-view counts so a view's count and "apply to all matching" always mean the
 * tickets the queue lists.
 */
export function toBulkTicketFilter(f: QueueFilterInput, callerId: string): BulkTicketFilter {
  const query = f.q !== undefined ? readTicketQuery(f.q) : null;
  return {
    statuses: f.status as TicketStatus[] | undefined,
    priorities: f.priority as TicketPriority[] | undefined,
    shopId: f.shopId,
    tag: f.tag,
    sla: f.sla,
    source: f.source,
    contextId: f.contextId,
    assigneeId:
      f.assignee === undefined
        ? undefined
        : f.assignee === "me"
          ? callerId
          : f.assignee === "unassigned"
            ? null
            : f.assignee,
    number: query?.number ?? undefined,
    tsquery: query?.tsquery ?? undefined,
    none: query?.none ? true : undefined,
  };
}
