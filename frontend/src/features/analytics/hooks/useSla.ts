/** The SLA policy (admins), the targets the due badge measures against, and the live SLA alerts. */
import { useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { PutSlaPoliciesBody, Ticket, TicketPriority } from "@parley/contract";
import { getSlaPolicies, putSlaPolicies, type TargetMinutes } from "../api/analytics";
import { useRealtimeEvent } from "../../../hooks/realtime";
import { ticketKey, type QueueData } from "../../tickets/api/queue-cache";

export const slaPoliciesKey = ["sla-policies"] as const;

export function useSlaPolicies(enabled = true) {
  return useQuery({ queryKey: slaPoliciesKey, queryFn: ({ signal }) => getSlaPolicies(signal), enabled });
}

export function useSaveSlaPolicies() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PutSlaPoliciesBody) => putSlaPolicies(body),
    onSuccess: (saved) => qc.setQueryData(slaPoliciesKey, saved),
  });
}

/** Targets per priority, or undefined until the policy has loaded. */
export function useSlaTargets(): (p: TicketPriority) => TargetMinutes | undefined {
  const policy = useSlaPolicies();
  return useMemo(() => {
    const byPriority = new Map(
      (policy.data?.targets ?? []).map((t) => [
        t.priority,
        {
          firstResponse: t.firstResponseMinutes,
          nextResponse: t.nextResponseMinutes ?? t.firstResponseMinutes,
          resolution: t.resolutionMinutes,
        },
      ]),
    );
    return (p: TicketPriority) => byPriority.get(p);
  }, [policy.data]);
}

/** Marks a ticket breached in every cached copy (the row turns red at once, before any refetch). */
export function markBreached(qc: QueryClient, ticketId: string): void {
  const patch = (t: Ticket): Ticket => (t.id === ticketId ? { ...t, sla: { ...t.sla, breached: true } } : t);
  qc.setQueryData<Ticket>(ticketKey(ticketId), (t) => (t ? patch(t) : t));
  qc.setQueriesData<QueueData>({ queryKey: ["tickets"] }, (data) =>
    data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map(patch) })) } : data,
  );
}

/**
 * Mount once in the admin queue: sla.breached patches the ticket red and refreshes the lists (a
 * "Breached" filter gains it, "Due within 1 h" loses it); sla.warning marks it amber.
 * Returns the ids warned about since the page opened.
 */
export function useLiveSla(): ReadonlySet<string> {
  const qc = useQueryClient();
  const [warned, setWarned] = useState<ReadonlySet<string>>(() => new Set());
  useRealtimeEvent("sla.warning", (w) => {
    setWarned((s) => (s.has(w.ticketId) ? s : new Set(s).add(w.ticketId)));
    void qc.invalidateQueries({ queryKey: ["tickets"] });
  });
  useRealtimeEvent("sla.breached", (b) => {
    markBreached(qc, b.ticketId);
    void qc.invalidateQueries({ queryKey: ["tickets"] });
    void qc.invalidateQueries({ queryKey: ["ticket-events", b.ticketId] });
  });
  return warned;
}
