import { z } from "zod";
import { isoTime, uuid } from "./common";
import { ROLES } from "./identity";
import { SENDER_TYPES, type Message, type Ticket } from "./tickets";
import type { SlaBreach, SlaWarning } from "./analytics";
import type { BulkProgress, LowSatisfaction } from "./team";

/**
 * The real-time contract on namespace `/support`, typed once for socket.io's generics: the server
 * declares `Namespace<ClientToServerEvents, ServerToClientEvents>`, the client
 * `Socket<ServerToClientEvents, ClientToServerEvents>`.
 */
export const SUPPORT_NAMESPACE = "/support";

export const messageReadSchema = z
  .object({
    ticketId: z.string(),
    readerType: z.enum(ROLES),
    upToMessageId: z.string().nullable(),
    readAt: isoTime,
    /**
     * The reader's side's unread messages after this read (a read up to an older message leaves newer
     * ones unread): what that side's badge shows. Internal notes never count for a shop.
     */
    unreadCount: z.number().int().nonnegative(),
  })
  .meta({ id: "MessageRead" });
export type MessageRead = z.infer<typeof messageReadSchema>;

/**
 * `view:changed` and `view:deleted`: which saved view, and nothing else. A view's count depends on who
 * reads it (`assignee: "me"`), and a private view's name is its owner's, so clients refetch GET /api/views.
 */
export const savedViewRefSchema = z.object({ id: z.string() });
export type SavedViewRef = z.infer<typeof savedViewRefSchema>;

export const typingEventSchema = z.object({
  ticketId: z.string(),
  userId: z.string(),
  name: z.string().nullable(),
  senderType: z.enum(SENDER_TYPES),
  isTyping: z.boolean(),
  /**
   * Present (true) only on an admin's typing of an internal note, which goes to admins alone; a reply's
   * typing carries no flag, exactly as before the flag existed.
   */
  internal: z.literal(true).optional(),
});
export type TypingEvent = z.infer<typeof typingEventSchema>;

export const ticketViewersSchema = z.object({
  ticketId: z.string(),
  viewers: z.array(z.object({ userId: z.string(), name: z.string().nullable() })),
});
export type TicketViewers = z.infer<typeof ticketViewersSchema>;

// ---- client → server payloads (the server parses each with these) ----

export const ticketRefSchema = z.strictObject({ ticketId: uuid("ticket id") });
export type TicketRef = z.infer<typeof ticketRefSchema>;
/**
 * `internal`: the typist writes an internal note (admins only: a shop's `true` is refused FORBIDDEN, as a
 * shop's note is over HTTP), so only admins hear it. Absent or false: a reply, heard by the shop too.
 */
export const typingPayloadSchema = ticketRefSchema.extend({
  isTyping: z.boolean(),
  internal: z.boolean().optional(),
});
export type TypingPayload = z.infer<typeof typingPayloadSchema>;
export const viewingPayloadSchema = ticketRefSchema.extend({ isViewing: z.boolean() });
export type ViewingPayload = z.infer<typeof viewingPayloadSchema>;
/** `viewers:list` takes nothing: the answer is every viewed ticket. */
export const viewersListPayloadSchema = z.strictObject({});
export type ViewersListPayload = z.infer<typeof viewersListPayloadSchema>;

/** What every client event's acknowledgement carries. */
export type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };
/** `viewers:list`'s acknowledgement: every ticket someone has open now, with who (none: not listed). */
export type ViewersListAck = { ok: true; tickets: TicketViewers[] } | Extract<Ack, { ok: false }>;

export interface ServerToClientEvents {
  "ticket:created": (ticket: Ticket) => void;
  "ticket:updated": (ticket: Ticket) => void;
  "message:created": (message: Message) => void;
  "message:read": (read: MessageRead) => void;
  typing: (event: TypingEvent) => void;
  "ticket:viewers": (viewers: TicketViewers) => void;
  /** To admins: a running SLA clock passed 75% or 90% of its target. */
  "sla.warning": (warning: SlaWarning) => void;
  /** To admins: a deadline passed with its target unmet. */
  "sla.breached": (breach: SlaBreach) => void;
  /** To the admin who started a bulk job: how far it got. */
  "bulk:progress": (progress: BulkProgress) => void;
  /** To the assignee (or every admin when unassigned): a shop rated a ticket 1 or 2. */
  "satisfaction:low": (rating: LowSatisfaction) => void;
  /** To admins: an admin's presence changed (drives the online dots). */
  "admin:presence": (presence: { userId: string; online: boolean }) => void;
  /**
   * To the admins who list this saved view (every admin while it is shared, else only its owner): it was
   * created or changed; refetch the views.
   */
  "view:changed": (view: SavedViewRef) => void;
  /** To the admins who listed it: it is gone from their list (deleted, or unshared by its owner). */
  "view:deleted": (view: SavedViewRef) => void;
}

export interface ClientToServerEvents {
  /** Follow a ticket's typing indicators (the server checks the caller may see it). */
  "ticket:join": (payload: TicketRef, ack?: (ack: Ack) => void) => void;
  "ticket:leave": (payload: TicketRef, ack?: (ack: Ack) => void) => void;
  typing: (payload: TypingPayload, ack?: (ack: Ack) => void) => void;
  viewing: (payload: ViewingPayload, ack?: (ack: Ack) => void) => void;
  /**
   * Admins: who views which ticket right now, in the ack. The lists the server pushes on connect reach
   * only code already listening then; a queue that mounts later (a lazily loaded page, a tab switch) asks.
   */
  "viewers:list": (payload: ViewersListPayload, ack?: (ack: ViewersListAck) => void) => void;
}

/** Socket event names, for code that subscribes generically. */
export const SERVER_EVENTS = [
  "ticket:created",
  "ticket:updated",
  "message:created",
  "message:read",
  "typing",
  "ticket:viewers",
  "sla.warning",
  "sla.breached",
  "bulk:progress",
  "satisfaction:low",
  "admin:presence",
  "view:changed",
  "view:deleted",
] as const satisfies ReadonlyArray<keyof ServerToClientEvents>;
