import { z } from "zod";
import { errorResponses, type OpenApiRegistrar } from "../../../platform/http/openapi";
import { FAQ_AUDIENCES } from "../domain/article";
import { DEFLECTION_DEFINITION } from "../domain/deflection";
import {
  ArticleBody,
  ArticleIdParams,
  ArticlePatch,
  EventBody,
  FeedbackBody,
  ListQuery,
  ReorderBody,
  StatsQuery,
  SuggestQuery,
} from "./faq.schemas";

const FaqArticleDto = z
  .object({
    id: z.uuid(),
    audience: z.enum(FAQ_AUDIENCES),
    category: z.string(),
    question: z.string(),
    answer: z.string().meta({ description: "Markdown source" }),
    answerHtml: z.string().meta({
      description: "Rendered and sanitised HTML (p, a, lists, strong, em, code, pre, h3, h4, blockquote)",
    }),
    position: z.number().int(),
    published: z.boolean(),
    helpful: z.number().int(),
    notHelpful: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "FaqArticle" });

const FaqStatsDto = z
  .object({
    since: z.string().nullable(),
    deflection: z.object({
      sessions: z.number().int(),
      deflected: z.number().int(),
      filed: z.number().int(),
      rate: z.number().meta({ description: "deflected / sessions, 0 when there are none" }),
      definition: z.string(),
    }),
    zeroResultSearches: z.array(
      z.object({ query: z.string(), count: z.number().int(), lastSearchedAt: z.string() }),
    ),
    leastHelpful: z.array(
      z.object({
        id: z.uuid(),
        question: z.string(),
        audience: z.enum(FAQ_AUDIENCES),
        published: z.boolean(),
        helpful: z.number().int(),
        notHelpful: z.number().int(),
      }),
    ),
  })
  .meta({ id: "FaqStats" });

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } } } });
const Items = z.object({ items: z.array(FaqArticleDto) });

/** The FAQ section of the contract, from the schemas the controller parses with. */
export const registerFaqDocs: OpenApiRegistrar = (registry) => {
  const tags = ["FAQ"];
  registry.registerPath({
    method: "get",
    path: "/api/faq",
    tags,
    security: [],
    summary: "Published articles, or a full-text search (token optional)",
    description:
      "No token or audience=customer: customer and 'both' articles. A shop token defaults to audience shop. An admin " +
      "token without audience sees every audience. q: every word as a prefix ('payo' finds payouts), best rank " +
      "first (question > answer > category); when no article has every word, any of them. " +
      "includeUnpublished=true: admins only (401 without a token, 403 for shops).",
    request: { query: ListQuery },
    responses: { 200: json(Items, "Articles"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/faq/suggest",
    tags,
    security: [],
    summary:
      "Up to 5 articles for a draft ticket's subject and message (audience from the token, else customer)",
    request: { query: SuggestQuery },
    responses: { 200: json(Items, "Suggestions, best first"), ...errorResponses(400) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/faq/{id}",
    tags,
    security: [],
    summary: "One article (unpublished ones: admins only, 404 otherwise)",
    request: { params: ArticleIdParams },
    responses: { 200: json(FaqArticleDto, "The article"), ...errorResponses(400, 404) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/faq/{id}/feedback",
    tags,
    security: [],
    summary: "Was this helpful? One counted vote per user (token) or browser (voterId) per article",
    description:
      "Voting again replaces the earlier vote. Without a token, voterId (a UUID kept by the browser) is required.",
    request: { params: ArticleIdParams, ...body(FeedbackBody) },
    responses: {
      200: json(
        z.object({
          id: z.uuid(),
          helpful: z.number().int(),
          notHelpful: z.number().int(),
          vote: z.boolean(),
        }),
        "The article's counts after the vote",
      ),
      ...errorResponses(400, 404, 429),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/faq/events",
    tags,
    security: [],
    summary: "Deflection events from the web app (token optional); 204",
    description: DEFLECTION_DEFINITION,
    request: body(EventBody),
    responses: { 204: { description: "Recorded" }, ...errorResponses(400, 429) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/faq/stats",
    tags,
    summary: "Deflection rate, searches that found nothing, least helpful articles (admins)",
    description:
      "since (ISO time) limits events and searches to that time onwards; leastHelpful is all-time.",
    request: { query: StatsQuery },
    responses: { 200: json(FaqStatsDto, "Statistics"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/faq",
    tags,
    summary: "Create an article (admins); the answer is Markdown",
    request: body(ArticleBody),
    responses: { 201: json(FaqArticleDto, "The article"), ...errorResponses(400, 401, 403, 429) },
  });
  registry.registerPath({
    method: "patch",
    path: "/api/faq/{id}",
    tags,
    summary: "Edit, publish or unpublish an article (admins)",
    request: { params: ArticleIdParams, ...body(ArticlePatch) },
    responses: { 200: json(FaqArticleDto, "The article"), ...errorResponses(400, 401, 403, 404, 429) },
  });
  registry.registerPath({
    method: "delete",
    path: "/api/faq/{id}",
    tags,
    summary: "Delete an article and its votes (admins)",
    request: { params: ArticleIdParams },
    responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404, 429) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/faq/reorder",
    tags,
    summary: "Set the reading order (admins): the listed articles get positions 0..n-1",
    request: body(ReorderBody),
    responses: { 204: { description: "Reordered" }, ...errorResponses(400, 401, 403, 429) },
  });
};
