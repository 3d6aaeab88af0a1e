import { z } from "zod";
import {
  CATEGORY_MAX,
  SUBJECT_MAX,
  TICKET_EVENT_TYPES,
  TICKET_PRIORITIES,
  TICKET_SORTS,
  TICKET_STATUSES,
  type Ticket,
  type TicketEvent,
} from "../domain/ticket";
import { BODY_MAX, CLIENT_MESSAGE_ID_MAX, SENDER_TYPES, messageView, type Message } from "../domain/message";

/** The zod schemas the controller parses with; the same ones generate /api/docs/openapi.json. */

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const messageId = z.string().regex(UUID_RE, "Must be a message id (UUID).");

export const TicketStatus = z.enum(TICKET_STATUSES).meta({ id: "TicketStatus" });
export const TicketPriority = z.enum(TICKET_PRIORITIES).meta({ id: "TicketPriority" });

const commaList = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).max(values.length * 2))
    .meta({
      description: `Comma-separated ${what}: ${values.join(", ")}`,
      example: values.slice(0, 2).join(","),
    });

export const TicketIdParams = z.object({
  id: z.string().meta({ description: "Ticket id (UUID). Unknown, malformed or another shop's: 404." }),
});

export const CreateTicketBody = z
  .object({
    subject: z.string().trim().min(1).max(SUBJECT_MAX),
    message: z.string().trim().min(1).max(BODY_MAX).meta({ description: "The first message's body." }),
    priority: TicketPriority.optional().meta({ description: "Default medium." }),
    category: z.string().trim().min(1).max(CATEGORY_MAX).nullable().optional(),
  })
  .meta({ id: "CreateTicketBody" });

export const ListTicketsQuery = z
  .object({
    status: commaList(TICKET_STATUSES, "statuses").optional(),
    priority: commaList(TICKET_PRIORITIES, "priorities").optional(),
    assignee: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .meta({ description: "Admins only: `me`, `unassigned`, or an admin's user id." }),
    shopId: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .meta({ description: "Admins: one shop's tickets. A shop user can only name its own shop." }),
    q: z
      .string()
      .max(500)
      .optional()
      .meta({ description: "Full-text search over the subject and public messages; each word is a prefix." }),
    updatedSince: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .optional()
      .meta({ description: "Only tickets changed after this time (catch-up)." }),
    sort: z.enum(TICKET_SORTS).default("updated").meta({
      description: "updated and created: newest first; priority: urgent first, then most recently updated.",
    }),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .meta({ description: "The nextCursor of the previous page." }),
  })
  .meta({ id: "ListTicketsQuery" });

export const UpdateTicketBody = z
  .strictObject({
    status: TicketStatus.optional(),
    priority: TicketPriority.optional().meta({ description: "Admins only." }),
    assigneeId: z
      .string()
      .min(1)
      .max(255)
      .nullable()
      .optional()
      .meta({ description: "Admins only: an admin's user id, or null to unassign." }),
  })
  .refine((b) => b.status !== undefined || b.priority !== undefined || b.assigneeId !== undefined, {
    message: "Send at least one of status, priority, assigneeId.",
  })
  .meta({ id: "UpdateTicketBody" });

export const ListMessagesQuery = z.object({
  after: messageId.optional().meta({ description: "Only messages newer than this one (catch-up)." }),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export const PostMessageBody = z
  .object({
    body: z.string().trim().min(1).max(BODY_MAX),
    internal: z.boolean().optional().meta({ description: "Admins only: a note the shop never sees." }),
    clientMessageId: z
      .string()
      .min(1)
      .max(CLIENT_MESSAGE_ID_MAX)
      .optional()
      .meta({ description: "Idempotency key per sender: a repeat returns the first message with 200." }),
    expectedLastMessageId: messageId.optional().meta({
      description:
        "Collision guard: if the other side wrote after this message, 409 CONFLICT with the newer messages in details[0].newerMessages.",
    }),
  })
  .meta({ id: "PostMessageBody" });

export const MarkReadBody = z
  .object({ upToMessageId: messageId.optional().meta({ description: "Default: everything so far." }) })
  .meta({ id: "MarkReadBody" });

const isoTime = z.string().meta({ format: "date-time" });

export const TicketDto = z
  .object({
    id: z.string().meta({ format: "uuid" }),
    number: z.number().int(),
    shopId: z.string(),
    subject: z.string(),
    status: TicketStatus,
    priority: TicketPriority,
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
  })
  .meta({ id: "Ticket" });

export const MessageDto = z
  .object({
    id: z.string().meta({ format: "uuid" }),
    ticketId: z.string().meta({ format: "uuid" }),
    senderType: z.enum(SENDER_TYPES),
    senderId: z.string().nullable(),
    senderName: z.string().nullable(),
    body: z.string(),
    internal: z.boolean(),
    attachments: z.array(z.object({ name: z.string(), url: z.string() }).loose()),
    clientMessageId: z.string().nullable(),
    createdAt: isoTime,
    readAt: isoTime.nullable(),
  })
  .meta({ id: "Message" });

export const CreatedTicketDto = TicketDto.extend({ message: MessageDto }).meta({ id: "CreatedTicket" });
export const TicketListDto = z
  .object({ items: z.array(TicketDto), nextCursor: z.string().nullable() })
  .meta({ id: "TicketList" });
export const MessageListDto = z.object({ items: z.array(MessageDto) }).meta({ id: "MessageList" });
export const TicketEventDto = z
  .object({
    type: z.enum(TICKET_EVENT_TYPES),
    actorId: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    createdAt: isoTime,
  })
  .meta({ id: "TicketEvent" });
export const TicketEventListDto = z
  .object({ items: z.array(TicketEventDto) })
  .meta({ id: "TicketEventList" });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Whitelisted: a ticket leaves the API with exactly these fields. */
export function toTicketDto(t: Ticket, unreadCount: number): z.infer<typeof TicketDto> {
  return {
    id: t.id,
    number: t.number,
    shopId: t.shopId,
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
  };
}

export function toMessageDto(m: Message): z.infer<typeof MessageDto> {
  return messageView(m);
}

export function toTicketEventDto(e: TicketEvent): z.infer<typeof TicketEventDto> {
  return { type: e.type, actorId: e.actorId, from: e.from, to: e.to, createdAt: e.createdAt.toISOString() };
}
