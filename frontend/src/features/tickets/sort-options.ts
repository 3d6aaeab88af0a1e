import type { TicketSort } from "@parley/contract";

export const RELEVANCE_OPTION = { value: "relevance" as TicketSort, label: "Relevance" };

/** "Relevance" is offered only while searching (the API refuses it without a query). */
export function sortOptionsFor<T extends { value: TicketSort; label: string }>(
  options: T[],
  q: string,
): Array<T | typeof RELEVANCE_OPTION> {
  return q.trim() ? [RELEVANCE_OPTION, ...options] : options;
}

/** A relevance sort left in the URL after the search is cleared falls back to the default. */
export function effectiveSort(sort: TicketSort, q: string): TicketSort {
  return sort === "relevance" && !q.trim() ? "updated" : sort;
}
