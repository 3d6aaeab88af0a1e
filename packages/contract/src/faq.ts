import { z } from "zod";
import { externalId, queryInt, isoTime, itemsOf, line, markdown, str, timeFilter, uuid } from "./common";

/** Who an article is written for; "both" articles appear for shops and for customers. */
export const FAQ_AUDIENCES = ["shop", "customer", "both"] as const;
export type FaqAudience = (typeof FAQ_AUDIENCES)[number];

/** The audiences a reader can ask for. */
export const FAQ_VIEWER_AUDIENCES = ["shop", "customer"] as const;
export type FaqViewerAudience = (typeof FAQ_VIEWER_AUDIENCES)[number];

export const FAQ_EVENT_TYPES = ["suggestions_shown", "article_opened", "ticket_filed", "search"] as const;
export type FaqEventType = (typeof FAQ_EVENT_TYPES)[number];

export const FAQ_CATEGORY_MAX = 64;
export const FAQ_QUESTION_MAX = 300;
/** Markdown source of an answer; rendered once at save, so its size bounds the render's cost. */
export const FAQ_ANSWER_MAX = 20_000;
/** The highest position an article may have; a new article goes last, at most here (ties: oldest first). */
export const FAQ_POSITION_MAX = 1_000_000;
/**
 * How much of a draft the web app sends to /suggest. The search reads the first 32 distinct words anyway,
 * and the query string must fit the server's 16 kB of request headers: 1,000 characters are at most 9 kB
 * once percent-encoded, in any script (a 2,000-character Chinese draft was 18 kB, refused with 413).
 */
export const FAQ_SUGGEST_DRAFT_MAX = 1000;

// ---- requests ----

export const faqArticleIdParamsSchema = z.strictObject({ id: uuid("article id") });

export const faqListQuerySchema = z.strictObject({
  audience: z.enum(FAQ_VIEWER_AUDIENCES).optional(),
  q: str().max(2000).optional(),
  // Folded as an article's category is saved (line()), so a category pasted with its line break still
  // finds its articles; empty means every category.
  category: line(0, FAQ_CATEGORY_MAX).optional(),
  includeUnpublished: z.enum(["true", "false"]).optional(),
});
export type FaqListQuery = z.input<typeof faqListQuerySchema>;

// A draft ticket: subject (≤ 200) and message (≤ 10,000) together.
export const faqSuggestQuerySchema = z.strictObject({ q: str().max(12000).optional().default("") });

export const faqArticleBodySchema = z
  .strictObject({
    audience: z.enum(FAQ_AUDIENCES),
    // One line each (a heading and filter chip; a list entry and a suggestion's title); the answer has many.
    category: line(1, FAQ_CATEGORY_MAX),
    question: line(1, FAQ_QUESTION_MAX),
    answer: markdown(1, FAQ_ANSWER_MAX),
    position: z.number().int().min(0).max(FAQ_POSITION_MAX).optional(),
    published: z.boolean().optional(),
  })
  .meta({ id: "FaqArticleBody" });
export type FaqArticleBody = z.input<typeof faqArticleBodySchema>;

export const faqArticlePatchSchema = faqArticleBodySchema
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: "Send at least one field to change." })
  .meta({ id: "FaqArticlePatch" });
export type FaqArticlePatch = z.input<typeof faqArticlePatchSchema>;

export const faqReorderBodySchema = z.strictObject({
  ids: z
    .array(uuid("article id"))
    .min(1)
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, { message: "ids must not repeat" }),
});

export const faqFeedbackBodySchema = z.strictObject({
  helpful: z.boolean(),
  /** The browser's own id (a UUID kept in localStorage); ignored with a token. */
  voterId: uuid("browser id")
    .optional()
    .meta({
      description:
        "The browser's own id (a UUID it keeps), ignored with a token. Without either, the vote is counted " +
        "once per client: a keyed hash of its address and User-Agent.",
    }),
});
export type FaqFeedbackBody = z.input<typeof faqFeedbackBodySchema>;

export const faqEventBodySchema = z.strictObject({
  type: z.enum(FAQ_EVENT_TYPES),
  sessionId: uuid("session id"),
  articleIds: z.array(uuid("article id")).max(50).optional(),
  // Stored normalised: control characters (NUL too) become spaces.
  query: str().max(2000).optional(),
  resultCount: z.number().int().min(0).max(1_000_000).optional(),
});
export type FaqEventBody = z.input<typeof faqEventBodySchema>;

export const faqStatsQuerySchema = z.strictObject({
  since: timeFilter().optional(),
  until: timeFilter()
    .optional()
    .meta({ description: "End (exclusive) of the deflection sessions counted. Default: now." }),
  shopId: externalId()
    .optional()
    .meta({ description: "Deflection in one shop's new-ticket forms (events recorded since 2026-12-21)." }),
  limit: queryInt(1, 100).optional().default(10),
});

// ---- responses ----

export const faqArticleSchema = z
  .object({
    id: z.string().meta({ format: "uuid" }),
    audience: z.enum(FAQ_AUDIENCES),
    category: z.string(),
    question: z.string(),
    /** Markdown source, as the admin wrote it. */
    answer: z.string(),
    /** Rendered and sanitised on the server: safe to insert as HTML. */
    answerHtml: z.string(),
    position: z.number().int(),
    published: z.boolean(),
    helpful: z.number().int(),
    notHelpful: z.number().int(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "FaqArticle" });
export type FaqArticle = z.infer<typeof faqArticleSchema>;
export const faqArticleListSchema = itemsOf(faqArticleSchema).meta({ id: "FaqArticleList" });

export const faqFeedbackResultSchema = z
  .object({ id: z.string(), helpful: z.number().int(), notHelpful: z.number().int(), vote: z.boolean() })
  .meta({ id: "FaqFeedbackResult" });
export type FaqFeedbackResult = z.infer<typeof faqFeedbackResultSchema>;

export const faqStatsSchema = z
  .object({
    since: isoTime.nullable(),
    deflection: z.object({
      sessions: z.number(),
      deflected: z.number(),
      filed: z.number(),
      rate: z.number(),
      definition: z.string(),
    }),
    zeroResultSearches: z.array(z.object({ query: z.string(), count: z.number(), lastSearchedAt: isoTime })),
    leastHelpful: z.array(
      z.object({
        id: z.string(),
        question: z.string(),
        audience: z.enum(FAQ_AUDIENCES),
        published: z.boolean(),
        helpful: z.number(),
        notHelpful: z.number(),
      }),
    ),
  })
  .meta({ id: "FaqStats" });
export type FaqStats = z.infer<typeof faqStatsSchema>;
