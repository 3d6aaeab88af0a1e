import type { Knex } from "knex";
import type {
  TicketContextType,
  TicketPriority,
  TicketSlaFilter,
  TicketSource,
  TicketStatus,
} from "@parley/contract";
import { priorityRank } from "@parley/contract";
import type { Ticket, TicketSlaState } from "../domain/ticket";
import { shopSeesChange, type AssignmentCandidate } from "../domain/team";
import type { Side } from "../domain/ticket";
import {
  indexHasRoom,
  TICKET_COLUMNS,
  toTicket,
  unreadCountSql,
  whereListFilter,
  type TicketRow,
} from "./ticket.repository";
import {
  fromOtherSideSql,
  MESSAGE_COLUMNS,
  toMessage,
  type MessageRow,
  type StoredMessage,
} from "./message.repository";

type Q = Knex | Knex.Transaction;

/** Bulk changes, merge, satisfaction, auto-assignment state: the set-based SQL of team operations. */

export type BulkTicketFilter = {
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  assigneeId?: string | null;
  shopId?: string;
  tag?: string;
  /** As the queue's `sla`: a deadline missed, or a running one within the hour. */
  sla?: TicketSlaFilter;
  /** visitor: the reserved `visitor:` pseudo-shops; shop: every other. */
  source?: TicketSource;
  contextId?: string;
  contextType?: TicketContextType;
  /**
   * The text query, as the queue reads it (readTicketQuery): the ticket with this number, or one whose
   * text (internal notes included: only admins filter) matches the tsquery. Either alone is the only
   * text condition.
   */
  number?: number;
  tsquery?: string;
  /** A text query with nothing searchable in it: no ticket matches. */
  none?: true;
};

/**
 * Narrows a support_tickets query (alias "t") to a bulk filter: one definition for ids and counts. Every
 * condition but the text's is the queue's own (whereListFilter), so a filter the queue lists by cannot
 * mean something else here, or be missing (bulk once had no contextType).
 */
function whereBulkFilter<B extends Knex.QueryBuilder>(query: B, f: BulkTicketFilter): B {
  whereListFilter(
    query,
    {
      shopId: f.shopId,
      statuses: f.statuses,
      priorityRanks: f.priorities?.map(priorityRank),
      assigneeId: f.assigneeId,
      tag: f.tag,
      sla: f.sla,
      source: f.source,
      contextId: f.contextId,
      contextType: f.contextType,
    },
    "admin",
  );
  if (f.none) query.whereRaw("false");
  // The queue shows a number's ticket first and then text matches; a set is both at once, hence OR.
  const { number, tsquery } = f;
  if (number !== undefined || tsquery) {
    query.where((text) => {
      if (number !== undefined) text.orWhere("t.number", number);
      if (tsquery) {
        text.orWhereRaw(
          `(t.search_vector @@ to_tsquery('simple', ?) OR t.internal_search_vector @@ to_tsquery('simple', ?))`,
          [tsquery, tsquery],
        );
      }
    });
  }
  return query;
}

export type TicketChangeRow = {
  id: string;
  status: TicketStatus | null;
  priority: TicketPriority | null;
  /** undefined: unchanged. */
  assigneeId: string | null | undefined;
  tags: string[] | null;
  /** The ticket's SLA fields after its clock moved; undefined: unchanged. */
  sla?: TicketSlaState;
};

export type EventRow = {
  ticketId: string;
  type: string;
  actorId: string | null;
  from: string | null;
  to: string | null;
};

export type SatisfactionRow = {
  ticketId: string;
  score: number;
  comment: string | null;
  ratedBy: string;
  assigneeId: string | null;
  category: string | null;
  createdAt: Date;
};

export type TeamSettingsRow = {
  autoAssign: boolean;
  capacity: number;
  offlineReassignAfterS: number | null;
  useSkills: boolean;
};

const n = (v: unknown) => Number(v ?? 0);

type ViewRow = { id: string; owner_id: string; name: string; shared: boolean; filters: unknown };
export type SavedViewRow = { id: string; ownerId: string; name: string; shared: boolean; filters: unknown };
const toView = (r: ViewRow): SavedViewRow => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  shared: r.shared,
  filters: r.filters,
});

export function createTeamRepository() {
  return {
    /** The ids a filter matches, oldest first, at most `limit`. */
    async idsMatching(q: Q, f: BulkTicketFilter, limit: number): Promise<string[]> {
      const query = q("support_tickets as t").select("t.id").orderBy("t.id").limit(limit);
      const rows = await whereBulkFilter(query, f);
      return (rows as Array<{ id: string }>).map((r) => r.id);
    },

    /** Locks every named ticket that exists, in id order, reading nothing else (a bulk job's first step). */
    async lockInIdOrder(trx: Knex.Transaction, ids: string[]): Promise<void> {
      await trx.raw(`SELECT id FROM support_tickets WHERE id = ANY(?::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
    },

    /** Locks every named ticket that exists, in id order (a fixed order: two bulk jobs never deadlock). */
    async lockMany(trx: Knex.Transaction, ids: string[]): Promise<Ticket[]> {
      if (ids.length === 0) return [];
      const { rows } = await trx.raw<{ rows: Parameters<typeof toTicket>[0][] }>(
        // Not the search vectors: large, and never needed to judge a change.
        `SELECT ${TICKET_COLUMNS.join(", ")} FROM support_tickets WHERE id = ANY(?::uuid[]) ORDER BY id FOR UPDATE`,
        [ids],
      );
      return rows.map(toTicket);
    },

    /**
     * The named tickets as they now stand, with both sides' unread counts: a batch of a bulk job's
     * ticket:updated events in one query (two queries per ticket would cost 20,000 round trips at 10,000).
     */
    async snapshots(
      q: Q,
      ids: string[],
    ): Promise<Array<Ticket & { unread: { shop: number; admin: number } }>> {
      if (ids.length === 0) return [];
      const { rows } = await q.raw<{
        rows: Array<TicketRow & { unread_shop: number | string; unread_admin: number | string }>;
      }>(
        `SELECT ${TICKET_COLUMNS.map((c) => `t.${c}`).join(", ")},
           ${unreadCountSql("shop", "t.id")} AS unread_shop, ${unreadCountSql("admin", "t.id")} AS unread_admin
         FROM support_tickets t WHERE t.id = ANY(?::uuid[]) ORDER BY t.id`,
        [ids],
      );
      // count() is a string from pg and a number from PGlite.
      return rows.map((r) => ({
        ...toTicket(r),
        unread: { shop: Number(r.unread_shop), admin: Number(r.unread_admin) },
      }));
    },

    /**
     * One UPDATE for every changed ticket: each row gets its own new values from the arrays, its SLA
     * fields included when its clock moved (so each row is written once).
     */
    async applyChanges(trx: Knex.Transaction, changes: TicketChangeRow[], now: Date): Promise<void> {
      if (changes.length === 0) return;
      await trx.raw(
        `UPDATE support_tickets t SET
           status = COALESCE(v.status, t.status),
           priority = COALESCE(v.priority, t.priority),
           assignee_id = CASE WHEN v.assignee_set THEN v.assignee_id ELSE t.assignee_id END,
           tags = CASE WHEN v.tags_json IS NULL THEN t.tags
                       ELSE ARRAY(SELECT jsonb_array_elements_text(v.tags_json)) END,
           resolved_at = CASE WHEN v.status = 'resolved' THEN ?::timestamptz
                              WHEN v.status = 'open' THEN NULL ELSE t.resolved_at END,
           closed_at = CASE WHEN v.status IN ('closed') THEN ?::timestamptz
                            WHEN v.status IN ('open', 'resolved') THEN NULL ELSE t.closed_at END,
           sla_first_response_due_at = CASE WHEN v.sla_set THEN v.sla_fr ELSE t.sla_first_response_due_at END,
           sla_resolution_due_at = CASE WHEN v.sla_set THEN v.sla_rs ELSE t.sla_resolution_due_at END,
           sla_breached = CASE WHEN v.sla_set THEN v.sla_breached ELSE t.sla_breached END,
           sla_due_at = CASE WHEN v.sla_set THEN v.sla_due ELSE t.sla_due_at END,
           sla_next_response_due_at = CASE WHEN v.sla_set THEN v.sla_nr ELSE t.sla_next_response_due_at END,
           sla_warning_at = CASE WHEN v.sla_set THEN v.sla_warn ELSE t.sla_warning_at END,
           -- A change of tags alone is the team's (see setTags): admins' catch-up time, not the shop's.
           updated_at = CASE WHEN v.shop_sees THEN ?::timestamptz ELSE t.updated_at END,
           note_at = CASE WHEN v.shop_sees THEN t.note_at ELSE ?::timestamptz END
         FROM (SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::jsonb[],
                                    ?::boolean[], ?::timestamptz[], ?::timestamptz[], ?::boolean[], ?::timestamptz[],
                                    ?::timestamptz[], ?::timestamptz[], ?::boolean[])
               AS x(id, status, priority, assignee_set, assignee_id, tags_json,
                    sla_set, sla_fr, sla_rs, sla_breached, sla_due, sla_nr, sla_warn, shop_sees)) v
         WHERE t.id = v.id`,
        [
          now,
          now,
          now,
          now,
          changes.map((c) => c.id),
          changes.map((c) => c.status),
          changes.map((c) => c.priority),
          changes.map((c) => c.assigneeId !== undefined),
          changes.map((c) => c.assigneeId ?? null),
          changes.map((c) => (c.tags ? JSON.stringify(c.tags) : null)),
          changes.map((c) => c.sla !== undefined),
          changes.map((c) => c.sla?.firstResponseDueAt ?? null),
          changes.map((c) => c.sla?.resolutionDueAt ?? null),
          changes.map((c) => c.sla?.breached ?? null),
          changes.map((c) => c.sla?.dueAt ?? null),
          changes.map((c) => c.sla?.nextResponseDueAt ?? null),
          changes.map((c) => c.sla?.warningAt ?? null),
          changes.map((c) => shopSeesChange(c)),
        ] as unknown as Knex.RawBinding[],
      );
    },

    /** Timeline rows for many tickets in one INSERT. */
    async insertEvents(trx: Q, events: EventRow[], at: Date): Promise<void> {
      if (events.length === 0) return;
      await trx.raw(
        `INSERT INTO support_ticket_events (ticket_id, type, actor_id, from_value, to_value, created_at)
         SELECT x.ticket_id, x.type, x.actor_id, x.from_value, x.to_value, ?::timestamptz
         FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[])
           AS x(ticket_id, type, actor_id, from_value, to_value)`,
        [
          at,
          events.map((e) => e.ticketId),
          events.map((e) => e.type),
          events.map((e) => e.actorId),
          events.map((e) => e.from),
          events.map((e) => e.to),
        ] as unknown as Knex.RawBinding[],
      );
    },

    /**
     * Tags are the team's own: the change moves `note_at` (what admins' catch-up reads, as for a note),
     * never `updated_at`, which the shop sees as its ticket's last change.
     */
    async setTags(trx: Q, ticketId: string, tags: string[], now: Date): Promise<Ticket> {
      const { rows } = await trx.raw<{ rows: Parameters<typeof toTicket>[0][] }>(
        `UPDATE support_tickets SET tags = ?::text[], note_at = ? WHERE id = ? RETURNING *`,
        [tags, now, ticketId],
      );
      return toTicket(rows[0]!);
    },

    /**
     * Moves every message of `fromId` to `toId` and merges the search text. Each keeps its seq (the time
     * order) and arrives on `toId` now: a fresh `moved_seq` from the same sequence, in seq order, so a
     * client catching up on the target after its last message gets them (message.repository `list`).
     * Returns the moved messages, oldest first, as they now read (on `toId`).
     */
    async moveMessages(trx: Knex.Transaction, fromId: string, toId: string): Promise<StoredMessage[]> {
      const { rows } = await trx.raw<{ rows: MessageRow[] }>(
        `UPDATE support_messages m SET ticket_id = ?, moved_seq = a.arrival
           FROM (SELECT id, nextval(pg_get_serial_sequence('support_messages', 'seq')) AS arrival
                   FROM (SELECT id FROM support_messages WHERE ticket_id = ? ORDER BY seq) o) a
          WHERE m.id = a.id
          RETURNING ${MESSAGE_COLUMNS.map((c) => `m.${c}`).join(", ")}`,
        [toId, fromId],
      );
      const moved = rows.map(toMessage).sort((a, b) => a.seq - b.seq);
      // Both indexes: the internal notes moved too, and an admin searching a note's words must find the
      // target (and "apply to all matching" must reach it). note_at follows the latest note.
      await trx.raw(
        `UPDATE support_tickets t SET
           search_vector = CASE
             WHEN ${indexHasRoom("t.search_vector", "octet_length(s.search_vector::text)")}
             THEN t.search_vector || s.search_vector ELSE t.search_vector END,
           internal_search_vector = CASE
             WHEN s.internal_search_vector IS NULL THEN t.internal_search_vector
             WHEN ${indexHasRoom("coalesce(t.internal_search_vector, ''::tsvector)", "octet_length(s.internal_search_vector::text)")}
               THEN coalesce(t.internal_search_vector, ''::tsvector) || s.internal_search_vector
             ELSE t.internal_search_vector END,
           note_at = GREATEST(t.note_at, s.note_at)
         FROM support_tickets s WHERE t.id = ? AND s.id = ?`,
        [toId, fromId],
      );
      // Public messages only: posting a note leaves last_message_at alone (the shop sees it, and must
      // never see a time later than any message it can read), and the moved notes must not move it either.
      await trx.raw(
        `UPDATE support_tickets SET last_message_at = (
           SELECT max(created_at) FROM support_messages WHERE ticket_id = ? AND NOT internal)
         WHERE id = ?`,
        [toId, toId],
      );
      return moved;
    },

    /**
     * The target's read pointer per side for a merge; call it BEFORE moveMessages, while each message still
     * names its own ticket. A pointer is one seq (everything at or below it is read), and the moved
     * messages interleave with the target's by seq, so the two tickets' read sets can't always be kept
     * exactly. The rule: the pointer stops just below the earliest message that was unread on its own
     * ticket, so no unread message ever counts as read (a read one after it keeps its read stamp, which the
     * unread count honours: unreadCountSql). With nothing unread on either ticket,
     * the higher of the two pointers, so everything stays read. Unlike `advance`, this may move back.
     */
    async mergeReadPointers(trx: Knex.Transaction, sourceId: string, targetId: string, now: Date) {
      for (const side of ["shop", "admin"] as Side[]) {
        await trx.raw(
          `INSERT INTO support_ticket_reads (ticket_id, side, last_read_seq, read_at)
           SELECT ?::uuid, ?, x.seq, ? FROM (SELECT COALESCE(
             (SELECT min(m.seq) - 1 FROM support_messages m
                LEFT JOIN support_ticket_reads r ON r.ticket_id = m.ticket_id AND r.side = ?
               WHERE m.ticket_id IN (?, ?) AND ${fromOtherSideSql(side, "m")}
                 AND m.seq > COALESCE(r.last_read_seq, 0)),
             (SELECT max(r.last_read_seq) FROM support_ticket_reads r
               WHERE r.ticket_id IN (?, ?) AND r.side = ?)) AS seq) x
           WHERE x.seq IS NOT NULL
           ON CONFLICT (ticket_id, side) DO UPDATE SET last_read_seq = excluded.last_read_seq`,
          [targetId, side, now, side, sourceId, targetId, sourceId, targetId, side],
        );
      }
    },

    async markMerged(trx: Knex.Transaction, sourceId: string, targetId: string, now: Date): Promise<Ticket> {
      const { rows } = await trx.raw<{ rows: Parameters<typeof toTicket>[0][] }>(
        `UPDATE support_tickets SET merged_into_id = ?, status = 'closed', closed_at = ?, updated_at = ?,
           last_message_at = NULL
         WHERE id = ? RETURNING *`,
        [targetId, now, now, sourceId],
      );
      return toTicket(rows[0]!);
    },

    async touch(trx: Knex.Transaction, id: string, now: Date): Promise<Ticket> {
      const { rows } = await trx.raw<{ rows: Parameters<typeof toTicket>[0][] }>(
        `UPDATE support_tickets SET updated_at = ? WHERE id = ? RETURNING *`,
        [now, id],
      );
      return toTicket(rows[0]!);
    },

    /**
     * The shop's own unresolved tickets that share at least two of `words` as prefixes (one when only one is
     * left), best match first. Words that English stop-word lists drop (to_tsvector('english') keeps nothing
     * of them) do not count. Each word is letters, digits and marks only (domain/search.ts), safe in a tsquery.
     */
    async similarOpen(q: Q, shopId: string, words: string[], limit: number): Promise<Ticket[]> {
      const { rows } = await q.raw<{ rows: Parameters<typeof toTicket>[0][] }>(
        `WITH w AS (SELECT word FROM unnest(?::text[]) word WHERE to_tsvector('english', word) <> ''::tsvector),
              d AS (SELECT to_tsquery('simple', string_agg(word || ':*', ' | ')) AS anyword, count(*) AS n FROM w)
         SELECT t.* FROM support_tickets t, d
         WHERE d.n > 0 AND t.shop_id = ? AND t.status IN ('open', 'in_progress') AND t.merged_into_id IS NULL
           AND t.search_vector @@ d.anyword
           AND (SELECT count(*) FROM w WHERE t.search_vector @@ to_tsquery('simple', w.word || ':*')) >= LEAST(2, d.n)
         ORDER BY ts_rank(t.search_vector, d.anyword) DESC, t.updated_at DESC
         LIMIT ?`,
        [words, shopId, limit],
      );
      return rows.map(toTicket);
    },

    // ---- satisfaction ----

    /** false when the ticket was already rated (the primary key decides, so a double submit can't pass). */
    async insertSatisfaction(trx: Q, r: Omit<SatisfactionRow, "createdAt">, now: Date): Promise<boolean> {
      const rows = await trx("support_ticket_satisfaction")
        .insert({
          ticket_id: r.ticketId,
          score: r.score,
          comment: r.comment,
          rated_by: r.ratedBy,
          assignee_id: r.assigneeId,
          category: r.category,
          created_at: now,
        })
        .onConflict("ticket_id")
        .ignore()
        .returning("ticket_id");
      return rows.length === 1;
    },

    async findSatisfaction(q: Q, ticketId: string): Promise<SatisfactionRow | null> {
      const r = await q("support_ticket_satisfaction").where({ ticket_id: ticketId }).first<
        | {
            ticket_id: string;
            score: number;
            comment: string | null;
            rated_by: string;
            assignee_id: string | null;
            category: string | null;
            created_at: Date;
          }
        | undefined
      >();
      return r
        ? {
            ticketId: r.ticket_id,
            score: Number(r.score),
            comment: r.comment,
            ratedBy: r.rated_by,
            assigneeId: r.assignee_id,
            category: r.category,
            createdAt: r.created_at,
          }
        : null;
    },

    async satisfactionReport(q: Q, from: Date, to: Date) {
      const group = async (column: "assignee_id" | "category" | null) => {
        const sel = column ? `${column} AS key, ` : "";
        // Categories are free text: "Billing" and "billing" are one row, named by its most common spelling
        // among the period's ratings (on a tie, the one rated first).
        const sql =
          column === "category"
            ? `WITH s AS (SELECT category, score, created_at FROM support_ticket_satisfaction
                           WHERE created_at >= ? AND created_at < ?),
                    spelled AS (SELECT DISTINCT ON (lower(category)) lower(category) AS folded, category
                                  FROM s WHERE category IS NOT NULL
                                 GROUP BY category
                                 ORDER BY lower(category), count(*) DESC, min(created_at), category)
               SELECT min(spelled.category) AS key, count(*) AS count, avg(s.score)::float8 AS average
                 FROM s LEFT JOIN spelled ON spelled.folded = lower(s.category)
                GROUP BY lower(s.category) ORDER BY lower(s.category) NULLS LAST`
            : `SELECT ${sel}count(*) AS count, avg(score)::float8 AS average
               FROM support_ticket_satisfaction WHERE created_at >= ? AND created_at < ?
               ${column ? `GROUP BY ${column} ORDER BY ${column} NULLS LAST` : ""}`;
        const { rows } = await q.raw<{
          rows: Array<{ key?: string | null; count: unknown; average: unknown }>;
        }>(sql, [from, to]);
        return rows.map((r) => ({
          key: r.key ?? null,
          count: n(r.count),
          average: r.average === null ? null : Math.round(Number(r.average) * 100) / 100,
        }));
      };
      const [overall] = await group(null);
      return {
        overall: { count: overall?.count ?? 0, average: overall?.count ? overall.average : null },
        byAdmin: (await group("assignee_id")).map((g) => ({
          assigneeId: g.key,
          count: g.count,
          average: g.average,
        })),
        byCategory: (await group("category")).map((g) => ({
          category: g.key,
          count: g.count,
          average: g.average,
        })),
      };
    },

    // ---- assignment ----

    async settings(q: Q): Promise<TeamSettingsRow> {
      const r = await q("team_settings").where({ id: 1 }).first<{
        auto_assign: boolean;
        capacity: number;
        offline_reassign_after_s: number | null;
        use_skills: boolean;
      }>();
      return {
        autoAssign: r?.auto_assign ?? false,
        capacity: n(r?.capacity ?? 10),
        offlineReassignAfterS: r?.offline_reassign_after_s ?? null,
        useSkills: r?.use_skills ?? false,
      };
    },

    async updateSettings(q: Q, s: Partial<TeamSettingsRow>): Promise<void> {
      const set: Record<string, unknown> = { updated_at: q.fn.now() };
      if (s.autoAssign !== undefined) set.auto_assign = s.autoAssign;
      if (s.capacity !== undefined) set.capacity = s.capacity;
      if (s.offlineReassignAfterS !== undefined) set.offline_reassign_after_s = s.offlineReassignAfterS;
      if (s.useSkills !== undefined) set.use_skills = s.useSkills;
      await q("team_settings").update(set).where({ id: 1 });
    },

    /**
     * Serialises every assignment decision across processes for the rest of the transaction: one
     * transaction-scoped advisory lock, so two servers never count the same admin's load at once.
     */
    async lockAssignment(trx: Knex.Transaction): Promise<void> {
      await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('parley:auto-assignment'))`);
    },

    /** Active, online admins with their open assigned ticket counts. */
    async candidates(q: Q): Promise<AssignmentCandidate[]> {
      const { rows } = await q.raw<{
        rows: Array<{
          user_id: string;
          open_count: unknown;
          last_assigned_at: Date | null;
          skills: string[] | null;
        }>;
      }>(
        `SELECT p.user_id, p.last_assigned_at, p.skills,
                (SELECT count(*) FROM support_tickets t
                  WHERE t.assignee_id = p.user_id AND t.status IN ('open', 'in_progress')) AS open_count
         FROM admin_presence p JOIN users u ON u.id = p.user_id
         WHERE p.online AND u.active AND u.role = 'admin'`,
      );
      return rows.map((r) => ({
        userId: r.user_id,
        openCount: n(r.open_count),
        lastAssignedAt: r.last_assigned_at,
        skills: r.skills ?? [],
      }));
    },

    async noteAssigned(q: Q, userId: string, at: Date): Promise<void> {
      await q("admin_presence").update({ last_assigned_at: at }).where({ user_id: userId });
    },

    async setPresence(q: Q, userId: string, online: boolean): Promise<void> {
      await q.raw(
        `INSERT INTO admin_presence (user_id, online, changed_at, seen_at) VALUES (?, ?, now(), now())
         ON CONFLICT (user_id) DO UPDATE SET online = excluded.online, changed_at = now(),
           seen_at = CASE WHEN excluded.online THEN now() ELSE admin_presence.seen_at END`,
        [userId, online],
      );
    },

    /**
     * Renews the presence lease of admins connected to this process (online, seen now). Returns those who
     * were not online before: a disconnect of another tab, or an expiry, had wrongly taken them offline.
     */
    async renewPresence(q: Q, userIds: readonly string[]): Promise<string[]> {
      if (userIds.length === 0) return [];
      const { rows } = await q.raw<{ rows: Array<{ user_id: string; was_online: boolean }> }>(
        `WITH was AS (SELECT user_id FROM admin_presence WHERE user_id = ANY(?::varchar[]) AND online)
         INSERT INTO admin_presence (user_id, online, changed_at, seen_at)
         SELECT u, true, now(), now() FROM unnest(?::varchar[]) u
         ON CONFLICT (user_id) DO UPDATE SET online = true, seen_at = now(),
           changed_at = CASE WHEN admin_presence.online THEN admin_presence.changed_at ELSE now() END
         RETURNING user_id, user_id IN (SELECT user_id FROM was) AS was_online`,
        [[...userIds], [...userIds]],
      );
      return rows.filter((r) => !r.was_online).map((r) => r.user_id);
    },

    /**
     * Takes offline the admins whose lease no process renewed for `leaseS` seconds (their process died, or
     * their disconnect could not be recorded). Offline since they were last seen. Returns who went.
     */
    async expirePresence(q: Q, leaseS: number): Promise<string[]> {
      const { rows } = await q.raw<{ rows: Array<{ user_id: string }> }>(
        `UPDATE admin_presence SET online = false, changed_at = seen_at
         WHERE online AND seen_at < now() - make_interval(secs => ?)
         RETURNING user_id`,
        [leaseS],
      );
      return rows.map((r) => r.user_id);
    },

    async setSkills(q: Q, userId: string, skills: string[]): Promise<void> {
      await q.raw(
        `INSERT INTO admin_presence (user_id, skills) VALUES (?, ?::text[])
         ON CONFLICT (user_id) DO UPDATE SET skills = excluded.skills`,
        [userId, skills],
      );
    },

    /**
     * Every admin's skills, for the team list: one read of the whole (small: one row per admin) table
     * rather than one per admin. Admins without a row, or with none, are absent.
     */
    async skillsByAdmin(q: Q): Promise<Map<string, string[]>> {
      const rows: Array<{ user_id: string; skills: string[] | null }> = await q("admin_presence")
        .select("user_id", "skills")
        .whereRaw("cardinality(skills) > 0");
      return new Map(rows.map((r) => [r.user_id, r.skills ?? []]));
    },

    async onlineAdmins(q: Q): Promise<string[]> {
      const rows = await q("admin_presence").select("user_id").where({ online: true });
      return (rows as Array<{ user_id: string }>).map((r) => r.user_id);
    },

    /**
     * Open tickets whose assignee has been offline (or deactivated) for at least `afterS` seconds. Only
     * `open` ones: auto-assignment takes only open tickets, so an in_progress one returned to the queue
     * would stay there with nobody (docs/team.md, rule 7).
     */
    async strandedTickets(q: Q, afterS: number, limit: number): Promise<string[]> {
      const { rows } = await q.raw<{ rows: Array<{ id: string }> }>(
        `SELECT t.id FROM support_tickets t
         JOIN admin_presence p ON p.user_id = t.assignee_id
         WHERE t.status = 'open' AND NOT p.online
           AND p.changed_at < now() - make_interval(secs => ?)
         ORDER BY t.id LIMIT ?`,
        [afterS, limit],
      );
      return rows.map((r) => r.id);
    },

    /** Open tickets assigned to this admin (to return to the queue on deactivation). */
    async openAssignedTo(q: Q, userId: string): Promise<string[]> {
      const rows = await q("support_tickets")
        .select("id")
        .where({ assignee_id: userId })
        .whereIn("status", ["open", "in_progress"])
        .orderBy("id");
      return (rows as Array<{ id: string }>).map((r) => r.id);
    },

    async openCountsByAssignee(q: Q): Promise<Map<string, number>> {
      const rows = await q("support_tickets")
        .select("assignee_id")
        .count({ c: "*" })
        .whereNotNull("assignee_id")
        .whereIn("status", ["open", "in_progress"])
        .groupBy("assignee_id");
      return new Map(
        (rows as Array<{ assignee_id: string; c: unknown }>).map((r) => [r.assignee_id, n(r.c)]),
      );
    },

    // ---- saved views ----

    async listViews(q: Q, userId: string) {
      const rows = await q("saved_views")
        .where((w) => {
          void w.where({ owner_id: userId }).orWhere({ shared: true });
        })
        .orderBy([{ column: "name" }, { column: "id" }]);
      return (rows as ViewRow[]).map(toView);
    },

    async insertView(q: Q, v: { ownerId: string; name: string; shared: boolean; filters: object }) {
      const rows: Array<{ id: string }> = await q("saved_views")
        .insert({ owner_id: v.ownerId, name: v.name, shared: v.shared, filters: JSON.stringify(v.filters) })
        .returning(["id"]);
      return rows[0]!.id;
    },

    /**
     * Whether the owner's view is shared, locking it for the caller's transaction (so what a change was
     * shared before is exact); null when it is not theirs (or not there).
     */
    async lockOwnView(trx: Q, id: string, ownerId: string): Promise<{ shared: boolean } | null> {
      const row = await trx("saved_views")
        .select("shared")
        .where({ id, owner_id: ownerId })
        .forUpdate()
        .first<{ shared: boolean } | undefined>();
      return row ? { shared: row.shared } : null;
    },

    /** Changes the owner's view and returns it as changed; null when it is not theirs (or not there). */
    async updateView(
      q: Q,
      id: string,
      ownerId: string,
      patch: { name?: string; shared?: boolean; filters?: object },
    ): Promise<SavedViewRow | null> {
      const set: Record<string, unknown> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.shared !== undefined) set.shared = patch.shared;
      if (patch.filters !== undefined) set.filters = JSON.stringify(patch.filters);
      const rows: ViewRow[] = await q("saved_views")
        .where({ id, owner_id: ownerId })
        .update(set)
        .returning(["id", "owner_id", "name", "shared", "filters"]);
      return rows[0] ? toView(rows[0]) : null;
    },

    /**
     * Deletes a view `adminId` may delete: their own, or a shared one whose owner was deactivated (nobody
     * else could ever take it out of the team's lists). Whether it was shared and whose it was, or null
     * when it is neither (or not there).
     */
    async deleteView(
      q: Q,
      id: string,
      adminId: string,
    ): Promise<{ shared: boolean; ownerId: string } | null> {
      const rows: Array<{ shared: boolean; owner_id: string }> = await q("saved_views")
        .where({ id })
        .where((w) => {
          void w.where({ owner_id: adminId }).orWhere((left) => {
            void left
              .where({ shared: true })
              .whereIn("owner_id", q("users").select("id").where({ active: false }));
          });
        })
        .delete()
        .returning(["shared", "owner_id"]);
      return rows[0] ? { shared: rows[0].shared, ownerId: rows[0].owner_id } : null;
    },

    /** How many tickets a filter matches (capped: the sidebar shows "1000+"). */
    async countMatching(q: Q, f: BulkTicketFilter, cap: number): Promise<number> {
      const inner = whereBulkFilter(q("support_tickets as t").select(q.raw("1")).limit(cap), f);
      const row = await q.count({ c: "*" }).from(inner.as("s")).first<{ c: unknown }>();
      return n(row?.c);
    },
  };
}

export type TeamRepository = ReturnType<typeof createTeamRepository>;
