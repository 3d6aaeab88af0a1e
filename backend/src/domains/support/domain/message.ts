import type { Attachment, Message as MessageDto, Role, SenderType } from "@parley/contract";
import type { Side } from "./ticket";

export type Message = {
  id: string;
  ticketId: string;
  senderType: SenderType;
  senderId: string | null;
  senderName: string | null;
  body: string;
  internal: boolean;
  attachments: Attachment[];
  clientMessageId: string | null;
  createdAt: Date;
  readAt: Date | null;
};

/** The side a role writes for. */
export const sideOf = (role: Role): Side => role;
export const otherSide = (side: Side): Side => (side === "shop" ? "admin" : "shop");

/** Whether a reader on `side` may see this message: internal notes are for admins only. */
export function visibleTo(message: Pick<Message, "internal">, side: Side): boolean {
  return side === "admin" || !message.internal;
}

/**
 * Whether the message counts as written by the side opposite `reader`: what unread counts and the
 * collision guard look at. Shop messages are the admins' "other side"; public admin and system messages
 * are the shop's. Internal notes are nobody's other side.
 */
export function isFromOtherSide(message: Pick<Message, "senderType" | "internal">, reader: Side): boolean {
  if (reader === "admin") return message.senderType === "shop";
  return message.senderType !== "shop" && !message.internal;
}

/** A message as it leaves Parley (API, socket, error details): whitelisted fields, ISO times. */
export function messageView(m: Message): MessageDto {
  return {
    id: m.id,
    ticketId: m.ticketId,
    senderType: m.senderType,
    senderId: m.senderId,
    senderName: m.senderName,
    body: m.body,
    internal: m.internal,
    attachments: m.attachments,
    clientMessageId: m.clientMessageId,
    createdAt: m.createdAt.toISOString(),
    readAt: m.readAt ? m.readAt.toISOString() : null,
  };
}
