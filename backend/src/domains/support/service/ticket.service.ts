import type { Knex } from "knex";
import type { Principal } from "../../../shared/principal";
import { ConflictError, ForbiddenError, ValidationError } from "../../../shared/app-error";
import {
  canTransition,
  CONTRACT_TICKET_EVENT_TYPES,
  contextKey,
  RELEVANCE_NEEDS_QUERY,
  relevanceWithoutQuery,
  TICKET_COUNT_CAP,
  type TicketCount,
  type TicketContextInput,
  type TicketPriority,
  type TicketSort,
  type TicketStatus,
} from "@parley/contract";
import {
  canSeeTicket,
  mayNameContext,
  statusTimestamps,
  type Ticket,
  type TicketEvent,
} from "../domain/ticket";
import { DuplicateClientMessageIdError, TicketNotFoundError } from "../domain/support.errors";
import type { Message } from "../domain/message";
import { TEXT_MATCHES_START, decodeCursor, encodeCursor, isUuid } from "../domain/cursor";
import {
  HEADLINE_START,
  HEADLINE_STOP,
  headlineParts,
  messageSnippetParts,
  prefixWords,
  readTicketQuery,
  SNIPPET_SCAN,
  toSearchText,
} from "../domain/search";
import { TicketMergedError, TransitionNotAllowedError } from "../domain/support.errors";
import { mergedTicketRefuses } from "../domain/team";
import type { TicketRepository } from "../repository/ticket.repository";
import type { MessageRepository } from "../repository/message.repository";
import type { EventRepository, NewTicketEvent } from "../repository/event.repository";
import type { ReadStateRepository } from "../repository/read-state.repository";
import type { SupportEvents } from "./support.events";
import { slaPatch, type SupportSlaPort } from "./sla.port";
import { lockVisibleTicket, sideOfPrincipal, snapshot, visibleTicket, type Db } from "./access";
import { attachUploads, type SupportAttachmentsPort } from "./attachments.port";
import { ticketUpdatedNotice, type SupportNotifyPort } from "./notify.port";
import { SharedReads } from "../../../platform/shared-reads";
import { toListFilter, type ListFilterInput } from "./queue-filter";

export type TicketWithUnread = Ticket & { unreadCount: number };
export type SearchSnippet = { messageId: string; parts: Array<{ text: string; match: boolean }> };
export type ListedTicket = TicketWithUnread & { searchSnippet?: SearchSnippet | null };
export type ListedPage = { items: ListedTicket[]; nextCursor: string | null };

export type CreateTicketInput = {
  subject: string;
  message: string;
  priority?: TicketPriority;
  category?: string | null;
  attachmentIds?: string[];
  context?: TicketContextInput | null;
  /** The first message's idempotency key, per sender: a repeat files nothing (see createTicket). */
  clientMessageId?: string;
};

export type ListTicketsInput = ListFilterInput & {
  q?: string;
  sort: TicketSort;
  limit: number;
  cursor?: string;
};

/** GET /api/tickets/count: the list's filters and text search, without the page. */
export type CountTicketsInput = ListFilterInput & { q?: string };

/**
 * What a page depends on besides the query: the caller's role, a shop's shop, and who "me" is. Two
 * requests with the same key read the same rows (see listTickets).
 */
function pageKey(principal: Principal, input: ListTicketsInput | CountTicketsInput): string {
  return JSON.stringify([
    principal.role,
    principal.shopId,
    input.assignee === "me" ? principal.userId : null,
    input,
  ]);
}

export type UpdateTicketInput = {
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: string | null;
};

/** What both support services are built from (index.ts passes the same object to each). */
export type SupportServiceDeps = {
  db: Db;
  tickets: TicketRepository;
  messages: MessageRepository;
  events: EventRepository;
  reads: ReadStateRepository;
  emit: SupportEvents;
  sla: SupportSlaPort;
  attachments: SupportAttachmentsPort;
  /** The notifications outbox: written inside our transactions. */
  notify: SupportNotifyPort;
};

/** What the support domain asks of the identity domain, through its service (wired in modules.ts). */
export type SupportIdentityPort = {
  /** Whether this user id names an admin (assignees must be admins). */
  isAdmin(userId: string): Promise<boolean>;
};

/**
 * At most one ticket per key (a website visitor's session, issue 18), guarded in the database: `existing`
 * runs first in the new ticket's transaction and may lock the key's row, so a concurrent opener, in any
 * process, waits for this commit and then finds the ticket `link` recorded in the same transaction.
 */
export type OpenOnce = {
  /** The ticket already opened for the key; one here means open none. */
  existing(trx: Knex.Transaction): Promise<string | null>;
  link(trx: Knex.Transaction, ticketId: string): Promise<void>;
  /** The first message's clientMessageId, so a retried first message is replayed, not posted twice. */
  clientMessageId?: string;
};

type Opened = { ticket: TicketWithUnread; message: Message };

/** The timeline kinds CONTRACT.md lists (listEvents without `all`). */
const CONTRACT_KINDS: ReadonlySet<string> = new Set(CONTRACT_TICKET_EVENT_TYPES);

export function createTicketService(deps: SupportServiceDeps & { identity: SupportIdentityPort }) {
  const { db, tickets, messages, events, reads, emit, sla, notify } = deps;

  async function openTicket(
    principal: Principal,
    input: CreateTicketInput,
    once?: OpenOnce,
  ): Promise<Opened | { existingTicketId: string }> {
    if (principal.role !== "shop" || !principal.shopId) {
      throw new ForbiddenError("Only shop users file tickets.");
    }
    const shopId = principal.shopId;
    const context = input.context
      ? {
          type: input.context.type,
          id: input.context.id,
          title: input.context.title ?? null,
          url: input.context.url ?? null,
        }
      : null;
    if (context && !mayNameContext(principal.contexts, contextKey(context))) {
      throw new ValidationError("This shop may not name that context.", [
        { path: "context.id", message: `Not one of the token's contexts: ${contextKey(context)}.` },
      ]);
    }
    const result = await db.transaction(async (trx) => {
      const existingTicketId = once ? await once.existing(trx) : null;
      if (existingTicketId) return { existingTicketId };
      const now = await tickets.now(trx);
      const ticket = await tickets.insert(trx, {
        shopId,
        subject: input.subject,
        searchText: { subject: toSearchText(input.subject), body: toSearchText(input.message) },
        priority: input.priority ?? "medium",
        category: input.category ?? null,
        createdBy: principal.userId,
        context,
        now,
      });
      const inserted = await messages.insert(trx, {
        ticketId: ticket.id,
        senderType: "shop",
        senderId: principal.userId,
        senderName: principal.name,
        body: input.message,
        internal: false,
        clientMessageId: once?.clientMessageId ?? input.clientMessageId ?? null,
        now,
      });
      const clock = slaPatch(
        await sla.ticketCreated(trx, { ticketId: ticket.id, priority: ticket.priority, now }),
      );
      const message = await attachUploads(
        deps.attachments,
        messages,
        trx,
        inserted,
        shopId,
        input.attachmentIds,
        now,
      );
      await events.insert(
        trx,
        ticket.id,
        [{ type: "created", actorId: principal.userId, from: null, to: "open" }, ...clock.events],
        now,
      );
      const withSla = clock.sla ? await tickets.update(trx, ticket.id, { sla: clock.sla }) : ticket;
      await reads.advance(trx, ticket.id, "shop", message.seq, now);
      const { seq: _s, ...publicMessage } = message;
      await notify.record(trx, [
        { kind: "ticket.created", ticket: withSla, message: publicMessage, actor: principal },
        // A message.created webhook hears every public message, the first one too.
        {
          kind: "message.created",
          ticket: withSla,
          message: publicMessage,
          actor: principal,
          opensTicket: true,
        },
      ]);
      if (once) await once.link(trx, ticket.id);
      return { ticket: withSla, message, snap: await snapshot(tickets, trx, withSla) };
    });
    if (result.existingTicketId !== undefined) return { existingTicketId: result.existingTicketId };
    const { seq: _seq, ...message } = result.message;
    emit.ticketCreated(result.snap);
    emit.messageCreated(message, result.snap);
    return { ticket: { ...result.ticket, unreadCount: result.snap.unread.shop }, message };
  }

  /**
   * The ticket this sender filed with this first-message key, or null. 409 when the key named a reply, or a
   * ticket with other words: a repeat is the same request again, and answering another request's ticket
   * would lose this one's words (two browser tabs once shared a key that way).
   */
  async function filedWith(
    principal: Principal,
    key: string,
    input: CreateTicketInput,
  ): Promise<(Opened & { replayed: true }) | null> {
    const first = await messages.findByClientId(db, principal.userId, key);
    if (!first) return null;
    const holder = await tickets.findById(db, first.ticketId);
    // A host may give one user id to a person acting for several shops: the key was used in another shop.
    // It is taken all the same (a conflict, as for a reply), but that shop's ticket is not this caller's.
    if (!holder || !canSeeTicket(principal, holder)) {
      throw new ConflictError("This clientMessageId was already used by this user in another shop.", [
        { path: "clientMessageId", message: "Already used: send a new key." },
      ]);
    }
    // A ticket's opening message is written with the ticket, at the same instant; a reply comes later. A
    // merge moves the opening message on to the target: the ticket it filed is then among those merged
    // into the message's ticket, created at its instant (one lookup, on this rare path only).
    const ticket =
      first.createdAt.getTime() === holder.createdAt.getTime()
        ? holder
        : principal.shopId !== null
          ? await tickets.findMergedInto(db, holder.id, principal.shopId, first.createdAt)
          : null;
    if (!ticket) {
      throw new ConflictError("This clientMessageId was already used for a reply, not for a new ticket.", [
        { path: "clientMessageId", message: "Already used for a reply." },
      ]);
    }
    if (ticket.subject !== input.subject || first.body !== input.message) {
      throw new ConflictError("This clientMessageId was already used for a ticket with other words.", [
        { path: "clientMessageId", message: "Already used for another ticket: send a new key." },
      ]);
    }
    const unread = await tickets.unreadCounts(db, ticket.id);
    const { seq: _seq, ...message } = first;
    return {
      ticket: { ...ticket, unreadCount: unread[sideOfPrincipal(principal)] },
      message,
      replayed: true,
    };
  }

  /** See updateTicket; `reopened` is true when this call moved the ticket to open. */
  async function applyUpdate(
    principal: Principal,
    id: string,
    input: UpdateTicketInput,
  ): Promise<{ ticket: TicketWithUnread; reopened: boolean }> {
    const side = sideOfPrincipal(principal);
    // Asked before the transaction: the embedded database has one connection, so another domain's
    // query inside our transaction would wait for it to end.
    const assigneeIsAdmin =
      principal.role === "admin" && input.assigneeId ? await deps.identity.isAdmin(input.assigneeId) : true;
    const result = await db.transaction(async (trx) => {
      const { ticket, now } = await lockVisibleTicket(tickets, trx, principal, id);
      if (principal.role !== "admin" && (input.priority !== undefined || input.assigneeId !== undefined)) {
        throw new ForbiddenError("Only admins change the priority or the assignee.");
      }
      if (input.assigneeId && !assigneeIsAdmin) {
        throw new ValidationError("The assignee must be an admin.", [
          { path: "assigneeId", message: "No admin user has this id." },
        ]);
      }
      if (mergedTicketRefuses(ticket, input)) throw new TicketMergedError();
      const patch: Parameters<TicketRepository["update"]>[2] = {};
      const changes: NewTicketEvent[] = [];
      const actorId = principal.userId;
      if (input.status !== undefined && input.status !== ticket.status) {
        if (!canTransition(ticket.status, input.status, principal.role)) {
          throw new TransitionNotAllowedError(ticket.status, input.status);
        }
        Object.assign(patch, { status: input.status }, statusTimestamps(input.status, now));
        changes.push({ type: "status", actorId, from: ticket.status, to: input.status });
      }
      if (input.priority !== undefined && input.priority !== ticket.priority) {
        patch.priority = input.priority;
        changes.push({ type: "priority", actorId, from: ticket.priority, to: input.priority });
      }
      if (input.assigneeId !== undefined && input.assigneeId !== ticket.assigneeId) {
        patch.assigneeId = input.assigneeId;
        changes.push({ type: "assignee", actorId, from: ticket.assigneeId, to: input.assigneeId });
      }
      if (changes.length === 0) return { ticket, snap: null, alerts: [], reopened: false };
      const outcome =
        patch.status !== undefined || patch.priority !== undefined
          ? await sla.ticketChanged(trx, {
              ticketId: ticket.id,
              now,
              change: { status: patch.status, priority: patch.priority },
            })
          : null;
      const clock = slaPatch(outcome);
      if (clock.sla) patch.sla = clock.sla;
      patch.updatedAt = now;
      const updated = await tickets.update(trx, ticket.id, patch);
      await events.insert(trx, ticket.id, [...changes, ...clock.events], now);
      await notify.record(trx, [
        ticketUpdatedNotice(updated, changes, principal),
        { kind: "sla", ticket: updated, alerts: outcome?.alerts ?? [] },
      ]);
      return {
        ticket: updated,
        snap: await snapshot(tickets, trx, updated),
        alerts: outcome?.alerts ?? [],
        reopened: patch.status === "open",
      };
    });
    if (result.snap) {
      emit.ticketUpdated(result.snap);
      sla.publish(result.ticket, result.alerts);
      return {
        ticket: { ...result.ticket, unreadCount: result.snap.unread[side] },
        reopened: result.reopened,
      };
    }
    const unread = await tickets.unreadCounts(db, result.ticket.id);
    return { ticket: { ...result.ticket, unreadCount: unread[side] }, reopened: false };
  }

  const pages = new SharedReads<ListedPage>();
  const counts = new SharedReads<TicketCount>();

  /**
   * How many tickets the list with these filters holds, up to `cap`. The text search reads as readPage
   * reads it: `#87` is that ticket alone; a bare `87` is that ticket and every text match besides it.
   */
  async function countMatching(principal: Principal, input: CountTicketsInput, cap: number) {
    const filter = toListFilter(principal, input);
    const query = input.q !== undefined ? readTicketQuery(input.q) : null;
    if (!filter || query?.none) return { count: 0, capped: false };
    const side = sideOfPrincipal(principal);
    let hits = 0;
    if (query && query.number !== null) {
      const [hit] = await tickets.listPage(
        { ...filter, number: query.number },
        { sort: "updated", limit: 1, side },
      );
      if (query.numberOnly) return { count: hit ? 1 : 0, capped: false };
      if (hit) {
        filter.excludeId = hit.id;
        hits = 1;
      }
    }
    if (query?.tsquery) {
      filter.tsquery = query.tsquery;
      if (principal.role === "admin") filter.includeInternal = true;
    }
    // One row past the cap tells "exactly the cap" from "more than the cap".
    const n = hits + (await tickets.countUpTo(filter, side, cap + 1 - hits));
    return { count: Math.min(n, cap), capped: n > cap };
  }

  /** The queue (admins) or the shop's own list: filters, prefix search, keyset pages. */
  async function readPage(principal: Principal, input: ListTicketsInput): Promise<ListedPage> {
    const side = sideOfPrincipal(principal);
    const filter = toListFilter(principal, input);
    if (!filter) return { items: [], nextCursor: null };
    if (relevanceWithoutQuery(input)) {
      throw new ValidationError("sort=relevance needs a search query (q).", [
        { path: "sort", message: RELEVANCE_NEEDS_QUERY },
      ]);
    }
    const after = input.cursor ? decodeCursor(input.cursor, input.sort) : undefined;
    // Read as bulk changes and saved views read it (readTicketQuery), so they mean the same tickets.
    const query = input.q !== undefined ? readTicketQuery(input.q) : null;
    if (query?.none) return { items: [], nextCursor: null };
    // A number is a unique-index lookup under the same filters (so a shop finds only its own).
    let hit: Awaited<ReturnType<TicketRepository["listPage"]>> = [];
    if (query && query.number !== null) {
      hit = await tickets.listPage({ ...filter, number: query.number }, { sort: input.sort, limit: 1, side });
      if (query.numberOnly) {
        const items = after ? [] : hit.map((t) => Object.assign(t, { searchSnippet: null }));
        return { items, nextCursor: null };
      }
      if (hit[0]) filter.excludeId = hit[0].id;
    }
    if (query) {
      if (query.tsquery) filter.tsquery = query.tsquery;
      if (principal.role === "admin") filter.includeInternal = true;
    }
    // The number's ticket heads the first page; the text matches follow it, page after page. A first
    // page that ends on it continues at the first text match (TEXT_MATCHES_START), since text matches
    // may sort before its own key.
    const first = after ? [] : hit;
    const rows = [
      ...first,
      ...(await tickets.listPage(filter, {
        sort: input.sort,
        after: after === TEXT_MATCHES_START ? undefined : after,
        limit: input.limit + 1 - first.length,
        side,
      })),
    ];
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > input.limit && last
        ? encodeCursor(input.sort, last === first[0] ? TEXT_MATCHES_START : last.sortKey)
        : null;
    // The items keep their sortKey rather than being copied without it: the controller's DTO whitelists
    // a ticket's fields, so the key never leaves the server.
    const items: ListedTicket[] = page;
    if (filter.tsquery) {
      const words = prefixWords(input.q ?? "");
      const found = await tickets.searchSnippets(
        items.map((t) => t.id),
        filter.tsquery,
        side,
        { start: HEADLINE_START, stop: HEADLINE_STOP },
      );
      for (const t of items) {
        const s = found.get(t.id);
        t.searchSnippet = s ? { messageId: s.messageId, parts: headlineParts(s.headline, words) } : null;
      }
      // The SQL word split misreads full-width, vowelled Arabic and Hindi words, which the index reads
      // (docs/inbox.md, Search): each ticket's newest visible non-ASCII messages are matched here by the
      // index's rule, and the newest that matches is the snippet. Only those newer than the SQL pass's own
      // match are read, since the snippet is the newest matching message whichever step matched it: an
      // older plain match must not hide a newer full-width one, and a ticket whose match is its newest
      // message reads nothing more. A ticket matched by its subject alone, or by words spread over
      // messages, keeps null.
      const recent = await tickets.recentNonAsciiMessages(
        items.map((t) => ({ ticketId: t.id, afterSeq: found.get(t.id)?.seq ?? 0 })),
        side,
        SNIPPET_SCAN,
      );
      for (const t of items) {
        for (const m of recent.get(t.id) ?? []) {
          const parts = messageSnippetParts(m.body, words);
          if (!parts) continue;
          t.searchSnippet = { messageId: m.id, parts };
          break;
        }
      }
    }
    return { items, nextCursor };
  }

  return {
    /** A shop files a ticket with its first message: ticket, message, timeline and read state commit together. */
    /**
     * Files a ticket. With a clientMessageId (the first message's key, as on a reply), a repeat files
     * nothing and answers the ticket the key filed, `replayed`: a client that lost the answer (the network
     * dropped, the tab closed) may send the same draft again without filing it twice.
     */
    async createTicket(
      principal: Principal,
      input: CreateTicketInput,
    ): Promise<Opened & { replayed: boolean }> {
      const key = input.clientMessageId;
      if (key) {
        const earlier = await filedWith(principal, key, input);
        if (earlier) return earlier;
      }
      try {
        return { ...((await openTicket(principal, input)) as Opened), replayed: false };
      } catch (err) {
        // Two sends of one draft raced: the loser's first message hit the key's unique index.
        if (!(err instanceof DuplicateClientMessageIdError) || !key) throw err;
        const earlier = await filedWith(principal, key, input);
        if (!earlier) throw err;
        return earlier;
      }
    },

    /** createTicket, unless `once` finds the key's ticket already open (then that ticket's id). */
    openTicketOnce(
      principal: Principal,
      input: CreateTicketInput,
      once: OpenOnce,
    ): Promise<Opened | { existingTicketId: string }> {
      return openTicket(principal, input, once);
    },

    /**
     * The queue (admins) or the shop's own list. Overlapping identical requests (admins loading the
     * same view at once) share one read that started after each of them arrived.
     */
    listTickets(principal: Principal, input: ListTicketsInput): Promise<ListedPage> {
      return pages.read(pageKey(principal, input), () => readPage(principal, input));
    },

    /**
     * How many tickets match the list's filters (the queue's "312 tickets"), counted up to `cap`. When a
     * ticket event refreshes every admin's count at once, the same view's counts share one read.
     */
    countTickets(
      principal: Principal,
      input: CountTicketsInput,
      cap = TICKET_COUNT_CAP,
    ): Promise<TicketCount> {
      return counts.read(`${cap}:${pageKey(principal, input)}`, () => countMatching(principal, input, cap));
    },

    async getTicket(principal: Principal, id: string): Promise<TicketWithUnread> {
      const ticket = await visibleTicket(tickets, db, principal, id);
      const unread = await tickets.unreadCounts(db, ticket.id);
      return { ...ticket, unreadCount: unread[sideOfPrincipal(principal)] };
    },

    /** For the socket layer: the ticket if the principal may see it, else null. */
    async findVisibleTicket(principal: Principal, id: string): Promise<Ticket | null> {
      if (!isUuid(id)) return null;
      const ticket = await tickets.findById(db, id);
      return ticket && canSeeTicket(principal, ticket) ? ticket : null;
    },

    /**
     * Status, priority, assignee. The row lock serialises concurrent PATCHes, so each one sees the
     * previous one's result: no lost update, and the timeline's from/to values chain up.
     */
    async updateTicket(
      principal: Principal,
      id: string,
      input: UpdateTicketInput,
    ): Promise<TicketWithUnread> {
      return (await applyUpdate(principal, id, input)).ticket;
    },

    /** updateTicket, also saying whether this PATCH reopened the ticket (auto-assignment offers only those). */
    updateTicketReporting: applyUpdate,

    /**
     * For the SLA checker: moves the ticket's clock to `now` under the row lock, records a breach on the
     * ticket and its timeline, and publishes warnings and breaches after commit.
     */
    async reconcileSla(ticketId: string, now: Date): Promise<void> {
      const result = await db.transaction(async (trx) => {
        const locked = await tickets.lockById(trx, ticketId);
        if (!locked) throw new TicketNotFoundError();
        const outcome = await sla.ticketChanged(trx, { ticketId, now, change: {} });
        const clock = slaPatch(outcome);
        if (!clock.sla) return null;
        const changed = clock.events.length > 0 || clock.sla.breached !== locked.ticket.sla.breached;
        const updated = await tickets.update(trx, ticketId, { sla: clock.sla });
        await events.insert(trx, ticketId, clock.events, locked.now);
        await notify.record(trx, [{ kind: "sla", ticket: updated, alerts: outcome?.alerts ?? [] }]);
        return {
          updated,
          alerts: outcome?.alerts ?? [],
          snap: changed ? await snapshot(tickets, trx, updated) : null,
        };
      });
      if (!result) return;
      if (result.snap) emit.ticketUpdated(result.snap);
      sla.publish(result.updated, result.alerts);
    },

    /**
     * The timeline. By default only the kinds CONTRACT.md lists, so a client written against it never
     * meets one it does not know; `all` adds the SLA clock's entries, tags, merges and ratings (the web app).
     */
    async listEvents(principal: Principal, id: string, opts: { all: boolean }): Promise<TicketEvent[]> {
      const ticket = await visibleTicket(tickets, db, principal, id);
      const stored = await events.list(db, ticket.id);
      // Tags are the team's labels: the ticket a shop reads has none, so neither does its timeline.
      return stored.filter(
        (e) => (opts.all || CONTRACT_KINDS.has(e.type)) && (principal.role === "admin" || e.type !== "tags"),
      );
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
