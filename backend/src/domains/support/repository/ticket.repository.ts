import type { Knex } from "knex";
import { VISITOR_SHOP_PREFIX } from "@parley/contract";
import type {
  TicketSource,
  TicketContext,
  TicketContextType,
  TicketPriority,
  TicketSlaFilter,
  TicketSort,
  TicketStatus,
} from "@parley/contract";
import { changeTime, type Side, type Ticket, type TicketSlaState } from "../domain/ticket";
import { fromOtherSideSql } from "./message.repository";
import { SqlExpression, updateSql, type SqlPiece } from "../../../platform/sql-piece";
import { createStatementNamer } from "../../../platform/named-statements";

type Q = Knex | Knex.Transaction;

type TicketRow = {
  id: string;
  number: number | string;
  shop_id: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  priority_rank: number;
  category: string | null;
  assignee_id: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  last_message_at: Date | null;
  first_response_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  sla_first_response_due_at: Date | null;
  sla_resolution_due_at: Date | null;
  sla_breached: boolean;
  sla_due_at: Date | null;
  sla_due_key: Date;
  sla_next_response_due_at: Date | null;
  sla_warning_at: Date | null;
  context_type: TicketContextType | null;
  context_id: string | null;
  context_title: string | null;
  context_url: string | null;
  tags: string[] | null;
  merged_into_id: string | null;
};

/** Every column but the search vector, which is large and never leaves the database. */
export const TICKET_COLUMNS = [
  "id",
  "number",
  "shop_id",
  "subject",
  "status",
  "priority",
  "priority_rank",
  "category",
  "assignee_id",
  "created_by",
  "created_at",
  "updated_at",
  "last_message_at",
  "first_response_at",
  "resolved_at",
  "closed_at",
  "sla_first_response_due_at",
  "sla_resolution_due_at",
  "sla_breached",
  "sla_due_at",
  "sla_due_key",
  "sla_next_response_due_at",
  "sla_warning_at",
  "context_type",
  "context_id",
  "context_title",
  "context_url",
  "tags",
  "merged_into_id",
] as const;
const COLUMNS = TICKET_COLUMNS;
export type { TicketRow };

/**
 * The ticket's columns under alias `t`, as SQL written once: given as a list, knex would quote and join
 * all 29 on every queue request (about 6% of its allocations, docs/benchmarks.md, session 27).
 */
const T_COLUMNS_SQL = COLUMNS.map((c) => `t.${c}`).join(", ");

export const toTicket = (r: TicketRow): Ticket => ({
  id: r.id,
  number: Number(r.number),
  shopId: r.shop_id,
  subject: r.subject,
  status: r.status,
  priority: r.priority,
  category: r.category,
  assigneeId: r.assignee_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastMessageAt: r.last_message_at,
  firstResponseAt: r.first_response_at,
  resolvedAt: r.resolved_at,
  closedAt: r.closed_at,
  sla: {
    firstResponseDueAt: r.sla_first_response_due_at,
    resolutionDueAt: r.sla_resolution_due_at,
    breached: r.sla_breached,
    dueAt: r.sla_due_at,
    nextResponseDueAt: r.sla_next_response_due_at,
    warningAt: r.sla_warning_at,
  },
  context:
    r.context_type && r.context_id
      ? { type: r.context_type, id: r.context_id, title: r.context_title, url: r.context_url }
      : null,
  tags: r.tags ?? [],
  mergedIntoId: r.merged_into_id,
});

/** Rows of the sort order a search tests before it falls back to the GIN index (see listPage). */
export const SEARCH_WINDOW = 5000;
/** A word with at most this many matching tickets is searched through GIN directly (see listPage). */
export const RARE_MATCHES = 1000;

// A ticket's index takes at most this many words; the rest of a very long conversation is not indexed.
export const MAX_LEXEMES = 20_000;

/**
 * The most bytes of words a ticket's index takes. A tsvector's words may not pass 1 MB (PostgreSQL's
 * MAXSTRPOS, 1,048,575 bytes), and joining two past it is an error, not a cut. A word may take up to 2 kB,
 * so the word count alone did not keep under it: messages of 14 long, distinct words (CJK, 3 bytes a
 * character) passed 1 MB at the 37th, with about 520 words, and from then on every message on the ticket
 * (and a merge into it) was a 500, for both sides.
 * Below the limit, with room for the subject's positions, which the text form counts only roughly.
 */
export const MAX_INDEX_BYTES = 1_000_000;

/**
 * SQL: whether `added` bytes of words may join the tsvector `vector`. Its text form is at least as long as
 * its words (each quoted, separated by spaces), so the sum stays under MAX_INDEX_BYTES for sure.
 */
export const indexHasRoom = (vector: string, added: string) =>
  `length(${vector}) < ${MAX_LEXEMES} AND octet_length(${vector}::text) + ${added} < ${MAX_INDEX_BYTES}`;

/**
 * Messages from the other side that `side` has not read, for the ticket whose id is `ticketIdSql`.
 * The read pointer is a message seq; the (ticket_id, seq) index makes this a short range scan. Above the
 * pointer, a message stamped read still counts as read: a merge moves read messages above the target's
 * pointer (team.repository's mergeReadPointers), and the same heap row is read for the side anyway.
 */
export function unreadCountSql(side: Side, ticketIdSql: string): string {
  return `(SELECT count(*) FROM support_messages m
    WHERE m.ticket_id = ${ticketIdSql} AND ${fromOtherSideSql(side, "m")} AND m.read_at IS NULL
      AND m.seq > COALESCE((SELECT r.last_read_seq FROM support_ticket_reads r
                            WHERE r.ticket_id = ${ticketIdSql} AND r.side = '${side}'), 0))::int`;
}

export type TicketListFilter = {
  shopId?: string;
  statuses?: TicketStatus[];
  priorityRanks?: number[];
  /** null: unassigned only. */
  assigneeId?: string | null;
  updatedSince?: Date;
  /** A tsquery in to_tsquery('simple', ...) syntax, built from sanitised words only. */
  tsquery?: string;
  sla?: TicketSlaFilter;
  contextId?: string;
  contextType?: TicketContextType;
  /** visitor: the reserved `visitor:` pseudo-shops (issue 18); shop: every other. */
  source?: TicketSource;
  /** Ticket number: a unique-index lookup. */
  number?: number;
  /** Admins: internal notes match too. */
  includeInternal?: boolean;
  /** Leave this ticket out (a number query's hit, already shown first). */
  excludeId?: string;
  /** Tickets carrying this tag (GIN index on tags). */
  tag?: string;
};

/** The values of the sort key of the last row of a page: what the next page starts after. */
export type SortKey = { rank?: number; at: Date; id: string };

export type TicketListItem = Ticket & { unreadCount: number; sortKey: SortKey };

export type TicketPatch = Partial<
  Pick<
    Ticket,
    | "status"
    | "priority"
    | "assigneeId"
    | "updatedAt"
    | "lastMessageAt"
    | "firstResponseAt"
    | "resolvedAt"
    | "closedAt"
  >
> & {
  appendSearchText?: string;
  appendInternalSearchText?: string;
  sla?: TicketSlaState;
  /** An internal note was written: admins' catch-up (updatedSince) finds the ticket by it. */
  noteAt?: Date;
};

/** The ticket's UPDATE … RETURNING its columns, as SQL with bindings. */
function updatePiece(id: string, patch: TicketPatch): SqlPiece {
  const set: Record<string, unknown> = {};
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.priority !== undefined) set.priority = patch.priority;
  if (patch.assigneeId !== undefined) set.assignee_id = patch.assigneeId;
  if (patch.updatedAt !== undefined) set.updated_at = patch.updatedAt;
  if (patch.lastMessageAt !== undefined) set.last_message_at = patch.lastMessageAt;
  if (patch.firstResponseAt !== undefined) set.first_response_at = patch.firstResponseAt;
  if (patch.resolvedAt !== undefined) set.resolved_at = patch.resolvedAt;
  if (patch.closedAt !== undefined) set.closed_at = patch.closedAt;
  if (patch.noteAt !== undefined) set.note_at = patch.noteAt;
  if (patch.sla !== undefined) {
    set.sla_first_response_due_at = patch.sla.firstResponseDueAt;
    set.sla_resolution_due_at = patch.sla.resolutionDueAt;
    set.sla_breached = patch.sla.breached;
    set.sla_due_at = patch.sla.dueAt;
    set.sla_next_response_due_at = patch.sla.nextResponseDueAt;
    set.sla_warning_at = patch.sla.warningAt;
  }
  if (patch.appendSearchText !== undefined) {
    // The appended words take at most the text's own bytes (they are its words, each once).
    set.search_vector = new SqlExpression(
      `CASE WHEN ${indexHasRoom("search_vector", "?::int")}
                THEN search_vector || strip(to_tsvector('simple', ?)) ELSE search_vector END`,
      [Buffer.byteLength(patch.appendSearchText), patch.appendSearchText],
    );
  }
  if (patch.appendInternalSearchText !== undefined) {
    set.internal_search_vector = new SqlExpression(
      `CASE WHEN ${indexHasRoom("coalesce(internal_search_vector, ''::tsvector)", "?::int")}
                THEN coalesce(internal_search_vector, ''::tsvector) || strip(to_tsvector('simple', ?))
                ELSE internal_search_vector END`,
      [Buffer.byteLength(patch.appendInternalSearchText), patch.appendInternalSearchText],
    );
  }
  return updateSql("support_tickets", set, { id }, COLUMNS);
}

/**
 * Narrows a support_tickets query (alias `t`) to a list filter, its text search aside: the queue's pages
 * (listPage, one branch per status and rank) and its count (countUpTo) read the filter here, so the count
 * is the tickets the pages list. `side` matters for updatedSince only.
 */
export function whereListFilter(
  q: Knex.QueryBuilder,
  filter: TicketListFilter,
  side: Side,
  statuses = filter.statuses,
  ranks = filter.priorityRanks,
): Knex.QueryBuilder {
  if (filter.shopId !== undefined) q.where("t.shop_id", filter.shopId);
  if (filter.contextId !== undefined) q.where("t.context_id", filter.contextId);
  if (filter.contextType !== undefined) q.where("t.context_type", filter.contextType);
  if (filter.source !== undefined) {
    q.whereRaw(`starts_with(t.shop_id, ?) = ?`, [VISITOR_SHOP_PREFIX, filter.source === "visitor"]);
  }
  if (statuses?.length) q.whereIn("t.status", statuses);
  if (ranks?.length) q.whereIn("t.priority_rank", ranks);
  if (filter.assigneeId === null) q.whereNull("t.assignee_id");
  else if (filter.assigneeId !== undefined) q.where("t.assignee_id", filter.assigneeId);
  if (filter.updatedSince) {
    const since = filter.updatedSince;
    // An admin catching up hears of internal notes too, which do not move updated_at (the shop
    // would see it): either index answers (support_tickets_updated_idx, support_tickets_note_at_idx).
    if (side === "admin")
      q.where((w) => {
        void w.where("t.updated_at", ">", since).orWhere("t.note_at", ">", since);
      });
    else q.where("t.updated_at", ">", since);
  }
  if (filter.number !== undefined) q.where("t.number", filter.number);
  if (filter.excludeId !== undefined) q.whereNot("t.id", filter.excludeId);
  if (filter.tag !== undefined) q.whereRaw(`t.tags @> ARRAY[?]::text[]`, [filter.tag]);
  if (filter.sla === "breached") q.whereRaw(`(t.sla_breached OR t.sla_due_at < now())`);
  if (filter.sla === "due_within_1h") {
    q.whereRaw(`t.sla_due_key >= now() AND t.sla_due_key < now() + interval '1 hour'`);
  }
  return q;
}

/**
 * The full-text condition of a filter with a tsquery, for a table alias ("t." or ""), and its bindings.
 * Admins also search internal notes, kept in their own vector (never in a shop's search); two GIN indexes
 * under OR, which PostgreSQL combines with a BitmapOr.
 */
function textMatch(tsq: string, includeInternal: boolean | undefined) {
  return includeInternal
    ? ([
        (a: string) =>
          `(${a}search_vector @@ to_tsquery('simple', ?) OR ${a}internal_search_vector @@ to_tsquery('simple', ?))`,
        [tsq, tsq],
      ] as const)
    : ([(a: string) => `${a}search_vector @@ to_tsquery('simple', ?)`, [tsq]] as const);
}

/**
 * The queue's pages without a text query, as named statements (issue 17). Planning the page (a union of
 * one index walk per status and priority) cost PostgreSQL more than running it: 0.4–1.2 ms against
 * 0.3–0.7 ms per read. A named statement is planned for its first five runs, and then, when a plan for
 * any values costs no more than those, with that one plan (pg_prepared_statements.generic_plans). The
 * limits are written into the text because a LIMIT parameter makes PostgreSQL guess a tenth of the rows,
 * and that plan never wins. Pages whose plan depends on a value (a text search, see plannedOnce) stay
 * unnamed. A kept plan of a four-branch page holds about 0.35 MB in its session: 32 texts per connection.
 */
const queueStatements = createStatementNamer("parley_queue", 32);

/** How many compiled first pages a repository keeps (a few kB of SQL each). */
const FIRST_PAGES_KEPT = 200;

/** The filters whose best plan never depends on their values: each walks an index of its own. */
const PLANNED_ONCE: ReadonlySet<string> = new Set(["shopId", "statuses", "priorityRanks", "includeInternal"]);

/**
 * Whether one plan suits every value of this filter. An assignee, a tag, a date or a context may match
 * a handful of tickets or most of them, and a generic plan chosen for one would be slow for the other.
 */
const plannedOnce = (filter: TicketListFilter) =>
  Object.keys(filter).every((k) => PLANNED_ONCE.has(k) || filter[k as keyof TicketListFilter] === undefined);

export function createTicketRepository(
  db: Knex,
  options: { searchWindow?: number; rareMatches?: number } = {},
) {
  const searchWindow = options.searchWindow ?? SEARCH_WINDOW;
  const rareMatches = options.rareMatches ?? RARE_MATCHES;
  /** First pages of views whose plan suits every value (plannedOnce), compiled: oldest out first. */
  const firstPages = new Map<string, { sql: string; bindings: readonly Knex.Value[] }>();
  return {
    async insert(
      trx: Q,
      t: {
        shopId: string;
        subject: string;
        priority: TicketPriority;
        category: string | null;
        createdBy: string;
        context: TicketContext | null;
        /** Already normalised for the index (domain/search.ts toSearchText). */
        searchText: { subject: string; body: string };
        now: Date;
      },
    ): Promise<Ticket> {
      const [row] = await trx("support_tickets")
        .insert({
          shop_id: t.shopId,
          subject: t.subject,
          priority: t.priority,
          category: t.category,
          created_by: t.createdBy,
          context_type: t.context?.type ?? null,
          context_id: t.context?.id ?? null,
          context_title: t.context?.title ?? null,
          context_url: t.context?.url ?? null,
          created_at: t.now,
          updated_at: t.now,
          last_message_at: t.now,
          search_vector: trx.raw(
            `setweight(to_tsvector('simple', ?), 'A') || strip(to_tsvector('simple', ?))`,
            [t.searchText.subject, t.searchText.body],
          ),
        })
        .returning<TicketRow[]>([...COLUMNS]);
      if (!row) throw new Error("INSERT … RETURNING returned no row");
      return toTicket(row);
    },

    async findById(q: Q, id: string): Promise<Ticket | null> {
      const row = await q("support_tickets").select(COLUMNS).where({ id }).first<TicketRow | undefined>();
      return row ? toTicket(row) : null;
    },

    /**
     * The shop's ticket created at `createdAt` that was merged into `intoId`, directly or through targets
     * merged later in turn. The candidates come from the (shop_id, created_at) index, and each walks its
     * merge pointers by primary key (a merge never targets a merged ticket; the depth only bounds the walk).
     */
    async findMergedInto(q: Q, intoId: string, shopId: string, createdAt: Date): Promise<Ticket | null> {
      const { rows } = await q.raw<{ rows: TicketRow[] }>(
        `WITH RECURSIVE chain AS (
           SELECT id AS source_id, merged_into_id AS hop, 1 AS depth FROM support_tickets
            WHERE shop_id = ? AND created_at = ? AND merged_into_id IS NOT NULL
           UNION ALL
           SELECT c.source_id, t.merged_into_id, c.depth + 1 FROM chain c JOIN support_tickets t ON t.id = c.hop
            WHERE t.merged_into_id IS NOT NULL AND c.depth < 20)
         SELECT ${T_COLUMNS_SQL} FROM support_tickets t
          WHERE t.id = (SELECT source_id FROM chain WHERE hop = ? ORDER BY source_id LIMIT 1)`,
        [shopId, createdAt, intoId],
      );
      return rows[0] ? toTicket(rows[0]) : null;
    },

    /** Locks the row until the transaction ends, and reads the time its changes are stamped with (domain changeTime). */
    async lockById(trx: Knex.Transaction, id: string): Promise<{ ticket: Ticket; now: Date } | null> {
      const row = await trx("support_tickets")
        .select(...COLUMNS, trx.raw("now()::timestamptz(3) AS db_now"))
        .where({ id })
        .forUpdate()
        .first<(TicketRow & { db_now: Date }) | undefined>();
      if (!row) return null;
      const ticket = toTicket(row);
      return { ticket, now: changeTime(row.db_now, [ticket]) };
    },

    async now(q: Q): Promise<Date> {
      const { rows } = await q.raw<{ rows: Array<{ now: Date }> }>(`SELECT now()::timestamptz(3) AS now`);
      const row = rows[0];
      if (!row) throw new Error("SELECT now() returned no row");
      return row.now;
    },

    async update(trx: Q, id: string, patch: TicketPatch): Promise<Ticket> {
      const { sql, bindings } = updatePiece(id, patch);
      const { rows } = await trx.raw<{ rows: TicketRow[] }>(sql, bindings as Knex.RawBinding[]);
      const row = rows[0];
      if (!row) throw new Error(`ticket ${id} vanished while locked`);
      return toTicket(row);
    },

    /** The same UPDATE … RETURNING as SQL with bindings, for a single write statement (issue 17). */
    updateSql(id: string, patch: TicketPatch): SqlPiece {
      return updatePiece(id, patch);
    },

    async unreadCounts(q: Q, id: string): Promise<{ shop: number; admin: number }> {
      // count() is a string from pg and a number from PGlite.
      const { rows } = await q.raw<{ rows: Array<{ shop: string | number; admin: string | number }> }>(
        `SELECT ${unreadCountSql("shop", "?::uuid")} AS shop, ${unreadCountSql("admin", "?::uuid")} AS admin`,
        [id, id, id, id],
      );
      return { shop: Number(rows[0]?.shop ?? 0), admin: Number(rows[0]?.admin ?? 0) };
    },

    /**
     * One keyset page. Only the page's rows get an unread count: the inner query picks the rows
     * through the sort's index, the outer one adds the correlated counts.
     */
    /**
     * For each ticket, the newest message `side` may see that matches the tsquery, as a ts_headline
     * with control-character marks (domain/search.ts headlineParts), and its seq. Bounded by the page: one
     * (ticket_id, seq) range per ticket, newest first, and only the matching message is headlined.
     */
    async searchSnippets(
      ticketIds: string[],
      tsquery: string,
      side: Side,
      marks: { start: string; stop: string },
    ): Promise<Map<string, { messageId: string; seq: number; headline: string }>> {
      if (ticketIds.length === 0) return new Map();
      const visible = side === "shop" ? "AND NOT m.internal" : "";
      const { rows } = await db.raw<{
        rows: Array<{ ticket_id: string; id: string; seq: number; headline: string }>;
      }>(
        `SELECT s.ticket_id, s.id, s.seq,
                ts_headline('simple', s.clean, to_tsquery('simple', ?),
                  'StartSel=' || ? || ', StopSel=' || ? || ', MaxWords=24, MinWords=8, ShortWord=1, HighlightAll=false') AS headline
           FROM unnest(?::uuid[]) AS t(id)
           CROSS JOIN LATERAL (
             SELECT m.ticket_id, m.id, m.seq, regexp_replace(m.body, '[\x01-\x08]', '', 'g') AS clean
               FROM support_messages m
              WHERE m.ticket_id = t.id ${visible}
                AND m.sender_type <> 'system'
                AND to_tsvector('simple', regexp_replace(lower(m.body), '[^[:alnum:]]+', ' ', 'g'))
                    @@ to_tsquery('simple', ?)
              ORDER BY m.seq DESC
              LIMIT 1
           ) s`,
        [tsquery, marks.start, marks.stop, ticketIds, tsquery],
      );
      return new Map(rows.map((r) => [r.ticket_id, { messageId: r.id, seq: r.seq, headline: r.headline }]));
    },

    /**
     * For the snippet's second step (domain/search.ts messageSnippetParts): of each ticket's newest
     * `bound.messages` messages `side` may see (system messages aside, as in searchSnippets) with a seq
     * above its `afterSeq`, those with a character outside ASCII, newest first, until they hold
     * `bound.bytes` (the message that crosses it is the last). In an ASCII message searchSnippets' word
     * split and the index's word rule read the same words, so only the others can match where
     * searchSnippets found nothing, or nothing newer; in UTF-8 they are exactly the bodies whose
     * octet_length exceeds their char_length.
     */
    async recentNonAsciiMessages(
      scan: Array<{ ticketId: string; afterSeq: number }>,
      side: Side,
      bound: { messages: number; bytes: number },
    ): Promise<Map<string, Array<{ id: string; body: string }>>> {
      const out = new Map<string, Array<{ id: string; body: string }>>();
      if (scan.length === 0) return out;
      const visible = side === "shop" ? "AND NOT m.internal" : "";
      const { rows } = await db.raw<{ rows: Array<{ ticket_id: string; id: string; body: string }> }>(
        `SELECT b.ticket_id, b.id, b.body
           FROM (
             SELECT r.ticket_id, r.id, r.body, r.seq,
                    sum(octet_length(r.body)) OVER (PARTITION BY r.ticket_id ORDER BY r.seq DESC)
                      - octet_length(r.body) AS bytes_before
               FROM unnest(?::uuid[], ?::bigint[]) AS t(id, after_seq)
               CROSS JOIN LATERAL (
                 SELECT m.ticket_id, m.id, m.body, m.seq
                   FROM support_messages m
                  WHERE m.ticket_id = t.id AND m.seq > t.after_seq ${visible}
                    AND m.sender_type <> 'system'
                  ORDER BY m.seq DESC
                  LIMIT ?
               ) r
              WHERE octet_length(r.body) <> char_length(r.body)
           ) b
          WHERE b.bytes_before < ?
          ORDER BY b.seq DESC`,
        [scan.map((t) => t.ticketId), scan.map((t) => t.afterSeq), bound.messages, bound.bytes],
      );
      for (const r of rows) {
        const list = out.get(r.ticket_id) ?? [];
        if (list.length === 0) out.set(r.ticket_id, list);
        list.push({ id: r.id, body: r.body });
      }
      return out;
    },

    /**
     * How many tickets a list filter matches (its text search included), counting no further than
     * `limit`: the inner query stops there, so even over a million tickets a count reads at most `limit`
     * rows of an index or of the table (the queue's "312 tickets", "10,000+ tickets").
     */
    async countUpTo(filter: TicketListFilter, side: Side, limit: number): Promise<number> {
      const inner = whereListFilter(db("support_tickets as t").select(db.raw("1")), filter, side);
      if (filter.tsquery) {
        const [match, bindings] = textMatch(filter.tsquery, filter.includeInternal);
        inner.whereRaw(match("t."), [...bindings]);
      }
      // count() is a string from pg and a number from PGlite.
      const row = await db
        .count({ n: "*" })
        .from(inner.limit(limit).as("s"))
        .first<{ n: string | number } | undefined>();
      return Number(row?.n ?? 0);
    },

    async listPage(
      filter: TicketListFilter,
      opts: { sort: TicketSort; after?: SortKey; limit: number; side: Side },
    ): Promise<TicketListItem[]> {
      const a = opts.after;
      const relevance = opts.sort === "relevance";
      // Relevance: ts_rank over the vector the caller may search (a shop's never includes internal
      // notes, so a note cannot lift a shop's ticket); 0 for every row when there is no text query.
      const tsqRank = filter.tsquery;
      const rankSql = (alias: string): [string, string[]] =>
        !tsqRank
          ? ["0::real", []]
          : filter.includeInternal
            ? [
                `ts_rank(${alias}search_vector || coalesce(${alias}internal_search_vector, ''::tsvector), to_tsquery('simple', ?))`,
                [tsqRank],
              ]
            : [`ts_rank(${alias}search_vector, to_tsquery('simple', ?))`, [tsqRank]];
      const order =
        opts.sort === "priority"
          ? ["priority_rank", "updated_at", "id"]
          : relevance
            ? ["search_rank", "updated_at", "id"]
            : [
                opts.sort === "created" ? "created_at" : opts.sort === "due" ? "sla_due_key" : "updated_at",
                "id",
              ];
      // Every sort is newest first except due: the nearest deadline first.
      const direction = opts.sort === "due" ? ("asc" as const) : ("desc" as const);
      // search_rank is an output column of the filtered query, so it is never qualified by "t".
      const orderBy = (alias: string) =>
        order.map((c) => ({
          column: alias && !(alias === "t" && c === "search_rank") ? `${alias}.${c}` : c,
          order: direction,
        }));

      /** Every filter but the full-text one, and the cursor, in sort order. */
      const filtered = (statuses: TicketStatus[] | undefined, ranks: number[] | undefined) => {
        const q = db("support_tickets as t").select(db.raw(T_COLUMNS_SQL));
        if (relevance) {
          const [sql, bindings] = rankSql("t.");
          q.select(db.raw(`${sql} AS search_rank`, bindings));
        }
        whereListFilter(q, filter, opts.side, statuses, ranks);
        if (a && relevance) {
          const [sql, bindings] = rankSql("t.");
          q.whereRaw(`(${sql}, t.updated_at, t.id) < (?::real, ?, ?)`, [
            ...bindings,
            a.rank ?? 0,
            a.at,
            a.id,
          ]);
        } else if (a && opts.sort === "priority") {
          q.whereRaw(`(t.priority_rank, t.updated_at, t.id) < (?, ?, ?)`, [a.rank ?? 0, a.at, a.id]);
        } else if (a) {
          q.whereRaw(`(t.${order[0]}, t.id) ${direction === "asc" ? ">" : "<"} (?, ?)`, [a.at, a.id]);
        }
        return q.orderBy(orderBy("t"));
      };

      /**
       * At most a page of `inner`'s rows, each with its unread count. `inlineLimit`: the limit is written
       * into the text, so that the text depends only on which filters are set, the sort and the page size
       * (see queueStatements).
       */
      const pageQuery = (inner: Knex.QueryBuilder, inlineLimit: boolean) =>
        db
          .select("p.*", db.raw(`${unreadCountSql(opts.side, "p.id")} AS unread_count`))
          .from(
            db
              .select("*")
              .from(inner.as("u"))
              .orderBy(orderBy(""))
              .limit(opts.limit, { skipBinding: inlineLimit })
              .as("p"),
          )
          .orderBy(orderBy("p"));
      // The two fields are added to the mapped ticket, not spread into a copy of it: a page is 25–100
      // tickets of 30 fields, and the copies were a tenth of an uncached queue read (docs/benchmarks.md).
      const toItems = (rows: unknown[]): TicketListItem[] =>
        (rows as Array<TicketRow & { unread_count: number; search_rank?: number | string }>).map((r) =>
          Object.assign(toTicket(r), {
            unreadCount: Number(r.unread_count),
            sortKey: {
              rank:
                opts.sort === "priority"
                  ? r.priority_rank
                  : relevance
                    ? Number(r.search_rank ?? 0)
                    : undefined,
              at: opts.sort === "created" ? r.created_at : opts.sort === "due" ? r.sla_due_key : r.updated_at,
              id: r.id,
            },
          }),
        );
      const withUnreadCounts = async (inner: Knex.QueryBuilder) => toItems(await pageQuery(inner, false));

      if (filter.tsquery) {
        // PostgreSQL cannot estimate a prefix query ('samovar:*'), so left alone it may walk the sort
        // index testing every row: fast for a common word, seconds for a rare one. So: first ask the GIN
        // index whether the word is rare (a capped count, well under a millisecond); a rare word's
        // matches are fetched through GIN and sorted. A common word walks the sort order, but only its
        // first searchWindow rows (they are a prefix of the order, so a full page there is the answer);
        // if that finds less than a page, GIN fetches every match after all.
        const match = textMatch(filter.tsquery, filter.includeInternal);
        const everyMatch = () =>
          db
            .withMaterialized(
              "m",
              filtered(filter.statuses, filter.priorityRanks)
                .clearOrder()
                .whereRaw(match[0]("t."), [...match[1]]),
            )
            .select("*")
            .from("m");
        // Relevance ranks every match, so it always takes the GIN path (its cost grows with the matches).
        if (relevance) return withUnreadCounts(everyMatch());
        const { rows: probe } = await db.raw<{ rows: Array<{ n: number }> }>(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM support_tickets WHERE ${match[0]("")} LIMIT ?) s`,
          [...match[1], rareMatches + 1],
        );
        if (Number(probe[0]?.n ?? 0) <= rareMatches) return withUnreadCounts(everyMatch());

        const windowed = db
          .select(COLUMNS)
          .from(
            filtered(filter.statuses, filter.priorityRanks)
              .select("t.search_vector", "t.internal_search_vector")
              .limit(searchWindow)
              .as("w"),
          )
          .whereRaw(match[0]("w."), [...match[1]])
          .orderBy(orderBy(""))
          .limit(opts.limit);
        const page = await withUnreadCounts(windowed);
        if (page.length === opts.limit) return page;
        return withUnreadCounts(everyMatch());
      }

      // A list filter (status=open,in_progress) cannot walk one ordered index, and when the values
      // correlate with the sort (few urgent tickets still open) a filtered index walk reads most of
      // the table. One branch per value walks (value, sort key) in order; the outer query merges them.
      const splitStatus = (filter.statuses?.length ?? 0) > 1;
      const splitRank = opts.sort !== "created" && (filter.priorityRanks?.length ?? 0) > 1;
      const statusSets = splitStatus ? filter.statuses!.map((st) => [st]) : [filter.statuses];
      const rankSets = splitRank ? filter.priorityRanks!.map((r) => [r]) : [filter.priorityRanks];
      const merged = (inlineLimit: boolean) => {
        const branches = statusSets.flatMap((st) =>
          rankSets.map((rk) => filtered(st, rk).limit(opts.limit, { skipBinding: inlineLimit })),
        );
        return branches.length === 1 ? branches[0]! : db.queryBuilder().unionAll(branches, true);
      };
      if (!plannedOnce(filter)) return withUnreadCounts(merged(false));

      if (!Number.isSafeInteger(opts.limit)) throw new Error(`page size ${opts.limit} is not an integer`);
      // A view's first page is what admins read again and again: its SQL and bindings are compiled once
      // (knex builds and compiles a page's five or six builders on every read otherwise). Later pages
      // carry a cursor that is seldom read twice, so they are compiled each time.
      const key = opts.after ? null : JSON.stringify([filter, opts.sort, opts.limit, opts.side]);
      let compiled = key === null ? undefined : firstPages.get(key);
      if (!compiled) {
        const { sql, bindings } = pageQuery(merged(true), true).toSQL();
        compiled = { sql, bindings };
        if (key !== null) {
          if (firstPages.size >= FIRST_PAGES_KEPT) firstPages.delete(firstPages.keys().next().value!);
          firstPages.set(key, compiled);
        }
      }
      // Run as raw SQL with the builder's own bindings (all scalars: whereIn spreads its list), because
      // a builder cannot be named before it is compiled.
      const { rows } = await db
        .raw<{ rows: unknown[] }>(compiled.sql, compiled.bindings)
        .options(queueStatements(compiled.sql));
      return toItems(rows);
    },
  };
}

export type TicketRepository = ReturnType<typeof createTicketRepository>;
