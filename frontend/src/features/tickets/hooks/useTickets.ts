/** Ticket lists, single tickets, their timeline and the people around them, kept live by socket events. */
import { useEffect, useMemo, useState } from "react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  createQueueSync,
  type CreateTicketBody,
  type Ticket,
  type TicketList,
  type UpdateTicketBody,
} from "@parley/contract";
import {
  createTicket,
  getTicket,
  listAdmins,
  listShops,
  listTicketEvents,
  listTickets,
  updateTicket,
  type TicketFilters,
} from "../api/tickets";

import { applyRead, findCachedTicket, queueKey, ticketKey, upsertTicket } from "../api/queue-cache";
import { addToThread } from "../api/thread-cache";
import { useRealtimeEvent, useResync } from "../../../hooks/realtime";
import { useSession } from "../../auth/hooks/useSession";

const eventsKey = (ticketId: string) => ["ticket-events", ticketId] as const;

export function useTicketQueue(filters: TicketFilters) {
  const query = useInfiniteQuery({
    queryKey: queueKey(filters),
    queryFn: ({ pageParam, signal }) => listTickets({ ...filters, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: TicketList) => last.nextCursor ?? undefined,
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
 * Mount once per dashboard: applies ticket:created / ticket:updated to every cached list, a read by
 * anyone on our side (a colleague, our other tab) to the unread badges, and after a reconnect (or every
 * 15 s while disconnected) fetches the tickets changed since the newest one seen.
 */
export function useLiveTickets(meId: string) {
  const qc = useQueryClient();
  const side = useSession().user?.role;
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
        if (event.type !== "updated" || (event.query.queryKey as readonly unknown[])[0] !== "tickets") return;
        const data = event.query.state.data as { pages?: TicketList[] } | undefined;
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
  useRealtimeEvent("ticket:created", apply);
  useRealtimeEvent("ticket:updated", (t) => {
    apply(t);
    void qc.invalidateQueries({ queryKey: eventsKey(t.id) });
  });
  // A read sends no ticket:updated (updatedAt stays), so without this a colleague's read left our
  // "1 unread" badge until the next reload.
  useRealtimeEvent("message:read", (r) => {
    if (side) applyRead(qc, r, side);
  });
  useResync(async () => {
    const changed = await queueSync.catchUp();
    changed.forEach((t) => upsertTicket(qc, t, meId));
  });
}

export function useTicket(id: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ticketKey(id),
    queryFn: ({ signal }) => getTicket(id, signal),
    initialData: () => findCachedTicket(qc, id),
    // Socket events keep it fresh; refetch only when nothing cached it yet.
    staleTime: 60_000,
  });
}

export function useTicketEvents(ticketId: string) {
  return useQuery({
    queryKey: eventsKey(ticketId),
    queryFn: ({ signal }) => listTicketEvents(ticketId, signal),
  });
}

export function useUpdateTicket(meId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateTicketBody }) => updateTicket(id, patch),
    onSuccess: (ticket) => {
      upsertTicket(qc, ticket, meId);
      void qc.invalidateQueries({ queryKey: eventsKey(ticket.id) });
    },
  });
}

/** Files a ticket; the answer (the ticket with its first message) goes straight into the caches. */
export function useCreateTicket(meId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTicketBody) => createTicket(input),
    onSuccess: ({ message, ...ticket }) => {
      upsertTicket(qc, ticket, meId);
      addToThread(qc, ticket.id, [message]);
    },
  });
}

/** Admins (assignee pickers) and shops (queue filter and names). */
export function usePeople() {
  const admins = useQuery({ queryKey: ["admins"], queryFn: listAdmins, staleTime: 5 * 60_000 });
  const shops = useQuery({ queryKey: ["shops"], queryFn: listShops, staleTime: 60_000 });
  return { admins: admins.data ?? [], shops: shops.data ?? [] };
}
