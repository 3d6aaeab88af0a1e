import { useEffect, useRef } from "react";
import { skipToken, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TicketViewers } from "@parley/contract";
import { useRealtimeEvent, useResync } from "../../../hooks/realtime";
import { requestViewers } from "../../../services/realtime/socket";

export type QueueViewer = { userId: string; name: string | null };
type ViewersByTicket = Record<string, QueueViewer[]>;

const queueViewersKey = ["queue-viewers"] as const;

/**
 * Who else has each ticket open, for the queue rows: kept in the cache from `ticket:viewers` (each
 * change). The lists the server pushes when the socket connects arrive before a queue that mounts later
 * listens (the admin page loads lazily, after the session has connected; Team → Support remounts it), so
 * the queue asks for the current lists (`viewers:list`) when it mounts and after every reconnect, and
 * replaces its map with the answer. While the socket is down the lists cannot be kept current: dropped.
 */
export function useQueueViewers(selfId: string): (ticketId: string) => QueueViewer[] {
  const qc = useQueryClient();
  const { data } = useQuery<ViewersByTicket>({ queryKey: queueViewersKey, queryFn: skipToken });
  const others = (v: TicketViewers) => v.viewers.filter((x) => x.userId !== selfId);
  useRealtimeEvent("ticket:viewers", (v: TicketViewers) => {
    qc.setQueryData<ViewersByTicket>(queueViewersKey, (prev) => {
      const next = { ...prev };
      const seen = others(v);
      if (seen.length) next[v.ticketId] = seen;
      else delete next[v.ticketId];
      return next;
    });
  });

  // Only the latest request's answer counts: an older one may have been computed before a change.
  const asked = useRef(0);
  const refresh = async () => {
    const mine = ++asked.current;
    let lists: TicketViewers[] | null = null;
    try {
      lists = await requestViewers();
    } catch {
      // No answer is no lists, as while disconnected: the pushes and the next resync fill them in.
    }
    if (mine !== asked.current) return;
    const next: ViewersByTicket = {};
    for (const v of lists ?? []) {
      const seen = others(v);
      if (seen.length) next[v.ticketId] = seen;
    }
    qc.setQueryData<ViewersByTicket>(queueViewersKey, next);
  };
  const refreshRef = useRef(refresh);
  useEffect(() => {
    refreshRef.current = refresh;
  });
  useEffect(() => void refreshRef.current(), []);
  useResync(refresh);
  return (ticketId) => data?.[ticketId] ?? [];
}
