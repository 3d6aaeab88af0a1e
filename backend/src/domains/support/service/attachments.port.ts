import type { Attachment } from "@parley/contract";
import type { Queryable } from "../../../platform/connection-transaction";
import type { MessageRepository, StoredMessage } from "../repository/message.repository";

/**
 * What the support domain asks of the attachments domain (wired in modules.ts): claim the sender's
 * uploads for a new message, inside the message's transaction, returning the upload objects. Refusals
 * (unknown, someone else's, already attached) are thrown and roll the message back.
 */
export type SupportAttachmentsPort = {
  attach(
    trx: Queryable,
    uploaderId: string,
    ids: string[],
    target: { ticketId: string; shopId: string; messageId: string; internal: boolean },
    now: Date,
  ): Promise<Attachment[]>;
};

/** Attaches `ids` to a message just inserted, and records them on the message row. */
export async function attachUploads(
  port: SupportAttachmentsPort,
  messages: MessageRepository,
  trx: Queryable,
  message: StoredMessage,
  shopId: string,
  ids: string[] | undefined,
  now: Date,
): Promise<StoredMessage> {
  if (!ids?.length || !message.senderId) return message;
  const target = { ticketId: message.ticketId, shopId, messageId: message.id, internal: message.internal };
  const attachments = await port.attach(trx, message.senderId, ids, target, now);
  await messages.setAttachments(trx, message.id, attachments);
  return { ...message, attachments };
}
