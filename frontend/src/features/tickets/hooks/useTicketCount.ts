/** The queue's "312 tickets": how many tickets the list's filters match, kept roughly current. */
import { useEffect, useRef } from "react";
import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { countTickets, type TicketFilters } from "../api/tickets";
import { useRealtimeEvent, useResync } from "../../../hooks/realtime";

/**
 * Not under "tickets": queue-cache reads every ["tickets", …] entry as a list of pages. The sort is left
 * out of the key: it changes the order of the list, never how many tickets it holds.
 */
export const ticketCountKey = ({ sort: _sort, ...filters }: TicketFilters) =>
  ["ticket-count", filters] as const;

/**
 * A ticket event makes the count stale, and it is read again this long after the first event of a burst:
 * a bulk change of 500 tickets (500 ticket:updated events) costs one count, not 500, and a label a
 * couple of seconds behind the list is fine.
 */
export const COUNT_REFRESH_DELAY_MS = 2_000;

/** The count's query, for useTicketCount and for a part that only reads it (the queue's team tools). */
export const ticketCountQuery = (filters: TicketFilters) =>
  queryOptions({
    queryKey: ticketCountKey(filters),
    queryFn: ({ signal }) => countTickets(filters, signal),
    // Going back to filters shown a moment ago shows their count at once; ticket events mark it stale.
    staleTime: 30_000,
  });

export function useTicketCount(filters: TicketFilters) {
  const qc = useQueryClient();
  const query = useQuery(ticketCountQuery(filters));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshSoon = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      // Every cached count: one of other filters is refetched when those filters are shown again.
      void qc.invalidateQueries({ queryKey: ["ticket-count"] });
    }, COUNT_REFRESH_DELAY_MS);
  };
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useRealtimeEvent("ticket:created", refreshSoon);
  useRealtimeEvent("ticket:updated", refreshSoon);
  // After a reconnect (and every 15 s while disconnected): tickets may have changed unheard.
  useResync(refreshSoon);
  return query;
}
