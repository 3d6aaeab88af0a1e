import type { Queryable } from "../../../platform/connection-transaction";
import type { Attachment, SenderType } from "@parley/contract";
import type { Message } from "../domain/message";
import type { Side } from "../domain/ticket";
import { DuplicateClientMessageIdError } from "../domain/support.errors";

type Q = Queryable;

export type MessageRow = {
  id: string;
  seq: number | string;
  ticket_id: string;
  sender_type: SenderType;
  sender_id: string | null;
  sender_name: string | null;
  body: string;
  internal: boolean;
  attachments: Attachment[];
  client_message_id: string | null;
  created_at: Date;
  read_at: Date | null;
};

/** A message with its position in the global order (never sent to clients). */
export type StoredMessage = Message & { seq: number };

export const MESSAGE_COLUMNS = [
  "id",
  "seq",
  "ticket_id",
  "sender_type",
  "sender_id",
  "sender_name",
  "body",
  "internal",
  "attachments",
  "client_message_id",
  "created_at",
  "read_at",
] as const;
const COLUMNS = MESSAGE_COLUMNS;

export const toMessage = (r: MessageRow): StoredMessage => ({
  id: r.id,
  seq: Number(r.seq),
  ticketId: r.ticket_id,
  senderType: r.sender_type,
  senderId: r.sender_id,
  senderName: r.sender_name,
  body: r.body,
  internal: r.internal,
  attachments: r.attachments ?? [],
  clientMessageId: r.client_message_id,
  createdAt: r.created_at,
  readAt: r.read_at,
});

/**
 * SQL for "written by the side opposite `reader`" (see isFromOtherSide in domain/message.ts), on the
 * support_messages columns, prefixed with `alias.` when the query names the table.
 */
export const fromOtherSideSql = (reader: Side, alias?: string) => {
  const c = alias ? `${alias}.` : "";
  return reader === "admin" ? `${c}sender_type = 'shop'` : `${c}sender_type <> 'shop' AND NOT ${c}internal`;
};

const CLIENT_ID_UNIQUE = "support_messages_client_id_unique";

/** PostgreSQL's unique_violation (23505) on the named constraint; SQL error codes stay in repositories. */
const isUniqueViolation = (err: unknown, constraint: string) =>
  typeof err === "object" &&
  err !== null &&
  (err as { code?: string }).code === "23505" &&
  String((err as { constraint?: string; message?: string }).constraint ?? (err as Error).message).includes(
    constraint,
  );

/** A duplicate (sender, clientMessageId) as the domain's error; anything else unchanged. */
export const mapInsertError = (err: unknown): unknown =>
  isUniqueViolation(err, CLIENT_ID_UNIQUE) ? new DuplicateClientMessageIdError() : err;

export function createMessageRepository() {
  return {
    async insert(
      trx: Q,
      m: Omit<Message, "id" | "attachments" | "createdAt" | "readAt"> & { now: Date },
    ): Promise<StoredMessage> {
      const [row] = await trx("support_messages")
        .insert({
          ticket_id: m.ticketId,
          sender_type: m.senderType,
          sender_id: m.senderId,
          sender_name: m.senderName,
          body: m.body,
          internal: m.internal,
          client_message_id: m.clientMessageId,
          created_at: m.now,
        })
        .returning<MessageRow[]>([...COLUMNS])
        .catch((err: unknown) => {
          throw isUniqueViolation(err, CLIENT_ID_UNIQUE) ? new DuplicateClientMessageIdError() : err;
        });
      if (!row) throw new Error("INSERT … RETURNING returned no row");
      return toMessage(row);
    },

    /** The upload objects a message carries (attachments domain), set once inside its transaction. */
    async setAttachments(trx: Q, messageId: string, attachments: Attachment[]): Promise<void> {
      await trx("support_messages")
        .update({ attachments: JSON.stringify(attachments) })
        .where({ id: messageId });
    },

    async findByClientId(q: Q, senderId: string, clientMessageId: string): Promise<StoredMessage | null> {
      const row = await q("support_messages")
        .select(COLUMNS)
        .where({ sender_id: senderId, client_message_id: clientMessageId })
        .first<MessageRow | undefined>();
      return row ? toMessage(row) : null;
    },

    /** Whether the other side has read this message (read_at is stamped when it does). */
    async isReadBy(q: Q, messageId: string): Promise<boolean> {
      const row = await q("support_messages")
        .select("read_at")
        .where({ id: messageId })
        .first<{ read_at: Date | null } | undefined>();
      return Boolean(row?.read_at);
    },

    async findOnTicket(q: Q, ticketId: string, messageId: string): Promise<StoredMessage | null> {
      const row = await q("support_messages")
        .select(COLUMNS)
        .where({ ticket_id: ticketId, id: messageId })
        .first<MessageRow | undefined>();
      return row ? toMessage(row) : null;
    },

    /**
     * A ticket's messages, from the first or after a cursor message; internal notes only when asked for.
     *
     * Pages follow the order messages arrived on the ticket: `seq`, except for a message a merge moved
     * here, which arrived at the merge (`moved_seq`, migration 20261207000100). A client pages, and
     * catches up after a reconnect, with the last item as the next cursor, so one order for every page is
     * what makes it lossless: everything past the cursor in that order is in the next answer, the moved
     * messages included, though their seq is older than the cursor's.
     *
     * An answer that holds the rest of the thread (no page follows) is in time order instead, so a merged
     * thread reads in time order. Its last item may then not be the latest arrival, but the client holds
     * the whole thread, so a later catch-up from it only repeats messages (merged by id), never skips one.
     * For a ticket never merged into (nearly all) the two orders are the same.
     */
    async list(
      q: Q,
      ticketId: string,
      opts: { afterId?: string; limit: number; includeInternal: boolean },
    ): Promise<StoredMessage[]> {
      const query = q("support_messages").select(COLUMNS).where({ ticket_id: ticketId });
      if (!opts.includeInternal) query.where({ internal: false });
      if (opts.afterId !== undefined)
        query.whereRaw(
          `COALESCE(moved_seq, seq) > (SELECT COALESCE(moved_seq, seq) FROM support_messages WHERE id = ?)`,
          [opts.afterId],
        );
      // One row more than the page tells whether another page follows.
      const rows = (await query
        .orderByRaw("COALESCE(moved_seq, seq) ASC")
        .limit(opts.limit + 1)) as MessageRow[];
      const items = rows.slice(0, opts.limit).map(toMessage);
      return rows.length > opts.limit ? items : items.sort((a, b) => a.seq - b.seq);
    },

    async newerFromOtherSide(
      q: Q,
      ticketId: string,
      afterSeq: number,
      reader: Side,
    ): Promise<StoredMessage[]> {
      const rows = (await q("support_messages")
        .select(COLUMNS)
        .where({ ticket_id: ticketId })
        .where("seq", ">", afterSeq)
        .whereRaw(fromOtherSideSql(reader))
        .orderBy("seq", "asc")
        .limit(100)) as MessageRow[];
      return rows.map(toMessage);
    },

    /** The newest message a reader on `side` can see (at or before `upToSeq` when given). */
    async latestVisible(q: Q, ticketId: string, side: Side, upToSeq?: number): Promise<StoredMessage | null> {
      const query = q("support_messages").select(COLUMNS).where({ ticket_id: ticketId });
      if (side === "shop") query.where({ internal: false });
      if (upToSeq !== undefined) query.where("seq", "<=", upToSeq);
      const row = await query.orderBy("seq", "desc").first<MessageRow | undefined>();
      return row ? toMessage(row) : null;
    },

    /**
     * Stamps read_at on the other side's messages in (aboveSeq, upToSeq]; returns how many were newly read.
     * aboveSeq is the reader's pointer before this read: everything at or below it is already stamped.
     */
    async stampRead(
      trx: Q,
      ticketId: string,
      reader: Side,
      seqs: { aboveSeq: number; upToSeq: number },
      at: Date,
    ): Promise<number> {
      return trx("support_messages")
        .update({ read_at: at })
        .where({ ticket_id: ticketId })
        .where("seq", ">", seqs.aboveSeq)
        .where("seq", "<=", seqs.upToSeq)
        .whereNull("read_at")
        .whereRaw(fromOtherSideSql(reader));
    },
  };
}

export type MessageRepository = ReturnType<typeof createMessageRepository>;
