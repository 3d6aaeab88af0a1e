import {
  errorResponses,
  jsonBody,
  jsonResponse,
  type OpenApiRegistrar,
} from "../../../platform/http/openapi";
import { DEFLECTION_DEFINITION } from "../domain/deflection";
import {
  faqArticleBodySchema,
  faqArticleIdParamsSchema,
  faqArticleListSchema,
  faqArticlePatchSchema,
  faqArticleSchema,
  faqEventBodySchema,
  faqFeedbackBodySchema,
  faqFeedbackResultSchema,
  faqListQuerySchema,
  faqReorderBodySchema,
  faqStatsQuerySchema,
  faqStatsSchema,
  faqSuggestQuerySchema,
} from "@parley/contract";

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
    request: { query: faqListQuerySchema },
    responses: { 200: jsonResponse(faqArticleListSchema, "Articles"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/faq/suggest",
    tags,
    security: [],
    summary:
      "Up to 5 articles for a draft ticket's subject and message (audience from the token, else customer)",
    request: { query: faqSuggestQuerySchema },
    responses: { 200: jsonResponse(faqArticleListSchema, "Suggestions, best first"), ...errorResponses(400) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/faq/{id}",
    tags,
    security: [],
    summary: "One article (unpublished ones: admins only, 404 otherwise)",
    request: { params: faqArticleIdParamsSchema },
    responses: { 200: jsonResponse(faqArticleSchema, "The article"), ...errorResponses(400, 404) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/faq/{id}/feedback",
    tags,
    security: [],
    summary: "Was this helpful? One counted vote per user or browser per article (token optional)",
    description:
      "Who the voter is: the token's user; without a token, the browser's voterId (a UUID it keeps); with " +
      "neither, the client itself, identified by a keyed hash (HMAC under the server secret) of its address " +
      "(as seen through the configured TRUST_PROXY) and its User-Agent; the address is never stored. " +
      "Voting again replaces that voter's earlier vote, so each voter counts once per article.",
    request: { params: faqArticleIdParamsSchema, ...jsonBody(faqFeedbackBodySchema) },
    responses: {
      200: jsonResponse(faqFeedbackResultSchema, "The article's counts after the vote"),
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
    request: jsonBody(faqEventBodySchema),
    responses: { 204: { description: "Recorded" }, ...errorResponses(400, 429) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/faq/stats",
    tags,
    summary: "Deflection rate, searches that found nothing, least helpful articles (admins)",
    description:
      "since (ISO time) limits events and searches to that time onwards; leastHelpful is all-time.",
    request: { query: faqStatsQuerySchema },
    responses: { 200: jsonResponse(faqStatsSchema, "Statistics"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/faq",
    tags,
    summary: "Create an article (admins); the answer is Markdown",
    request: jsonBody(faqArticleBodySchema),
    responses: { 201: jsonResponse(faqArticleSchema, "The article"), ...errorResponses(400, 401, 403, 429) },
  });
  registry.registerPath({
    method: "patch",
    path: "/api/faq/{id}",
    tags,
    summary: "Edit, publish or unpublish an article (admins)",
    request: { params: faqArticleIdParamsSchema, ...jsonBody(faqArticlePatchSchema) },
    responses: {
      200: jsonResponse(faqArticleSchema, "The article"),
      ...errorResponses(400, 401, 403, 404, 429),
    },
  });
  registry.registerPath({
    method: "delete",
    path: "/api/faq/{id}",
    tags,
    summary: "Delete an article and its votes (admins)",
    request: { params: faqArticleIdParamsSchema },
    responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404, 429) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/faq/reorder",
    tags,
    summary: "Set the reading order (admins): the listed articles get positions 0..n-1",
    request: jsonBody(faqReorderBodySchema),
    responses: { 204: { description: "Reordered" }, ...errorResponses(400, 401, 403, 429) },
  });
};
