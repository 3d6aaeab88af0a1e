/**
 * The admin queue's filters as a saved view keeps them (all of them, and the sort) and as a bulk change
 * over "every matching ticket" names them, with the translations back and a description in words.
 */
import type { BulkFilter, SavedView } from "@parley/contract";
import type { TicketFilters } from "../tickets/api/tickets";
import {
  choiceOfView,
  NO_FILTERS,
  SORT_OPTIONS,
  viewFiltersOf,
  type QueueChoice,
} from "../tickets/admin-queue-filters";
import { RELEVANCE_OPTION } from "../tickets/sort-options";
import { PRIORITY_LABEL, STATUS_LABEL } from "../../components/support/ticket-labels";

export type ViewFilters = SavedView["filters"];

/** The contract's limit on a view's name. */
export { VIEW_NAME_MAX } from "@parley/contract";

/** Two names a reader takes for the same: case and surrounding spaces aside. */
export const sameName = (a: string, b: string) =>
  a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** The view in the list already called `name` (another than `exceptId`: the one being renamed), if any. */
export const viewNamed = (
  views: readonly SavedView[],
  name: string,
  exceptId?: string,
): SavedView | undefined =>
  name.trim() ? views.find((v) => v.id !== exceptId && sameName(v.name, name)) : undefined;

/** Every filter of the list and its sort ("me" stays "me": each admin's own tickets). */
export function savedViewFiltersOf(f: TicketFilters): ViewFilters {
  return {
    ...viewFiltersOf(f),
    ...(f.shopId ? { shopId: f.shopId } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.sla ? { sla: f.sla } : {}),
    ...(f.contextId ? { contextId: f.contextId } : {}),
    // The default order is no choice: a view saved without one opens in it.
    ...(f.sort && f.sort !== NO_FILTERS.sort ? { sort: f.sort } : {}),
  };
}

/** What "every ticket matching these filters" sends: the list's filters, without its order. */
export function bulkFilterOf(f: TicketFilters): BulkFilter {
  const { sort: _sort, ...filter } = savedViewFiltersOf(f);
  return filter;
}

/** A saved view replaces every filter and the sort: what it does not set goes back to its default. */
export function queueChoiceOfView(v: ViewFilters, meId: string): QueueChoice & { q: string } {
  return {
    ...choiceOfView(v, meId),
    shop: v.shopId ?? NO_FILTERS.shop,
    source: v.source ?? NO_FILTERS.source,
    sla: v.sla ?? NO_FILTERS.sla,
    context: v.contextId ?? NO_FILTERS.context,
    sort: v.sort ?? NO_FILTERS.sort,
  };
}

const canonical = (f: ViewFilters, meId: string) => {
  const entries = Object.entries({
    ...f,
    ...(f.assignee === meId ? { assignee: "me" } : {}),
    ...(f.sort === NO_FILTERS.sort ? { sort: undefined } : {}),
  })
    .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(entries);
};

/** True when the queue shows exactly this view (its chip then reads as the one applied). */
export const sameViewFilters = (a: ViewFilters, b: ViewFilters, meId: string) =>
  canonical(a, meId) === canonical(b, meId);

/** Names of shops and admins, where known (else a view says "one admin", or the shop's id). */
export type ViewNames = {
  shop?: (id: string) => string | null | undefined;
  admin?: (id: string) => string | null | undefined;
};

const SLA_LABEL = { breached: "SLA breached", due_within_1h: "SLA due within 1 h" } as const;
const SORT_LABEL = new Map([...SORT_OPTIONS, RELEVANCE_OPTION].map((o) => [o.value, o.label]));

/**
 * The filters a view keeps, in words: "Status Open · Priority High or Urgent · SLA breached · Sorted by
 * Due soonest". `nameOf` names shops and admins when it knows them.
 */
export function describeViewFilters(f: ViewFilters, nameOf: ViewNames = {}): string {
  const parts = [
    f.status?.length ? `Status ${f.status.map((s) => STATUS_LABEL[s]).join(" or ")}` : "Any status",
    f.priority?.length && `Priority ${f.priority.map((p) => PRIORITY_LABEL[p]).join(" or ")}`,
    f.assignee &&
      (f.assignee === "me"
        ? "Assigned to me"
        : f.assignee === "unassigned"
          ? "Unassigned"
          : `Assigned to ${nameOf.admin?.(f.assignee) ?? "one admin"}`),
    f.shopId && `Shop ${nameOf.shop?.(f.shopId) ?? f.shopId}`,
    f.source && (f.source === "visitor" ? "Visitors only" : "Shops only"),
    f.sla && SLA_LABEL[f.sla],
    f.contextId && `Order or context ${f.contextId}`,
    f.tag && `Tag ${f.tag}`,
    f.q && `Search “${f.q}”`,
    f.sort && f.sort !== NO_FILTERS.sort && `Sorted by ${SORT_LABEL.get(f.sort) ?? f.sort}`,
  ];
  return parts.filter(Boolean).join(" · ");
}
