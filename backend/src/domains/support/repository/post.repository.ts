import type { Knex } from "knex";
import type { SenderType } from "@parley/contract";
import { changeTime, type Side, type Ticket } from "../domain/ticket";
import {
  TICKET_COLUMNS,
  toTicket,
  unreadCountSql,
  type TicketPatch,
  type TicketRow,
} from "./ticket.repository";
import {
  MESSAGE_COLUMNS,
  fromOtherSideSql,
  mapInsertError,
  toMessage,
  type MessageRow,
  type StoredMessage,
} from "./message.repository";
import { createStatementNamer } from "../../../platform/named-statements";
import type { Queryable } from "../../../platform/connection-transaction";
import type { SqlPiece } from "../../../platform/sql-piece";

/** What the rules of a post need, read in the one statement that locks the ticket. */
export type PostRead = {
  ticket: Ticket;
  /** The clock the post's changes are stamped with: never before the ticket's last change (domain changeTime). */
  now: Date;
  /** The sender's earlier message with this clientMessageId, on any ticket. */
  replay: StoredMessage | null;
  /** The message named by expectedLastMessageId, if it is on this ticket. */
  expected: { seq: number; internal: boolean; senderType: SenderType } | null;
  /** The whole row, for the ports that joined their own columns (the SLA clock). */
  row: Record<string, unknown>;
};

export type PostWrite = {
  message: {
    id: string;
    ticketId: string;
    side: Side;
    senderId: string;
    senderName: string | null;
    body: string;
    internal: boolean;
    clientMessageId: string | null;
  };
  now: Date;
  ticketPatch: TicketPatch;
  /** The ticket's UPDATE … RETURNING (ticket repository updateSql). */
  ticketUpdate: SqlPiece;
  /** The timeline rows (event repository insertSql), if any. */
  events: SqlPiece | null;
  /** A public message advances the writer's read pointer and stamps the other side's messages read. */
  markRead: boolean;
  /** Other domains' writes (the SLA clock, the notifications outbox). */
  extra: SqlPiece[];
  /** With expectedLastMessageId: count the other side's messages after this seq (the stale-reply check). */
  staleAfterSeq: number | null;
};

export type PostWritten = {
  ticket: Ticket;
  seq: number;
  /** How many of the other side's messages the post marked read. */
  stamped: number;
  /** Unread counts as of the statement's snapshot, i.e. BEFORE this post (the caller adjusts). */
  unreadBefore: { shop: number; admin: number };
  /** The other side's messages after the expected one (0 unless staleAfterSeq was given). */
  newer: number;
};

const n = (v: unknown) => Number(v ?? 0);
const prefixed = (row: Record<string, unknown>, prefix: string, cols: readonly string[]) =>
  Object.fromEntries(cols.map((c) => [c, row[`${prefix}${c}`]]));

/**
 * The message post in two statements (issue 17): one SELECT that locks the ticket and reads everything
 * the rules need, and one data-modifying WITH that writes everything. See docs/benchmarks.md.
 * Both are named statements: a post's statements come in a few shapes (which fields and rows it writes)
 * and look rows up by key, so PostgreSQL plans each shape once per connection, not once per post.
 */
export function createPostRepository() {
  const named = createStatementNamer("parley_post");
  return {
    /**
     * Locks the ticket (a MATERIALIZED CTE, so its row lock is taken first, and the row is the newest
     * committed version) and reads, in the same round trip: the clientMessageId replay, the expected
     * message, and whatever `lateral` joins add (the SLA clock, locked after the ticket).
     *
     * Under READ COMMITTED the non-locked parts are read at the statement's snapshot, taken before any
     * wait for the lock; so nothing here that a concurrent writer of the same ticket can change is
     * trusted for a decision: a missed replay ends in the unique index (the caller replays), and the
     * stale-reply check and the unread counts are made in the write statement, which starts after the
     * lock is held.
     */
    async readForPost(
      trx: Queryable,
      q: {
        ticketId: string;
        senderId: string;
        clientMessageId?: string;
        expectedMessageId?: string;
        /** SQL of SELECTs joined LATERAL; `t.id` names the ticket. */
        lateral: string[];
        /** A ticket another transaction holds is not waited for: no row, as for no ticket. */
        skipLocked?: boolean;
      },
    ): Promise<PostRead | null> {
      const bindings: unknown[] = [q.ticketId];
      const select = ["t.*"];
      const joins: string[] = [];
      if (q.clientMessageId) {
        select.push(...MESSAGE_COLUMNS.map((c) => `dup.${c} AS dup__${c}`));
        joins.push(
          `LEFT JOIN LATERAL (SELECT ${MESSAGE_COLUMNS.join(", ")} FROM support_messages
             WHERE sender_id = ? AND client_message_id = ?) dup ON true`,
        );
        bindings.push(q.senderId, q.clientMessageId);
      }
      if (q.expectedMessageId) {
        select.push("ex.seq AS ex__seq", "ex.internal AS ex__internal", "ex.sender_type AS ex__sender_type");
        joins.push(
          `LEFT JOIN LATERAL (SELECT m.seq, m.internal, m.sender_type FROM support_messages m
             WHERE m.ticket_id = t.id AND m.id = ?) ex ON true`,
        );
        bindings.push(q.expectedMessageId);
      }
      q.lateral.forEach((sql, i) => {
        select.push(`l${i}.*`);
        joins.push(`LEFT JOIN LATERAL (${sql}) l${i} ON true`);
      });
      const sql = `WITH t AS MATERIALIZED (
           SELECT ${TICKET_COLUMNS.join(", ")}, now()::timestamptz(3) AS db_now
           FROM support_tickets WHERE id = ? FOR UPDATE${q.skipLocked ? " SKIP LOCKED" : ""})
         SELECT ${select.join(", ")} FROM t ${joins.join(" ")}`;
      const { rows } = await trx
        .raw<{ rows: Array<Record<string, unknown>> }>(sql, bindings as Knex.RawBinding[])
        .options(named(sql));
      const row = rows[0];
      if (!row) return null;
      const replay =
        q.clientMessageId && row.dup__id != null
          ? toMessage(prefixed(row, "dup__", MESSAGE_COLUMNS) as MessageRow)
          : null;
      const expected =
        q.expectedMessageId && row.ex__seq != null
          ? {
              seq: n(row.ex__seq),
              internal: Boolean(row.ex__internal),
              senderType: row.ex__sender_type as SenderType,
            }
          : null;
      const ticket = toTicket(row as TicketRow);
      return { ticket, now: changeTime(row.db_now as Date, [ticket]), replay, expected, row };
    },

    /**
     * Everything a post writes, as ONE statement (a data-modifying WITH): the message, the ticket's
     * update (status, times, SLA fields, search text), the timeline, the writer's read pointer and
     * read stamps, and the other domains' rows. All members see the same snapshot (taken after the
     * ticket lock is held), so the unread counts and the stale-reply count read here are exact.
     */
    async writePost(trx: Queryable, w: PostWrite): Promise<PostWritten> {
      const ctes: string[] = [];
      const bindings: unknown[] = [];
      const add = (name: string, p: SqlPiece) => {
        ctes.push(`${name} AS (${p.sql})`);
        bindings.push(...p.bindings);
      };
      const m = w.message;
      add("ins", {
        sql: `INSERT INTO support_messages
                (id, ticket_id, sender_type, sender_id, sender_name, body, internal, client_message_id, created_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
        bindings: [
          m.id,
          m.ticketId,
          m.side,
          m.senderId,
          m.senderName,
          m.body,
          m.internal,
          m.clientMessageId,
          w.now,
        ],
      });
      add("tk", w.ticketUpdate);
      if (w.events) add("ev", w.events);
      if (w.markRead) {
        add("rd", {
          sql: `INSERT INTO support_ticket_reads (ticket_id, side, last_read_seq, read_at)
                SELECT ?, ?, ins.seq, ? FROM ins
                ON CONFLICT (ticket_id, side) DO UPDATE
                  SET last_read_seq = excluded.last_read_seq, read_at = excluded.read_at
                  WHERE support_ticket_reads.last_read_seq < excluded.last_read_seq`,
          bindings: [m.ticketId, m.side, w.now],
        });
        // Everything at or below the writer's read pointer is already stamped (a pointer only moves
        // together with its stamps: here, markRead, a merge), so the walk starts above it, not at the
        // thread's first message. The pointer is read before `rd` moves it (one snapshot).
        add("st", {
          sql: `UPDATE support_messages SET read_at = ?
                WHERE ticket_id = ? AND read_at IS NULL AND ${fromOtherSideSql(m.side)}
                  AND seq <= (SELECT seq FROM ins)
                  AND seq > COALESCE((SELECT last_read_seq FROM support_ticket_reads
                                      WHERE ticket_id = ? AND side = ?), 0)
                RETURNING 1`,
          bindings: [w.now, m.ticketId, m.ticketId, m.side],
        });
      }
      w.extra.forEach((p, i) => add(`x${i}`, p));
      if (w.staleAfterSeq !== null) {
        add("stale", {
          sql: `SELECT 1 FROM support_messages WHERE ticket_id = ? AND seq > ? AND ${fromOtherSideSql(m.side)}`,
          bindings: [m.ticketId, w.staleAfterSeq],
        });
      }
      const sql = `WITH ${ctes.join(",\n")}
        SELECT tk.*, (SELECT seq FROM ins) AS post__seq,
          ${w.markRead ? "(SELECT count(*) FROM st)" : "0"} AS post__stamped,
          ${unreadCountSql("shop", "tk.id")} AS post__unread_shop,
          ${unreadCountSql("admin", "tk.id")} AS post__unread_admin,
          ${w.staleAfterSeq !== null ? "(SELECT count(*) FROM stale)" : "0"} AS post__newer
        FROM tk`;
      const { rows } = await trx
        .raw<{ rows: Array<Record<string, unknown>> }>(sql, bindings as Knex.RawBinding[])
        .options(named(sql))
        .catch((err: unknown) => {
          throw mapInsertError(err);
        });
      const row = rows[0];
      if (!row) throw new Error(`ticket ${m.ticketId} vanished while locked`);
      return {
        ticket: toTicket(row as TicketRow),
        seq: n(row.post__seq),
        stamped: n(row.post__stamped),
        unreadBefore: { shop: n(row.post__unread_shop), admin: n(row.post__unread_admin) },
        newer: n(row.post__newer),
      };
    },
  };
}

export type PostRepository = ReturnType<typeof createPostRepository>;
