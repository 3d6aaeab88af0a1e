import { NotFoundError, ValidationError } from "../../../shared/app-error";
import type { Principal } from "../../../shared/principal";
import { FAQ_POSITION_MAX, type FaqViewerAudience } from "@parley/contract";
import { visibleAudiences, type FaqArticle, type FaqArticleInput } from "../domain/article";
import {
  deflectionRate,
  DEFLECTION_DEFINITION,
  type DeflectionFilter,
  type FaqEvent,
} from "../domain/deflection";
import { ANSWER_HTML_MAX, renderAnswer } from "../domain/markdown";
import { missedSearch, prefixQueries, searchTerms, wordsToFold } from "../domain/search";
import type { ArticleFilter, ArticleRecord, FaqRepository } from "../repository/faq.repository";

const SEARCH_LIMIT = 50;

/** Renders once, at save; an answer whose HTML would be over the cap is refused. */
function renderAtSave(answer: string): string {
  const html = renderAnswer(answer);
  if (html.length > ANSWER_HTML_MAX) {
    throw new ValidationError("The answer renders to too much HTML.", [
      {
        path: "answer",
        message: `renders to ${html.length} characters of HTML; the limit is ${ANSWER_HTML_MAX}`,
      },
    ]);
  }
  return html;
}
const SUGGEST_LIMIT = 5;

export type ListOptions = {
  audience?: FaqViewerAudience;
  q?: string;
  category?: string;
  includeUnpublished: boolean;
};

export type FaqStats = {
  since: Date | null;
  deflection: { sessions: number; deflected: number; filed: number; rate: number; definition: string };
  zeroResultSearches: Array<{ query: string; count: number; lastSearchedAt: Date }>;
  leastHelpful: FaqArticle[];
};

export function createFaqService(deps: { articles: FaqRepository }) {
  const { articles } = deps;

  /**
   * Every word as a prefix, accents and hyphens folded; when no article has them all, any of them (a long
   * draft still matches).
   */
  async function search(filter: ArticleFilter, q: string, limit: number): Promise<FaqArticle[]> {
    const terms = searchTerms(q);
    if (terms.length === 0) return [];
    const queries = prefixQueries(terms, await articles.foldWords(wordsToFold(terms)));
    const all = await articles.search(filter, queries, "all", limit);
    if (all.length > 0 || terms.length === 1) return all;
    return articles.search(filter, queries, "any", limit);
  }

  async function recordMiss(principal: Principal | undefined, q: string, source: "list" | "suggest") {
    // Admins trying queries in the editor are not readers looking for help.
    if (principal?.role === "admin") return;
    const query = missedSearch(q);
    if (query) await articles.insertSearchMiss(query, source);
  }

  const toRecord = (input: FaqArticleInput, position: number): ArticleRecord => ({
    audience: input.audience,
    category: input.category,
    question: input.question,
    answer: input.answer,
    answerHtml: renderAtSave(input.answer),
    position: input.position ?? position,
    published: input.published ?? true,
  });

  return {
    async list(principal: Principal | undefined, options: ListOptions): Promise<FaqArticle[]> {
      const filter: ArticleFilter = {
        audiences: visibleAudiences(principal, options.audience),
        includeUnpublished: options.includeUnpublished && principal?.role === "admin",
        category: options.category,
      };
      const q = options.q?.trim();
      if (!q) return articles.list(filter);
      const found = await search(filter, q, SEARCH_LIMIT);
      if (found.length === 0) await recordMiss(principal, q, "list");
      return found;
    },

    /** The best published articles for a draft ticket's subject and message. */
    async suggest(principal: Principal | undefined, q: string): Promise<FaqArticle[]> {
      const filter: ArticleFilter = { audiences: visibleAudiences(principal), includeUnpublished: false };
      if (!q.trim()) return [];
      const found = await search(filter, q, SUGGEST_LIMIT);
      if (found.length === 0) await recordMiss(principal, q, "suggest");
      return found;
    },

    /** One article: published ones for anyone, unpublished ones for admins only (404 otherwise). */
    async getForReader(principal: Principal | undefined, id: string): Promise<FaqArticle> {
      const article = await articles.findById(id);
      if (!article || (!article.published && principal?.role !== "admin"))
        throw new NotFoundError("FAQ article");
      return article;
    },

    async create(input: FaqArticleInput): Promise<FaqArticle> {
      return articles.transaction(async (repo) => {
        // Last, but never past the highest position an admin may set (ties list the older article first).
        const last = Math.min(await repo.nextPosition(), FAQ_POSITION_MAX);
        const [created] = await repo.insert([toRecord(input, last)]);
        return created!;
      });
    },

    async update(id: string, changes: Partial<FaqArticleInput>): Promise<FaqArticle> {
      const updated = await articles.update(id, {
        ...changes,
        ...(changes.answer !== undefined ? { answerHtml: renderAtSave(changes.answer) } : {}),
      });
      if (!updated) throw new NotFoundError("FAQ article");
      return updated;
    },

    async remove(id: string): Promise<void> {
      if (!(await articles.delete(id))) throw new NotFoundError("FAQ article");
    },

    /** Gives the listed articles positions 0..n-1 in that order; the others keep theirs. */
    async reorder(ids: string[]): Promise<void> {
      await articles.transaction(async (repo) => {
        const existing = new Set(await repo.existingIds(ids));
        const missing = ids.filter((id) => !existing.has(id));
        if (missing.length > 0) {
          throw new ValidationError(
            "Some articles do not exist.",
            missing.map((id) => ({ path: `ids.${ids.indexOf(id)}`, message: `No FAQ article ${id}.` })),
          );
        }
        for (const [position, id] of ids.entries()) await repo.setPosition(id, position);
      });
    },

    /** One counted vote per voter and published article; voting again replaces the earlier vote. */
    async vote(articleId: string, voter: string, helpful: boolean) {
      return articles.transaction(async (repo) => {
        const article = await repo.lockById(articleId);
        if (!article?.published) throw new NotFoundError("FAQ article");
        return repo.upsertVote(articleId, voter, helpful);
      });
    },

    async recordEvent(event: FaqEvent): Promise<void> {
      await articles.insertEvent(event);
    },

    /**
     * Deflection over the filter's sessions; the searches that found nothing since `since`, and the least
     * helpful articles of all time, are the whole desk's (neither knows a shop).
     */
    async stats(filter: DeflectionFilter, limit: number): Promise<FaqStats> {
      const { since } = filter;
      const counts = await articles.deflectionCounts(filter);
      return {
        since,
        deflection: { ...counts, rate: deflectionRate(counts), definition: DEFLECTION_DEFINITION },
        zeroResultSearches: await articles.topSearchMisses(since, limit),
        leastHelpful: await articles.leastHelpful(limit),
      };
    },

    /**
     * Loads the default articles the first time the database is seen; never again, even after an admin
     * has deleted them all (the database is the source of truth from then on). Returns how many it added.
     */
    async seedDefaults(defaults: FaqArticleInput[]): Promise<number> {
      return articles.transaction(async (repo) => {
        if (!(await repo.claimSeed())) return 0;
        const start = await repo.nextPosition();
        const inserted = await repo.insert(defaults.map((a, i) => toRecord(a, start + i)));
        return inserted.length;
      });
    },
  };
}

export type FaqService = ReturnType<typeof createFaqService>;
