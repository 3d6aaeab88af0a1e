import { z } from "zod";
import { tagFilterSchema } from "./tags";
import { queryInt, externalId, isoTime, itemsOf, line, str, text, timeFilter, uuid } from "./common";
import type { Role } from "./identity";
import { attachmentIdsSchema, attachmentSchema } from "./attachments";
import {
  TICKET_CONTEXT_TYPES,
  ticketContextSchema,
  ticketContextViewSchema,
  ticketVisitorSchema,
} from "./embed";

export const TICKET_STATUSES = ["open", "in_progress", "resolved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Lowest to highest. The rank (1..4) is what the `priority` sort orders by, urgent first. */
export const TICKET_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const DEFAULT_PRIORITY: TicketPriority = "medium";

/** `relevance` only with a search query `q` (best match first, ties most recently updated). */
export const TICKET_SORTS = ["updated", "created", "priority", "due", "relevance"] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];
/** Why a queue's sort and search cannot go together: `relevance` ranks search results, so it needs a `q`. */
export const RELEVANCE_NEEDS_QUERY =
  "relevance ranks search results; send q, or sort by updated, created, priority or due.";
/** Whether a queue's filters ask for `relevance` with no search to rank (400 on the queue and for a view). */
export const relevanceWithoutQuery = (f: { sort?: string | undefined; q?: string | undefined }): boolean =>
  f.sort === "relevance" && !f.q?.trim();

export const SENDER_TYPES = ["shop", "admin", "system"] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

/** The sla_* events explain a ticket's deadlines: when its SLA clock started, paused, resumed and breached. */
export const TICKET_EVENT_TYPES = [
  "created",
  "status",
  "priority",
  "assignee",
  "sla_started",
  "sla_paused",
  "sla_resumed",
  "sla_breached",
  "tags",
  "merged",
  "rated",
  /** The priority changed: the deadlines were recomputed from the new priority's targets (from: old priority, to: new). */
  "sla_retargeted",
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

export const SUBJECT_MAX = 200;
export const CATEGORY_MAX = 64;
export const BODY_MAX = 10_000;
/** Where a ticket came from: a shop user, or an anonymous website visitor (issue 18). */
export const TICKET_SOURCES = ["shop", "visitor"] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];
export const CLIENT_MESSAGE_ID_MAX = 100;
export const TICKET_PAGE_MAX = 100;
export const TICKET_PAGE_DEFAULT = 25;
export const MESSAGE_PAGE_MAX = 200;
export const MESSAGE_PAGE_DEFAULT = 100;
export const SEARCH_MAX = 500;

export function priorityRank(p: TicketPriority): number {
  return TICKET_PRIORITIES.indexOf(p) + 1;
}

/**
 * The lifecycle as a table: for each (from, to), the roles that may make that change by PATCH.
 * Anything absent is INVALID_TRANSITION. Staying in the same status is no change.
 *   open → in_progress → resolved → closed; admins also open → resolved and * → closed;
 *   a shop may close from any status; admins and the shop may reopen a resolved or closed ticket.
 */
export const TICKET_TRANSITIONS: Readonly<
  Record<TicketStatus, Readonly<Partial<Record<TicketStatus, readonly Role[]>>>>
> = {
  open: { in_progress: ["admin"], resolved: ["admin"], closed: ["admin", "shop"] },
  in_progress: { resolved: ["admin"], closed: ["admin", "shop"] },
  resolved: { closed: ["admin", "shop"], open: ["admin", "shop"] },
  closed: { open: ["admin", "shop"] },
};

export function canTransition(from: TicketStatus, to: TicketStatus, role: Role): boolean {
  return TICKET_TRANSITIONS[from][to]?.includes(role) ?? false;
}

/** The statuses a role may move a ticket to from `from`, in lifecycle order. */
export function allowedTransitions(from: TicketStatus, role: Role): TicketStatus[] {
  return TICKET_STATUSES.filter((to) => canTransition(from, to, role));
}

export const TICKET_SLA_FILTERS = ["breached", "due_within_1h"] as const;
export type TicketSlaFilter = (typeof TICKET_SLA_FILTERS)[number];

export const ticketStatusSchema = z.enum(TICKET_STATUSES).meta({ id: "TicketStatus" });
export const ticketPrioritySchema = z.enum(TICKET_PRIORITIES).meta({ id: "TicketPriority" });

const commaList = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .string()
    // Repeats are one filter (`open,open` is `open`), however many: de-duplicated before the bound.
    .transform((s) => [
      ...new Set(
        s
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.enum(values)).max(values.length))
    .meta({
      description: `Comma-separated ${what}: ${values.join(", ")}`,
      example: values.slice(0, 2).join(","),
    });

// ---- requests ----

export const ticketIdParamsSchema = z.strictObject({
  id: str().meta({ description: "Ticket id (UUID). Unknown, malformed or another shop's: 404." }),
});

export const createTicketBodySchema = z
  .strictObject({
    subject: line(1, SUBJECT_MAX),
    message: text(1, BODY_MAX).meta({ description: "The first message's body." }),
    priority: ticketPrioritySchema.optional().meta({ description: "Default medium." }),
    category: text(1, CATEGORY_MAX).nullable().optional(),
    attachmentIds: attachmentIdsSchema.optional(),
    clientMessageId: str().min(1).max(CLIENT_MESSAGE_ID_MAX).optional().meta({
      description:
        "Idempotency key of the first message, per sender (as on a reply): a repeat files nothing and returns the ticket it filed with 200.",
    }),
    context: ticketContextSchema.nullable().optional().meta({
      description:
        "The order, listing, payout or booking the ticket is about (null or absent: none, as a ticket without one reads). A token with a `contexts` claim may only name those (`type:id`); any other → 400.",
    }),
  })
  .meta({ id: "CreateTicketBody" });
export type CreateTicketBody = z.input<typeof createTicketBodySchema>;

export const listTicketsQuerySchema = z
  .strictObject({
    status: commaList(TICKET_STATUSES, "statuses").optional(),
    priority: commaList(TICKET_PRIORITIES, "priorities").optional(),
    assignee: externalId()
      .optional()
      .meta({ description: "Admins only: `me`, `unassigned`, or an admin's user id." }),
    shopId: externalId()
      .optional()
      .meta({ description: "Admins: one shop's tickets. A shop user can only name its own shop." }),
    q: str()
      .max(SEARCH_MAX)
      .optional()
      .meta({
        description:
          "Full-text search over the subject and public messages (admins: internal notes too); each word is a prefix. " +
          "`#123` finds ticket number 123 only; a bare number `123` finds that ticket first, then text matches.",
      }),
    updatedSince: timeFilter()
      .optional()
      .meta({ description: "Only tickets changed after this time (catch-up)." }),
    sort: z
      .enum(TICKET_SORTS)
      .default("updated")
      .meta({
        description:
          "updated and created: newest first; priority: urgent first, then most recently updated; " +
          "due: the nearest running SLA deadline first (overdue at the top), tickets with no running clock last; " +
          "relevance (only with `q`, else 400): the best text match first (ts_rank over the subject and the messages the caller may see), ties most recently updated.",
      }),
    sla: z.enum(TICKET_SLA_FILTERS).optional().meta({
      description:
        "breached: a deadline was missed; due_within_1h: a running deadline falls in the next hour.",
    }),
    contextId: externalId()
      .optional()
      .meta({ description: "Only tickets about this order/listing/payout/booking id." }),
    contextType: z.enum(TICKET_CONTEXT_TYPES).optional().meta({
      description: "With contextId: only that kind of context.",
    }),
    source: z.enum(TICKET_SOURCES).optional().meta({
      description: "Admins: `visitor` for website visitors' conversations, `shop` for shops' tickets.",
    }),
    tag: tagFilterSchema.optional().meta({ description: "Only tickets carrying this tag (admins)." }),
    limit: queryInt(1, TICKET_PAGE_MAX).default(TICKET_PAGE_DEFAULT),
    cursor: str().min(1).max(500).optional().meta({ description: "The nextCursor of the previous page." }),
  })
  .meta({ id: "ListTicketsQuery" });
export type ListTicketsQuery = z.output<typeof listTicketsQuerySchema>;

/**
 * GET /api/tickets/count stops counting here and says `capped`: past it an exact number tells an agent
 * nothing more, and a bounded count stays cheap however large the queue grows.
 */
export const TICKET_COUNT_CAP = 10_000;

/**
 * The list's filters, nothing else: sort, limit and cursor change which page is read, never how many
 * tickets match, so they are unknown parameters here (400, as every strict query), not silently ignored.
 */
export const countTicketsQuerySchema = listTicketsQuerySchema
  .omit({ sort: true, limit: true, cursor: true })
  .meta({ id: "CountTicketsQuery" });
export type CountTicketsQuery = z.output<typeof countTicketsQuerySchema>;

export const updateTicketBodySchema = z
  .strictObject({
    status: ticketStatusSchema.optional(),
    priority: ticketPrioritySchema.optional().meta({ description: "Admins only." }),
    assigneeId: externalId()
      .nullable()
      .optional()
      .meta({ description: "Admins only: an admin's user id, or null to unassign." }),
  })
  .refine((b) => b.status !== undefined || b.priority !== undefined || b.assigneeId !== undefined, {
    message: "Send at least one of status, priority, assigneeId.",
  })
  .meta({ id: "UpdateTicketBody" });
export type UpdateTicketBody = z.input<typeof updateTicketBodySchema>;

export const listMessagesQuerySchema = z.strictObject({
  after: uuid("message id").optional().meta({ description: "Only messages newer than this one (catch-up)." }),
  limit: queryInt(1, MESSAGE_PAGE_MAX).default(MESSAGE_PAGE_DEFAULT),
});

/** The timeline's kinds in CONTRACT.md ("created, status, priority, assignee changes"): all a client gets by default. */
export const CONTRACT_TICKET_EVENT_TYPES = ["created", "status", "priority", "assignee"] as const;

export const listTicketEventsQuerySchema = z.strictObject({
  include: z
    .literal("all")
    .optional()
    .meta({
      description:
        "Without it, the contract's kinds only (created, status, priority, assignee). `all` adds the SLA clock's " +
        "entries, tags (admins), merges and ratings: what the web app's timeline shows.",
    }),
});

/** Colleagues one internal note may mention. */
export const MENTIONS_MAX = 10;

export const postMessageBodySchema = z
  .strictObject({
    body: text(1, BODY_MAX),
    internal: z.boolean().optional().meta({ description: "Admins only: a note the shop never sees." }),
    clientMessageId: str()
      .min(1)
      .max(CLIENT_MESSAGE_ID_MAX)
      .optional()
      .meta({ description: "Idempotency key per sender: a repeat returns the first message with 200." }),
    expectedLastMessageId: uuid("message id").optional().meta({
      description:
        "Collision guard: if the other side wrote after this message, 409 CONFLICT with the newer messages in details[0].newerMessages.",
    }),
    attachmentIds: attachmentIdsSchema.optional(),
    mentions: z.array(externalId()).max(MENTIONS_MAX).optional().meta({
      description:
        "Internal notes only: the admins the note mentions (`@Name` in its body); each is alerted by email and push, as their preferences allow.",
    }),
  })
  .refine((b) => !b.mentions?.length || b.internal === true, {
    path: ["mentions"],
    message: "Only an internal note can mention colleagues.",
  })
  .meta({ id: "PostMessageBody" });
export type PostMessageBody = z.input<typeof postMessageBodySchema>;

export const markReadBodySchema = z
  .strictObject({
    upToMessageId: uuid("message id").optional().meta({ description: "Default: everything so far." }),
  })
  .meta({ id: "MarkReadBody" });
export type MarkReadBody = z.input<typeof markReadBodySchema>;

// ---- responses ----

/** What every ticket object carries. Due times are null while that clock is paused (or never ran). */
export const ticketSlaSchema = z
  .object({
    firstResponseDueAt: isoTime.nullable(),
    resolutionDueAt: isoTime.nullable(),
    breached: z.boolean(),
    // Additive (issue 14): optional so older fixtures still parse; the server always sends them.
    nextResponseDueAt: isoTime.nullable().optional().meta({
      description:
        "Due time of the reply to the shop's latest message (after an admin's reply); null when not running.",
    }),
    warningAt: isoTime.nullable().optional().meta({
      description:
        "When the nearest running target reaches 75% of its business time (the badge turns amber); null when no clock runs.",
    }),
  })
  .meta({ id: "TicketSla" });
export type TicketSla = z.infer<typeof ticketSlaSchema>;

export const ticketSchema = z
  .object({
    id: z.string().meta({ format: "uuid" }),
    number: z.number().int(),
    // null for a website visitor's conversation (`source: "visitor"`): it belongs to no shop.
    shopId: z.string().nullable(),
    subject: z.string(),
    status: ticketStatusSchema,
    priority: ticketPrioritySchema,
    category: z.string().nullable(),
    assigneeId: z.string().nullable(),
    createdBy: z.string(),
    createdAt: isoTime,
    updatedAt: isoTime,
    lastMessageAt: isoTime.nullable(),
    firstResponseAt: isoTime.nullable(),
    resolvedAt: isoTime.nullable(),
    closedAt: isoTime.nullable(),
    unreadCount: z
      .number()
      .int()
      .meta({ description: "Messages from the other side the caller's side has not read." }),
    sla: ticketSlaSchema,
    // Always sent by the server (null when none); optional until the frontend's test fixtures carry it.
    context: ticketContextViewSchema.nullable().optional(),
    // Always sent by the server; optional for the same fixtures reason as sla.
    source: z.enum(TICKET_SOURCES).optional().meta({
      description: "visitor: a website visitor's conversation (shopId is then null).",
    }),
    // Issue 18: admins only, on visitor conversations (null when the session is gone); never to a shop.
    visitor: ticketVisitorSchema.nullable().optional(),
    searchSnippet: z
      .object({
        messageId: z.string().meta({ format: "uuid" }),
        /** The matching message's text around the match, in order; `match` parts are what the search found. */
        parts: z.array(z.object({ text: z.string(), match: z.boolean() })),
      })
      .nullable()
      .optional()
      .meta({
        id: "TicketSearchSnippet",
        description:
          "Only in a list answer with `q`: the newest message the caller may see that matches, highlighted (ts_headline); null when only the subject or number matched.",
      }),
    /** Admin-only labels (a shop sees an empty list). Optional in the schema for older fixtures. */
    tags: z.array(z.string()).optional(),
    /** Set once this ticket was merged into another (it is then closed). */
    mergedIntoId: z.string().nullable().optional(),
  })
  .meta({ id: "Ticket" });
export type Ticket = z.infer<typeof ticketSchema>;

export const messageSchema = z
  .object({
    id: z.string().meta({ format: "uuid" }),
    ticketId: z.string().meta({ format: "uuid" }),
    senderType: z.enum(SENDER_TYPES),
    senderId: z.string().nullable(),
    senderName: z.string().nullable(),
    body: z.string(),
    internal: z.boolean(),
    attachments: z.array(attachmentSchema),
    clientMessageId: z.string().nullable(),
    createdAt: isoTime,
    readAt: isoTime.nullable(),
  })
  .meta({ id: "Message" });
export type Message = z.infer<typeof messageSchema>;

export const createdTicketSchema = ticketSchema
  .extend({ message: messageSchema })
  .meta({ id: "CreatedTicket" });
export type CreatedTicket = z.infer<typeof createdTicketSchema>;

export const ticketListSchema = z
  .object({ items: z.array(ticketSchema), nextCursor: z.string().nullable() })
  .meta({ id: "TicketList" });
export type TicketList = z.infer<typeof ticketListSchema>;

/** How many tickets match a list's filters; `capped`: at least `count` (TICKET_COUNT_CAP), maybe more. */
export const ticketCountSchema = z
  .object({ count: z.number().int().min(0), capped: z.boolean() })
  .meta({ id: "TicketCount" });
export type TicketCount = z.infer<typeof ticketCountSchema>;

export const messageListSchema = itemsOf(messageSchema).meta({ id: "MessageList" });

export const ticketEventSchema = z
  .object({
    type: z.enum(TICKET_EVENT_TYPES),
    actorId: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    createdAt: isoTime,
  })
  .meta({ id: "TicketEvent" });
export type TicketEvent = z.infer<typeof ticketEventSchema>;
export const ticketEventListSchema = itemsOf(ticketEventSchema).meta({ id: "TicketEventList" });

/** details[0] of a 409 CONFLICT from the collision guard. */
export const conflictDetailSchema = z.object({ newerMessages: z.array(messageSchema) }).loose();
