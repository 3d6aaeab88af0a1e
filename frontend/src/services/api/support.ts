/** Typed fetchers for the support desk: tickets, messages, timeline, read receipts and the people around them. */
import { apiFetch } from "./client";

export const TICKET_STATUSES = ["open", "in_progress", "resolved", "closed"] as const;
export const TICKET_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export const TICKET_SORTS = ["updated", "created", "priority"] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketSort = (typeof TICKET_SORTS)[number];
export type Role = "shop" | "admin";
export type SenderType = "shop" | "admin" | "system";

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
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  unreadCount: number;
};

export type Message = {
  id: string;
  ticketId: string;
  senderType: SenderType;
  senderId: string | null;
  senderName: string | null;
  body: string;
  internal: boolean;
  attachments: unknown[];
  clientMessageId: string | null;
  createdAt: string;
  readAt: string | null;
};

export type TicketEvent = {
  type: string;
  actorId: string | null;
  from: string | null;
  to: string | null;
  createdAt: string;
};

export type Page<T> = { items: T[]; nextCursor: string | null };
export type Person = { id: string; name: string };
export type Me = { id: string; role: Role; shopId: string | null; name: string | null };

export type TicketFilters = {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  /** "me", "unassigned" or an admin's id (admins only). */
  assignee?: string;
  shopId?: string;
  q?: string;
  sort?: TicketSort;
};

export type NewTicket = {
  subject: string;
  message: string;
  priority?: TicketPriority;
  category?: string;
};

export type NewMessage = {
  body: string;
  internal?: boolean;
  clientMessageId?: string;
  expectedLastMessageId?: string;
};

export type TicketPatch = {
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: string | null;
};

export const MESSAGE_PAGE_SIZE = 100;

export function listTickets(
  filters: TicketFilters & { updatedSince?: string; cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<Page<Ticket>> {
  return apiFetch<Page<Ticket>>("/api/tickets", {
    signal,
    query: {
      status: filters.status,
      priority: filters.priority,
      assignee: filters.assignee,
      shopId: filters.shopId,
      q: filters.q?.trim(),
      sort: filters.sort,
      updatedSince: filters.updatedSince,
      cursor: filters.cursor,
      limit: filters.limit ?? 25,
    },
  });
}

export const getTicket = (id: string, signal?: AbortSignal) =>
  apiFetch<Ticket>(`/api/tickets/${encodeURIComponent(id)}`, { signal });

export const createTicket = (input: NewTicket) =>
  apiFetch<Ticket>("/api/tickets", { method: "POST", body: input });

export const updateTicket = (id: string, patch: TicketPatch) =>
  apiFetch<Ticket>(`/api/tickets/${encodeURIComponent(id)}`, { method: "PATCH", body: patch });

export const listMessages = (ticketId: string, opts: { after?: string | null; limit?: number } = {}) =>
  apiFetch<{ items: Message[] }>(`/api/tickets/${encodeURIComponent(ticketId)}/messages`, {
    query: { after: opts.after, limit: opts.limit ?? MESSAGE_PAGE_SIZE },
  }).then((r) => r.items);

export const postMessage = (ticketId: string, input: NewMessage) =>
  apiFetch<Message>(`/api/tickets/${encodeURIComponent(ticketId)}/messages`, {
    method: "POST",
    body: input,
  });

export const markRead = (ticketId: string, upToMessageId?: string) =>
  apiFetch<void>(`/api/tickets/${encodeURIComponent(ticketId)}/read`, {
    method: "POST",
    body: upToMessageId ? { upToMessageId } : {},
  });

export const listTicketEvents = (ticketId: string, signal?: AbortSignal) =>
  apiFetch<{ items: TicketEvent[] }>(`/api/tickets/${encodeURIComponent(ticketId)}/events`, {
    signal,
  }).then((r) => r.items);

export const getMe = () => apiFetch<Me>("/api/me");
export const listAdmins = () => apiFetch<{ items: Person[] }>("/api/admins").then((r) => r.items);
export const listShops = () => apiFetch<{ items: Person[] }>("/api/shops").then((r) => r.items);
