import { z } from "zod";
import {
  errorResponses,
  jsonBody,
  jsonResponse,
  type OpenApiRegistrar,
} from "../../../platform/http/openapi";
import {
  analyticsBreakdownQuerySchema,
  analyticsBreakdownSchema,
  analyticsExportQuerySchema,
  analyticsTicketListSchema,
  analyticsTicketsQuerySchema,
  analyticsQuerySchema,
  analyticsSummarySchema,
  putSlaPoliciesBodySchema,
  slaPoliciesSchema,
} from "@parley/contract";

/** The Analytics and SLA section of the contract. Definitions: docs/analytics.md. */
export const registerAnalyticsDocs: OpenApiRegistrar = (registry) => {
  const tags = ["Analytics and SLA"];
  registry.registerPath({
    method: "get",
    path: "/api/analytics/summary",
    tags,
    summary: "Ticket analytics for a period (admins)",
    description:
      "Period [from, to), default the last 30 days, at most 366 days; from after to is 400. created: tickets created in the " +
      "period; resolved: tickets whose resolution falls in it; backlog: open and in-progress tickets now (created before to); " +
      "first response and resolution: business seconds on the SLA clock (median and p90, percentile_cont); sla.attainment: " +
      "share of the period's tickets with no missed deadline (null without tickets); series: per day in the policy's time zone.",
    request: { query: analyticsQuerySchema },
    responses: { 200: jsonResponse(analyticsSummarySchema, "The summary"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/analytics/tickets",
    tags,
    summary: "The tickets behind one figure of the summary (admins)",
    description:
      "figure: created, resolved, backlog or breached (created in the period with a missed deadline), with the summary's " +
      "filters; newest first, at most `limit` (200), and `total`.",
    request: { query: analyticsTicketsQuerySchema },
    responses: {
      200: jsonResponse(analyticsTicketListSchema, "The tickets"),
      ...errorResponses(400, 401, 403),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/analytics/breakdown",
    tags,
    summary: "The summary's counts per admin, shop, category or priority (admins)",
    description: "At most 50 groups, the busiest first; key null = unassigned / no category.",
    request: { query: analyticsBreakdownQuerySchema },
    responses: {
      200: jsonResponse(analyticsBreakdownSchema, "The groups"),
      ...errorResponses(400, 401, 403),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/analytics/export.csv",
    tags,
    summary: "The period's tickets as CSV (admins)",
    description:
      "One figure's tickets (default created in the period) with the summary's filters, oldest first, RFC 4180 quoting; a cell starting with " +
      "= + - @ gets a leading apostrophe. At most 100,000 rows (X-Truncated: true beyond).",
    request: { query: analyticsExportQuerySchema },
    responses: {
      200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
      ...errorResponses(400, 401, 403),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/sla-policies",
    tags,
    summary: "The SLA policy: business-hours calendar and targets per priority (admins)",
    responses: { 200: jsonResponse(slaPoliciesSchema, "The policy"), ...errorResponses(401, 403) },
  });
  registry.registerPath({
    method: "put",
    path: "/api/sla-policies",
    tags,
    summary: "Replace the SLA policy (admins). Applies to tickets created from now on.",
    description:
      "One target per priority, 1 to 525,600 business minutes; spans of a day must not overlap; an unknown time zone, " +
      "a reversed span or a repeated holiday is 400.",
    request: jsonBody(putSlaPoliciesBodySchema),
    responses: {
      200: jsonResponse(slaPoliciesSchema, "The new policy"),
      ...errorResponses(400, 401, 403, 429),
    },
  });
};
