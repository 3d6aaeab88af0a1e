import { z } from "zod";
import { FAQ_AUDIENCES, FAQ_VIEWER_AUDIENCES, type FaqArticle } from "../domain/article";
import { FAQ_EVENT_TYPES } from "../domain/deflection";
import type { FaqStats } from "../service/faq.service";

// PostgreSQL text cannot hold NUL: refuse it with a 400 rather than fail in the database.
const noNul = (s: string) => !s.includes("\u0000");
const NUL_MESSAGE = { message: "must not contain NUL characters" };
const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max).refine(noNul, NUL_MESSAGE);

export const ArticleIdParams = z.object({ id: z.uuid({ message: "must be a UUID" }) });

export const ListQuery = z.object({
  audience: z.enum(FAQ_VIEWER_AUDIENCES).optional(),
  q: z.string().max(2000).optional(),
  category: trimmed(0, 64).optional(),
  includeUnpublished: z.enum(["true", "false"]).optional(),
});

// A draft ticket: subject (≤ 200) and message (≤ 10,000) together.
export const SuggestQuery = z.object({ q: z.string().max(12000).optional().default("") });

export const ArticleBody = z.object({
  audience: z.enum(FAQ_AUDIENCES),
  category: trimmed(1, 64),
  question: trimmed(1, 300),
  answer: trimmed(1, 20000),
  position: z.number().int().min(0).max(1_000_000).optional(),
  published: z.boolean().optional(),
});

export const ArticlePatch = ArticleBody.partial().refine((p) => Object.keys(p).length > 0, {
  message: "Send at least one field to change.",
});

export const ReorderBody = z.object({
  ids: z
    .array(z.uuid())
    .min(1)
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, { message: "ids must not repeat" }),
});

export const FeedbackBody = z.object({
  helpful: z.boolean(),
  /** The browser's own id (a UUID kept in localStorage); required without a token. */
  voterId: z.uuid().optional(),
});

export const EventBody = z.object({
  type: z.enum(FAQ_EVENT_TYPES),
  sessionId: z.uuid(),
  articleIds: z.array(z.uuid()).max(50).optional(),
  // Stored normalised: control characters (NUL too) become spaces.
  query: z.string().max(2000).optional(),
  resultCount: z.number().int().min(0).max(1_000_000).optional(),
});

export const StatsQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional().default(10),
});

export const toArticleDto = (a: FaqArticle) => ({
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

export const toStatsDto = (s: FaqStats) => ({
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
