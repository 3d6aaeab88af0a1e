/** Typed fetchers for the Analytics page and the SLA policy editor (admins). */
import {
  analyticsBreakdownSchema,
  analyticsSummarySchema,
  analyticsTicketListSchema,
  faqStatsSchema,
  satisfactionReportSchema,
  slaPoliciesSchema,
  type AnalyticsBreakdownBy,
  type AnalyticsFigure,
  type PutSlaPoliciesBody,
  type TicketPriority,
} from "@parley/contract";
import { ApiError, getToken, request } from "../../../services/api/client";

/** Business minutes per target for a ticket's priority (from the SLA policy). */
export type TargetMinutes = { firstResponse: number; nextResponse?: number; resolution: number };

/** The Analytics page's filters, as kept in the URL (dates are YYYY-MM-DD, `to` inclusive). */
export type AnalyticsFilters = {
  from: string;
  to: string;
  shopId?: string;
  assigneeId?: string;
  priority?: TicketPriority;
  category?: string;
};

/** [from 00:00, the day after `to` 00:00) in the browser's zone, as the API's ISO instants. */
export function periodQuery(f: AnalyticsFilters) {
  const from = new Date(`${f.from}T00:00:00`);
  const to = new Date(`${f.to}T00:00:00`);
  to.setDate(to.getDate() + 1);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    shopId: f.shopId,
    assigneeId: f.assigneeId,
    priority: f.priority,
    category: f.category,
  };
}

export const getSummary = (f: AnalyticsFilters, signal?: AbortSignal) =>
  request(analyticsSummarySchema, "/api/analytics/summary", { query: periodQuery(f), signal });

export const getBreakdown = (f: AnalyticsFilters, by: AnalyticsBreakdownBy, signal?: AbortSignal) =>
  request(analyticsBreakdownSchema, "/api/analytics/breakdown", { query: { ...periodQuery(f), by }, signal });

export const getFigureTickets = (f: AnalyticsFilters, figure: AnalyticsFigure, signal?: AbortSignal) =>
  request(analyticsTicketListSchema, "/api/analytics/tickets", {
    query: { ...periodQuery(f), figure, limit: 200 },
    signal,
  });

/** Satisfaction scores over the period (issue 16), overall, per admin and per category. */
export const getSatisfaction = (f: AnalyticsFilters, signal?: AbortSignal) => {
  const { from, to } = periodQuery(f);
  return request(satisfactionReportSchema, "/api/analytics/satisfaction", { query: { from, to }, signal });
};

/** Deflection over the page's period and shop (FAQ sessions know no assignee, priority or category). */
export const getFaqDeflection = (f: AnalyticsFilters, signal?: AbortSignal) => {
  const { from, to, shopId } = periodQuery(f);
  return request(faqStatsSchema, "/api/faq/stats", {
    query: { since: from, until: to, shopId, limit: 1 },
    signal,
  }).then((s) => s.deflection);
};

export const getSlaPolicies = (signal?: AbortSignal) =>
  request(slaPoliciesSchema, "/api/sla-policies", { signal });

export const putSlaPolicies = (body: PutSlaPoliciesBody) =>
  request(slaPoliciesSchema, "/api/sla-policies", { method: "PUT", body });

/** The export link's address (the figure's tickets as CSV). */
export function exportPath(f: AnalyticsFilters, figure: AnalyticsFigure): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...periodQuery(f), figure })) if (v) params.set(k, v);
  return `/api/analytics/export.csv?${params.toString()}`;
}

/** Downloads the CSV with the session's token (a plain link would carry none). */
export async function downloadCsv(f: AnalyticsFilters, figure: AnalyticsFigure): Promise<void> {
  const token = getToken();
  const res = await fetch(exportPath(f, figure), {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, "The export could not be downloaded.");
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `tickets-${figure}-${f.from}-to-${f.to}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
