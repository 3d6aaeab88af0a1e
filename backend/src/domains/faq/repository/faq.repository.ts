import type { Knex } from "knex";
import type { FaqAudience } from "@parley/contract";
import type { FaqArticle } from "../domain/article";
import type { DeflectionCounts, DeflectionFilter, FaqEvent } from "../domain/deflection";
import type { SearchMode } from "../domain/search";

type ArticleRow = {
  id: string;
  audience: FaqAudience;
  category: string;
  question: string;
  answer: string;
  answer_html: string;
  position: number;
  published: boolean;
  helpful_count: number;
  not_helpful_count: number;
  created_at: Date;
  updated_at: Date;
};

const ARTICLE_COLUMNS: string[] = [
  "id",
  "audience",
  "category",
  "question",
  "answer",
  "answer_html",
  "position",
  "published",
  "helpful_count",
  "not_helpful_count",
  "created_at",
  "updated_at",
];

const toArticle = (r: ArticleRow): FaqArticle => ({
  id: r.id,
  audience: r.audience,
  category: r.category,
  question: r.question,
  answer: r.answer,
  answerHtml: r.answer_html,
  position: r.position,
  published: r.published,
  helpful: r.helpful_count,
  notHelpful: r.not_helpful_count,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type ArticleFilter = {
  /** null: every audience. */
  audiences: FaqAudience[] | null;
  includeUnpublished: boolean;
  category?: string;
};

/** What an insert writes: an article before the database gives it an id, counts and times. */
export type ArticleRecord = Omit<FaqArticle, "id" | "helpful" | "notHelpful" | "createdAt" | "updatedAt">;

export type ArticleChanges = Partial<ArticleRecord>;

const SEEDED_KEY = "default_articles_seeded";

/** The queries, on the outer connection or on one transaction. */
function queriesOn(db: Knex) {
  const articles = (filter: ArticleFilter) => {
    const query = db("faq_articles");
    if (filter.audiences) query.whereIn("audience", filter.audiences);
    if (!filter.includeUnpublished) query.where("published", true);
    if (filter.category) query.where("category", filter.category);
    return query;
  };

  return {
    async list(filter: ArticleFilter): Promise<FaqArticle[]> {
      const rows = await articles(filter)
        .select(ARTICLE_COLUMNS)
        .orderBy([{ column: "position" }, { column: "created_at" }, { column: "id" }]);
      return (rows as ArticleRow[]).map(toArticle);
    },

    /** Each word folded as the search index folds it (parley_search_fold: unaccent), by word. */
    async foldWords(words: string[]): Promise<Map<string, string>> {
      if (words.length === 0) return new Map();
      const { rows } = await db.raw<{ rows: Array<{ word: string; folded: string }> }>(
        `SELECT w AS word, parley_search_fold(w) AS folded FROM unnest(?::text[]) AS w`,
        [words],
      );
      return new Map(rows.map((r) => [r.word, r.folded]));
    },

    /**
     * Full-text search, best rank first. Each prefix query (prefixQueries) matches stemmed (english) or as
     * typed (simple): english stems the typed start of a word too, and a start that looks like a whole word
     * can stem to letters the word does not begin with ("refining" of "refiningly" becomes "refine"). A
     * word english drops (a stop word) stays dropped.
     */
    async search(
      filter: ArticleFilter,
      prefixes: string[],
      mode: SearchMode,
      limit: number,
    ): Promise<FaqArticle[]> {
      const term = `(to_tsquery('english', ?) || CASE WHEN numnode(to_tsquery('english', ?)) = 0
        THEN ''::tsquery ELSE to_tsquery('simple', ?) END)`;
      const query = prefixes.map(() => term).join(mode === "all" ? " && " : " || ");
      const rows = await articles(filter)
        .with(
          "q",
          db.raw(
            `select ${query} as query`,
            prefixes.flatMap((p) => [p, p, p]),
          ),
        )
        .joinRaw("cross join q")
        .whereRaw("faq_articles.search @@ q.query")
        .select(ARTICLE_COLUMNS.map((c) => `faq_articles.${c}`))
        .select(db.raw("ts_rank(faq_articles.search, q.query) as rank"))
        .orderBy([
          { column: "rank", order: "desc" },
          { column: "faq_articles.position" },
          { column: "faq_articles.id" },
        ])
        .limit(limit);
      return (rows as ArticleRow[]).map(toArticle);
    },

    async findById(id: string): Promise<FaqArticle | undefined> {
      const row = await db("faq_articles")
        .select(ARTICLE_COLUMNS)
        .where({ id })
        .first<ArticleRow | undefined>();
      return row ? toArticle(row) : undefined;
    },

    /** Locks the article row until the transaction ends; undefined when it does not exist. */
    async lockById(id: string): Promise<{ published: boolean } | undefined> {
      const row = await db("faq_articles")
        .select("published")
        .where({ id })
        .forUpdate()
        .first<{ published: boolean } | undefined>();
      return row ? { published: row.published } : undefined;
    },

    async nextPosition(): Promise<number> {
      const row = await db("faq_articles")
        .max({ max: "position" })
        .first<{ max: number | null } | undefined>();
      const max = row?.max;
      return max === null || max === undefined ? 0 : max + 1;
    },

    async insert(records: ArticleRecord[]): Promise<FaqArticle[]> {
      if (records.length === 0) return [];
      const rows = await db("faq_articles")
        .insert(
          records.map((r) => ({
            audience: r.audience,
            category: r.category,
            question: r.question,
            answer: r.answer,
            answer_html: r.answerHtml,
            position: r.position,
            published: r.published,
          })),
        )
        .returning(ARTICLE_COLUMNS);
      return (rows as ArticleRow[]).map(toArticle);
    },

    async update(id: string, changes: ArticleChanges): Promise<FaqArticle | undefined> {
      const patch: Record<string, unknown> = { updated_at: db.fn.now() };
      if (changes.audience !== undefined) patch.audience = changes.audience;
      if (changes.category !== undefined) patch.category = changes.category;
      if (changes.question !== undefined) patch.question = changes.question;
      if (changes.answer !== undefined) patch.answer = changes.answer;
      if (changes.answerHtml !== undefined) patch.answer_html = changes.answerHtml;
      if (changes.position !== undefined) patch.position = changes.position;
      if (changes.published !== undefined) patch.published = changes.published;
      const [row] = await db("faq_articles")
        .where({ id })
        .update(patch)
        .returning<ArticleRow[]>(ARTICLE_COLUMNS);
      return row ? toArticle(row) : undefined;
    },

    async delete(id: string): Promise<boolean> {
      const deleted = await db("faq_articles").where({ id }).delete().returning<Array<{ id: string }>>("id");
      return deleted.length > 0;
    },

    async existingIds(ids: string[]): Promise<string[]> {
      const rows = await db("faq_articles").select("id").whereIn("id", ids);
      return rows.map((r: { id: string }) => r.id);
    },

    async setPosition(id: string, position: number): Promise<void> {
      await db("faq_articles").where({ id }).update({ position, updated_at: db.fn.now() });
    },

    /** Records or changes one voter's vote, then recounts the article from the votes (call inside a lock). */
    async upsertVote(
      articleId: string,
      voter: string,
      helpful: boolean,
    ): Promise<{ helpful: number; notHelpful: number }> {
      await db("faq_votes")
        .insert({ article_id: articleId, voter, helpful })
        .onConflict(["article_id", "voter"])
        .merge({ helpful, updated_at: db.fn.now() });
      const [row] = await db("faq_articles")
        .where({ id: articleId })
        .update({
          helpful_count: db.raw("(select count(*) from faq_votes where article_id = ? and helpful)", [
            articleId,
          ]),
          not_helpful_count: db.raw("(select count(*) from faq_votes where article_id = ? and not helpful)", [
            articleId,
          ]),
        })
        .returning<Array<{ helpful_count: number; not_helpful_count: number }>>([
          "helpful_count",
          "not_helpful_count",
        ]);
      if (!row) throw new Error(`FAQ article ${articleId} vanished while locked`);
      return { helpful: Number(row.helpful_count), notHelpful: Number(row.not_helpful_count) };
    },

    async insertEvent(e: FaqEvent): Promise<void> {
      await db("faq_events").insert({
        type: e.type,
        session_id: e.sessionId,
        article_ids: JSON.stringify(e.articleIds),
        query: e.query,
        result_count: e.resultCount,
        user_id: e.userId,
        shop_id: e.shopId,
      });
    },

    async insertSearchMiss(query: string, source: "list" | "suggest"): Promise<void> {
      await db("faq_search_misses").insert({ query, source });
    },

    async deflectionCounts({ since, until, shopId }: DeflectionFilter): Promise<DeflectionCounts> {
      const sessions = db("faq_events")
        .select("session_id")
        .select(db.raw("bool_or(type = 'suggestions_shown') as shown"))
        .select(db.raw("bool_or(type = 'article_opened') as opened"))
        .select(db.raw("bool_or(type = 'ticket_filed') as filed"))
        .groupBy("session_id");
      if (since) sessions.where("created_at", ">=", since);
      if (until) sessions.where("created_at", "<", until);
      if (shopId !== null) sessions.where("shop_id", shopId);
      const row = await db
        .from(sessions.as("s"))
        .select(
          db.raw("count(*) filter (where shown)::int as sessions"),
          db.raw("count(*) filter (where shown and filed)::int as filed"),
          db.raw("count(*) filter (where shown and opened and not filed)::int as deflected"),
        )
        .first<{ sessions: number; deflected: number; filed: number } | undefined>();
      return {
        sessions: Number(row?.sessions ?? 0),
        deflected: Number(row?.deflected ?? 0),
        filed: Number(row?.filed ?? 0),
      };
    },

    async topSearchMisses(
      since: Date | null,
      limit: number,
    ): Promise<Array<{ query: string; count: number; lastSearchedAt: Date }>> {
      const query = db("faq_search_misses")
        .select("query")
        .select(db.raw("count(*)::int as count"))
        .select(db.raw("max(created_at) as last_searched_at"))
        .groupBy("query")
        .orderBy([
          { column: "count", order: "desc" },
          { column: "last_searched_at", order: "desc" },
        ])
        .limit(limit);
      if (since) query.where("created_at", ">=", since);
      const rows = await query;
      return rows.map((r: { query: string; count: number; last_searched_at: Date }) => ({
        query: r.query,
        count: Number(r.count),
        lastSearchedAt: r.last_searched_at,
      }));
    },

    /** Articles with more "not helpful" than "helpful" votes first. */
    async leastHelpful(limit: number): Promise<FaqArticle[]> {
      const rows = await db("faq_articles")
        .select(ARTICLE_COLUMNS)
        .where("not_helpful_count", ">", 0)
        .orderByRaw("(not_helpful_count - helpful_count) desc, not_helpful_count desc, id")
        .limit(limit);
      return (rows as ArticleRow[]).map(toArticle);
    },

    /** Claims the one-time seed; true only for the first caller ever (concurrent callers wait and get false). */
    async claimSeed(): Promise<boolean> {
      const rows = await db("faq_meta")
        .insert({ key: SEEDED_KEY, value: new Date().toISOString() })
        .onConflict("key")
        .ignore()
        .returning("key");
      return rows.length > 0;
    },
  };
}

export type FaqQueries = ReturnType<typeof queriesOn>;

export function createFaqRepository(db: Knex) {
  return {
    ...queriesOn(db),
    /** Runs fn with the queries bound to one transaction (PGlite has one connection: use only those). */
    transaction<T>(fn: (repo: FaqQueries) => Promise<T>): Promise<T> {
      return db.transaction((trx) => fn(queriesOn(trx)));
    },
  };
}

export type FaqRepository = ReturnType<typeof createFaqRepository>;
