/** Ticket lists and single tickets through TanStack Query, kept live by socket events and catch-up. */
import { useEffect, useMemo, useState } from "react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  getTicket,
  listTickets,
  updateTicket,
  type Page,
  type Ticket,
  type TicketFilters,
  type TicketPatch,
} from "../services/api/support";
import { createQueueSync } from "../services/realtime/queue-sync";
import { useRealtimeEvent, useResync } from "./realtime";
import { findCachedTicket, queueKey, ticketKey, upsertTicket } from "./ticket-cache";

export function useTicketQueue(filters: TicketFilters) {
  const query = useInfiniteQuery({
    queryKey: queueKey(filters),
    queryFn: ({ pageParam, signal }) => listTickets({ ...filters, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<Ticket>) => last.nextCursor ?? undefined,
  });
  const tickets = useMemo(() => {
    const seen = new Set<string>();
    return (query.data?.pages.flatMap((p) => p.items) ?? []).filter((t) =>
      seen.has(t.id) ? false : (seen.add(t.id), true),
    );
  }, [query.data]);
  return { ...query, tickets };
}

/**
 * Mount once per dashboard: applies ticket:created / ticket:updated to every cached list, and after a
 * reconnect (or every 15 s while disconnected) fetches the tickets changed since the newest one seen.
 */
export function useLiveTickets(meId: string) {
  const qc = useQueryClient();
  const [queueSync] = useState(() =>
    createQueueSync<Ticket>({
      fetchUpdatedSince: (since, cursor) => listTickets({ updatedSince: since, cursor, limit: 100 }),
    }),
  );

  // Whatever the lists load tells the catch-up where to start. A list refetch (e.g. TanStack's own
  // refetch on reconnect) may carry newer copies than the open ticket's: pass those on too, or the
  // catch-up, starting after them, would never bring them.
  useEffect(
    () =>
      qc.getQueryCache().subscribe((event) => {
        if (event.type !== "updated" || event.query.queryKey[0] !== "tickets") return;
        const data = event.query.state.data as { pages?: Page<Ticket>[] } | undefined;
        data?.pages?.forEach((p) => {
          queueSync.seen(p.items);
          for (const t of p.items) {
            const open = qc.getQueryData<Ticket>(ticketKey(t.id));
            if (open && Date.parse(t.updatedAt) > Date.parse(open.updatedAt))
              qc.setQueryData(ticketKey(t.id), t);
          }
        });
      }),
    [qc, queueSync],
  );

  const apply = (t: Ticket) => {
    queueSync.seen([t]);
    upsertTicket(qc, t, meId);
  };
  useRealtimeEvent<Ticket>("ticket:created", apply);
  useRealtimeEvent<Ticket>("ticket:updated", (t) => {
    apply(t);
    void qc.invalidateQueries({ queryKey: ["ticket-events", t.id] });
  });
  useResync(async () => {
    const changed = await queueSync.catchUp();
    changed.forEach((t) => upsertTicket(qc, t, meId));
  });
}

export function useTicket(id: string | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ticketKey(id ?? ""),
    queryFn: ({ signal }) => getTicket(id!, signal),
    enabled: !!id,
    initialData: () => (id ? findCachedTicket(qc, id) : undefined),
    // Socket events keep it fresh; refetch only when nothing cached it yet.
    staleTime: 60_000,
  });
}

export function useUpdateTicket(meId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: TicketPatch }) => updateTicket(id, patch),
    onSuccess: (ticket) => {
      upsertTicket(qc, ticket, meId);
      void qc.invalidateQueries({ queryKey: ["ticket-events", ticket.id] });
    },
  });
}
