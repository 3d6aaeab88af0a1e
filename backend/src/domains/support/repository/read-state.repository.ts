import type { Knex } from "knex";
import type { Side } from "../domain/ticket";
import { unreadCountSql } from "./ticket.repository";

type Q = Knex | Knex.Transaction;

/** Per ticket and side (the shop, the admin team): the seq of the last message that side has read. */
export function createReadStateRepository() {
  return {
    /** The seq of the last message this side has read, or null before its first read. */
    async lastReadSeq(q: Q, ticketId: string, side: Side): Promise<number | null> {
      const row = await q("support_ticket_reads")
        .select("last_read_seq")
        .where({ ticket_id: ticketId, side })
        .first<{ last_read_seq: number | string } | undefined>();
      return row ? Number(row.last_read_seq) : null;
    },

    /** Moves the pointer forward only; returns true when it moved. */
    async advance(trx: Q, ticketId: string, side: Side, seq: number, at: Date): Promise<boolean> {
      const { rows } = await trx.raw<{ rows: Array<{ ticket_id: string }> }>(
        `INSERT INTO support_ticket_reads (ticket_id, side, last_read_seq, read_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (ticket_id, side) DO UPDATE
           SET last_read_seq = excluded.last_read_seq, read_at = excluded.read_at
           WHERE support_ticket_reads.last_read_seq < excluded.last_read_seq
         RETURNING ticket_id`,
        [ticketId, side, seq, at],
      );
      return rows.length > 0;
    },

    /**
     * The other side's messages this side has not read, as the ticket's `unreadCount` counts them (the
     * same SQL): for the shop, internal notes never count.
     */
    async unreadCount(q: Q, ticketId: string, side: Side): Promise<number> {
      // count() is a string from pg and a number from PGlite.
      const { rows } = await q.raw<{ rows: Array<{ n: string | number }> }>(
        `SELECT ${unreadCountSql(side, "?::uuid")} AS n`,
        [ticketId, ticketId],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}

export type ReadStateRepository = ReturnType<typeof createReadStateRepository>;
