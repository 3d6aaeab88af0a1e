/** Typed fetchers for the support desk: tickets, messages, timeline, read receipts and the people around them. */
import {
  createdTicketSchema,
  messageListSchema,
  messageSchema,
  MESSAGE_PAGE_DEFAULT,
  personListSchema,
  ticketCountSchema,
  ticketEventListSchema,
  ticketListSchema,
  ticketSchema,
  TICKET_PAGE_DEFAULT,
  type CreateTicketBody,
  type PostMessageBody,
  type TicketPriority,
  type TicketSlaFilter,
  type TicketSort,
  type TicketSource,
  type TicketStatus,
  type UpdateTicketBody,
} from "@parley/contract";
import { request, requestNoContent } from "../../../services/api/client";

/** What a ticket list shows: the query's filters as the UI holds them. */
export type TicketFilters = {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  /** "me", "unassigned" or an admin's id (admins only). */
  assignee?: string;
  shopId?: string;
  q?: string;
  sort?: TicketSort;
  /** Tickets about one order (listing, payout, booking) of the host platform. */
  contextId?: string;
  /** visitor: website visitors' conversations only (issue 18); shop: shops' tickets only. */
  source?: TicketSource;
  /** Admins: breached, or a running deadline within the hour. */
  sla?: TicketSlaFilter;
  /** Admins: only tickets carrying this tag (issue 16). */
  tag?: string;
};

const ticketPath = (id: string) => `/api/tickets/${encodeURIComponent(id)}`;

/** The query parameters a list's filters send: the list and its count name the same tickets. */
const filterQuery = (filters: TicketFilters) => ({
  status: filters.status,
  priority: filters.priority,
  assignee: filters.assignee,
  shopId: filters.shopId,
  contextId: filters.contextId,
  source: filters.source,
  q: filters.q?.trim(),
  tag: filters.tag,
  sla: filters.sla,
});

export function listTickets(
  filters: TicketFilters & { updatedSince?: string; cursor?: string | null; limit?: number },
  signal?: AbortSignal,
) {
  return request(ticketListSchema, "/api/tickets", {
    signal,
    query: {
      ...filterQuery(filters),
      sort: filters.sort,
      updatedSince: filters.updatedSince,
      cursor: filters.cursor,
      limit: filters.limit ?? TICKET_PAGE_DEFAULT,
    },
  });
}

/** How many tickets match the filters (up to TICKET_COUNT_CAP); the sort is not sent: it counts nothing. */
export const countTickets = (filters: TicketFilters, signal?: AbortSignal) =>
  request(ticketCountSchema, "/api/tickets/count", { signal, query: filterQuery(filters) });

export const getTicket = (id: string, signal?: AbortSignal) =>
  request(ticketSchema, ticketPath(id), { signal });

export const createTicket = (input: CreateTicketBody) =>
  request(createdTicketSchema, "/api/tickets", { method: "POST", body: input });

export const updateTicket = (id: string, patch: UpdateTicketBody) =>
  request(ticketSchema, ticketPath(id), { method: "PATCH", body: patch });

export const listMessages = (
  ticketId: string,
  opts: { after?: string | null; limit?: number; signal?: AbortSignal } = {},
) =>
  request(messageListSchema, `${ticketPath(ticketId)}/messages`, {
    signal: opts.signal,
    query: { after: opts.after, limit: opts.limit ?? MESSAGE_PAGE_DEFAULT },
  }).then((r) => r.items);

export const postMessage = (ticketId: string, input: PostMessageBody) =>
  request(messageSchema, `${ticketPath(ticketId)}/messages`, { method: "POST", body: input });

export const markRead = (ticketId: string, upToMessageId?: string) =>
  requestNoContent(`${ticketPath(ticketId)}/read`, {
    method: "POST",
    body: upToMessageId ? { upToMessageId } : {},
  });

export const listTicketEvents = (ticketId: string, signal?: AbortSignal) =>
  // include=all: the SLA clock, tags, merges and ratings too (the API gives the contract's four kinds by default).
  request(ticketEventListSchema, `${ticketPath(ticketId)}/events?include=all`, { signal }).then(
    (r) => r.items,
  );

export const listAdmins = () => request(personListSchema, "/api/admins").then((r) => r.items);
export const listShops = () => request(personListSchema, "/api/shops").then((r) => r.items);
