import {
  priorityRank,
  type TicketContextType,
  type TicketPriority,
  type TicketSlaFilter,
  type TicketSource,
  type TicketStatus,
} from "@parley/contract";
import type { Principal } from "../../../shared/principal";
import { ForbiddenError } from "../../../shared/app-error";
import { readTicketQuery } from "../domain/search";
import type { BulkTicketFilter } from "../repository/team.repository";
import type { TicketListFilter } from "../repository/ticket.repository";

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
  contextType?: TicketContextType;
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
    contextType: f.contextType,
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

/** The filters of GET /api/tickets and GET /api/tickets/count as parsed, the text search `q` aside. */
export type ListFilterInput = {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  assignee?: string;
  shopId?: string;
  updatedSince?: Date;
  sla?: TicketSlaFilter;
  contextId?: string;
  contextType?: TicketContextType;
  source?: TicketSource;
  tag?: string;
};

/**
 * The repository's list filter for a caller: a shop's always names its own shop; assignee and tag are
 * admins' (403 otherwise). Null when it can match nothing (a shop naming another shop). The queue's pages
 * and its count both start here, so "312 tickets" is what the pages list.
 */
export function toListFilter(principal: Principal, input: ListFilterInput): TicketListFilter | null {
  const filter: TicketListFilter = {};
  if (principal.role === "shop") {
    // A shop's own shopId filter can only narrow; any other shop's yields nothing.
    if (input.shopId !== undefined && input.shopId !== principal.shopId) return null;
    filter.shopId = principal.shopId;
  } else if (input.shopId !== undefined) {
    filter.shopId = input.shopId;
  }
  if (input.assignee !== undefined) {
    if (principal.role !== "admin") throw new ForbiddenError("Only admins filter by assignee.");
    filter.assigneeId =
      input.assignee === "me" ? principal.userId : input.assignee === "unassigned" ? null : input.assignee;
  }
  // Deduplicated: each value becomes its own index walk in the repository.
  if (input.status?.length) filter.statuses = [...new Set(input.status)];
  if (input.priority?.length) filter.priorityRanks = [...new Set(input.priority.map(priorityRank))];
  if (input.updatedSince) filter.updatedSince = input.updatedSince;
  if (input.sla) filter.sla = input.sla;
  if (input.tag !== undefined) {
    // Tags are the team's labels; a shop filtering by one would learn they exist.
    if (principal.role !== "admin") throw new ForbiddenError("Only admins filter by tag.");
    filter.tag = input.tag;
  }
  if (input.contextId !== undefined) filter.contextId = input.contextId;
  if (input.contextType !== undefined) filter.contextType = input.contextType;
  if (input.source !== undefined) filter.source = input.source;
  return filter;
}
