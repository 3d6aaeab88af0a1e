import type { FaqArticle as FaqArticleDto, FaqStats as FaqStatsDto } from "@parley/contract";
import type { FaqArticle } from "../domain/article";
import type { FaqStats } from "../service/faq.service";

/** Domain objects to the contract's response shapes (packages/contract), whitelisted field by field. */

export const toArticleDto = (a: FaqArticle): FaqArticleDto => ({
  id: a.id,
  audience: a.audience,
  category: a.category,
  question: a.question,
  answer: a.answer,
  answerHtml: a.answerHtml,
  position: a.position,
  published: a.published,
  helpful: a.helpful,
  notHelpful: a.notHelpful,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

export const toStatsDto = (s: FaqStats): FaqStatsDto => ({
  since: s.since ? s.since.toISOString() : null,
  deflection: s.deflection,
  zeroResultSearches: s.zeroResultSearches.map((z) => ({
    query: z.query,
    count: z.count,
    lastSearchedAt: new Date(z.lastSearchedAt).toISOString(),
  })),
  leastHelpful: s.leastHelpful.map((a) => ({
    id: a.id,
    question: a.question,
    audience: a.audience,
    published: a.published,
    helpful: a.helpful,
    notHelpful: a.notHelpful,
  })),
});
