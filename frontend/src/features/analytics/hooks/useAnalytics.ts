/** The Analytics page's state: filters in the URL search params, and the queries they drive. */
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import {
  ANALYTICS_FIGURES,
  ANALYTICS_BREAKDOWNS,
  ANALYTICS_MAX_DAYS,
  TICKET_PRIORITIES,
  type AnalyticsBreakdownBy,
  type AnalyticsFigure,
  type TicketPriority,
} from "@parley/contract";
import {
  getBreakdown,
  getFaqDeflection,
  getFigureTickets,
  getSatisfaction,
  getSummary,
  periodQuery,
  type AnalyticsFilters,
} from "../api/analytics";

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD of a local date. */
export function dayOf(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function daysBefore(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() - n);
  return dayOf(d);
}

export const DEFAULT_DAYS = 30;

/**
 * Why the API would refuse this period (400), in words, or null. Measured on the instants the API gets
 * (periodQuery), so the limit is the server's to the hour.
 */
export function periodProblem(from: string, to: string): string | null {
  if (!DAY_RE.test(from) || !DAY_RE.test(to)) return "Enter a start and an end date.";
  if (from > to) return "The start date must be on or before the end date.";
  const q = periodQuery({ from, to });
  if (Date.parse(q.to) - Date.parse(q.from) > ANALYTICS_MAX_DAYS * 86_400_000)
    return `Pick a period of at most ${ANALYTICS_MAX_DAYS} days.`;
  return null;
}

/** URL parameter names: the page's address is shareable and survives a reload. */
export const PARAM = {
  from: "from",
  to: "to",
  shop: "shop",
  admin: "admin",
  priority: "priority",
  category: "category",
  by: "by",
  drill: "drill",
  day: "day",
} as const;

export type AnalyticsView = {
  filters: AnalyticsFilters;
  by: AnalyticsBreakdownBy;
  drill: AnalyticsFigure | null;
  /** The drill-down narrowed to one day of the series. */
  day: string | null;
};

export function readView(params: URLSearchParams, today = dayOf(new Date())): AnalyticsView {
  const day = (k: string) => {
    const v = params.get(k);
    return v && DAY_RE.test(v) ? v : null;
  };
  const to = day(PARAM.to) ?? today;
  const from = day(PARAM.from) ?? daysBefore(to, DEFAULT_DAYS - 1);
  const priority = params.get(PARAM.priority);
  const by = params.get(PARAM.by);
  const drill = params.get(PARAM.drill);
  return {
    filters: {
      from,
      to,
      shopId: params.get(PARAM.shop) || undefined,
      assigneeId: params.get(PARAM.admin) || undefined,
      priority: TICKET_PRIORITIES.includes(priority as TicketPriority)
        ? (priority as TicketPriority)
        : undefined,
      category: params.get(PARAM.category)?.trim() || undefined,
    },
    by: ANALYTICS_BREAKDOWNS.includes(by as AnalyticsBreakdownBy) ? (by as AnalyticsBreakdownBy) : "shop",
    drill: ANALYTICS_FIGURES.includes(drill as AnalyticsFigure) ? (drill as AnalyticsFigure) : null,
    day: day(PARAM.day),
  };
}

/** The view from the URL and a setter that merges changes into it (empty values drop the parameter). */
export function useAnalyticsView() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params), [params]);
  const update = useCallback(
    (changes: Partial<Record<keyof typeof PARAM, string | null | undefined>>) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          const name = PARAM[k as keyof typeof PARAM];
          if (v) next.set(name, v);
          else next.delete(name);
        }
        return next;
      });
    },
    [setParams],
  );
  return { view, update };
}

/** The page's queries run only for a period the API accepts (periodProblem): a refused one is never sent. */
const acceptable = (f: AnalyticsFilters) => periodProblem(f.from, f.to) === null;

export function useSummary(f: AnalyticsFilters) {
  return useQuery({
    queryKey: ["analytics", "summary", f],
    queryFn: ({ signal }) => getSummary(f, signal),
    enabled: acceptable(f),
  });
}

export function useBreakdown(f: AnalyticsFilters, by: AnalyticsBreakdownBy) {
  return useQuery({
    queryKey: ["analytics", "breakdown", f, by],
    queryFn: ({ signal }) => getBreakdown(f, by, signal),
    enabled: acceptable(f),
  });
}

export function useFigureTickets(f: AnalyticsFilters, figure: AnalyticsFigure | null) {
  return useQuery({
    queryKey: ["analytics", "tickets", f, figure],
    queryFn: ({ signal }) => getFigureTickets(f, figure!, signal),
    enabled: figure !== null && acceptable(f),
  });
}

export function useFaqDeflection(f: AnalyticsFilters) {
  return useQuery({
    queryKey: ["analytics", "deflection", f.from, f.to, f.shopId ?? ""],
    queryFn: ({ signal }) => getFaqDeflection(f, signal),
    enabled: acceptable(f),
  });
}

export function useSatisfaction(f: AnalyticsFilters) {
  return useQuery({
    queryKey: ["analytics", "satisfaction", f.from, f.to],
    queryFn: ({ signal }) => getSatisfaction(f, signal),
    enabled: acceptable(f),
  });
}
