import { skipToken, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TicketViewers } from "@parley/contract";
import { useRealtimeEvent, useResync } from "../../../hooks/realtime";

export type QueueViewer = { userId: string; name: string | null };
type ViewersByTicket = Record<string, QueueViewer[]>;

const queueViewersKey = ["queue-viewers"] as const;

/**
 * Who else has each ticket open, for the queue rows: kept in the cache from `ticket:viewers` (the
 * server sends every viewed ticket's list when the socket connects, then each change). On a
 * (re)connect the old lists are dropped first, since the server's fresh ones follow the connect.
 */
export function useQueueViewers(selfId: string): (ticketId: string) => QueueViewer[] {
  const qc = useQueryClient();
  const { data } = useQuery<ViewersByTicket>({ queryKey: queueViewersKey, queryFn: skipToken });
  useRealtimeEvent("ticket:viewers", (v: TicketViewers) => {
    qc.setQueryData<ViewersByTicket>(queueViewersKey, (prev) => {
      const next = { ...prev };
      const others = v.viewers.filter((x) => x.userId !== selfId);
      if (others.length) next[v.ticketId] = others;
      else delete next[v.ticketId];
      return next;
    });
  });
  useResync(() => {
    qc.setQueryData<ViewersByTicket>(queueViewersKey, {});
  });
  return (ticketId) => data?.[ticketId] ?? [];
}
