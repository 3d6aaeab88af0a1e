import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  Admin,
  BulkBody,
  BulkFilter,
  BulkProgress,
  SavedView,
  TeamSettings,
  UpdateSavedViewBody,
} from "@parley/contract";
import { useState } from "react";
import { useRealtimeEvent, useResync } from "../../../hooks/realtime";
import { threadKey } from "../../tickets/api/thread-cache";
import {
  countBulk,
  createAdmin,
  renewInvite,
  createView,
  deleteView,
  getSatisfaction,
  getTeamSettings,
  listTeam,
  listViews,
  mergeTicket,
  putTeamSettings,
  rateTicket,
  runBulk,
  setAdminActive,
  setAdminSkills,
  setTicketTags,
  updateView,
  type NewSavedView,
} from "../api/team";

export const teamKeys = {
  admins: ["team", "admins"] as const,
  settings: ["team", "settings"] as const,
  views: ["team", "views"] as const,
  bulkCount: (filter: BulkFilter) => ["team", "bulk-count", filter] as const,
  satisfaction: (id: string) => ["team", "satisfaction", id] as const,
};

/** The team; `enabled: false` for a page that may not ask (a shop's conversation shares the code). */
export function useTeamList({ enabled = true }: { enabled?: boolean } = {}) {
  const qc = useQueryClient();
  useRealtimeEvent("admin:presence", () => void qc.invalidateQueries({ queryKey: teamKeys.admins }));
  return useQuery({ queryKey: teamKeys.admins, queryFn: listTeam, enabled });
}

export function useCreateAdmin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createAdmin,
    onSuccess: () => void qc.invalidateQueries({ queryKey: teamKeys.admins }),
  });
}

export function useRenewInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: renewInvite,
    onSuccess: () => void qc.invalidateQueries({ queryKey: teamKeys.admins }),
  });
}

export function useSetAdminActive() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; active: boolean }) => setAdminActive(v.id, v.active),
    onSuccess: () => void qc.invalidateQueries({ queryKey: teamKeys.admins }),
  });
}

/**
 * Sets an admin's skills. The list shows them at once (the editor sends them as the server keeps them),
 * then refetches, so what is shown is what auto-assignment reads.
 */
export function useSetAdminSkills() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; skills: string[] }) => setAdminSkills(v.id, v.skills),
    onSuccess: (_none, v) => {
      qc.setQueryData<Admin[]>(teamKeys.admins, (list) =>
        list?.map((a) => (a.id === v.id ? { ...a, skills: v.skills } : a)),
      );
      void qc.invalidateQueries({ queryKey: teamKeys.admins });
    },
  });
}

export function useTeamSettings() {
  return useQuery({ queryKey: teamKeys.settings, queryFn: getTeamSettings });
}

export function useSaveTeamSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: Partial<TeamSettings>) => putTeamSettings(s),
    onSuccess: (s) => qc.setQueryData(teamKeys.settings, s),
  });
}

/** Anything that changes tickets: the queue and open threads refetch. */
const TICKET_KEYS = new Set(["tickets", "ticket", "thread", "ticket-events", "team"]);
const refreshTickets = (qc: ReturnType<typeof useQueryClient>) =>
  qc.invalidateQueries({ predicate: (q) => TICKET_KEYS.has(String(q.queryKey[0])) });

export function useSetTags() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; tags: string[] }) => setTicketTags(v.id, v.tags),
    onSuccess: () => void refreshTickets(qc),
  });
}

export function useMerge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; intoTicketId: string }) => mergeTicket(v.id, v.intoTicketId),
    onSuccess: (_target, v) => {
      // The source's messages moved to the target: its cached thread must reload from scratch, since a
      // catch-up "after" its last message would name a message that is no longer on it (400).
      qc.removeQueries({ queryKey: threadKey(v.id) });
      void refreshTickets(qc);
    },
  });
}

/** A bulk job with its live progress from the socket (matched by the job id this client chose). */
export function useBulk() {
  const qc = useQueryClient();
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  useRealtimeEvent("bulk:progress", (p) => {
    if (p.jobId === jobId) setProgress(p);
    if (p.finished) void refreshTickets(qc);
  });
  const mutation = useMutation({
    mutationFn: (body: BulkBody) => {
      const id = crypto.randomUUID();
      setJobId(id);
      setProgress(null);
      return runBulk({ ...body, jobId: id });
    },
    onSuccess: () => void refreshTickets(qc),
  });
  return { ...mutation, progress };
}

/**
 * How many tickets "every ticket matching these filters" is, while the bar for it is open: refetched
 * after every ticket change (its key is under "team") and on a timer, so the number said is current.
 */
export function useBulkCount(filter: BulkFilter, enabled: boolean) {
  return useQuery({
    queryKey: teamKeys.bulkCount(filter),
    queryFn: () => countBulk(filter),
    enabled,
    refetchInterval: 30_000,
  });
}

export function useSatisfaction(ticketId: string, enabled: boolean) {
  return useQuery({
    queryKey: teamKeys.satisfaction(ticketId),
    queryFn: () => getSatisfaction(ticketId),
    enabled,
  });
}

export function useRate(ticketId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { score: number; comment?: string }) => rateTicket(ticketId, body),
    onSuccess: (r) => qc.setQueryData(teamKeys.satisfaction(ticketId), r),
  });
}

/**
 * My views and the team's shared ones, kept current live: a colleague's change says only which view
 * (`view:changed`), so the list refetches (each view's count is the reader's own: "me" is me); a view
 * deleted or unshared (`view:deleted`) leaves at once, and the refetch that follows cancels one in flight
 * that could still bring it back. What the socket missed while down comes with the reconnect's refetch.
 */
export function useSavedViews() {
  const qc = useQueryClient();
  const refetch = () => qc.invalidateQueries({ queryKey: teamKeys.views });
  useRealtimeEvent("view:changed", () => void refetch());
  useRealtimeEvent("view:deleted", ({ id }) => {
    qc.setQueryData<SavedView[]>(teamKeys.views, (views) => views?.filter((v) => v.id !== id));
    void refetch();
  });
  useResync(refetch);
  return useQuery({ queryKey: teamKeys.views, queryFn: listViews, refetchInterval: 30_000 });
}

/** Saves the queue's filters as a view: listed at once, then the list (with live counts) refetches. */
export function useCreateView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewSavedView) => createView(body),
    onSuccess: (view) => {
      qc.setQueryData<SavedView[]>(teamKeys.views, (views) => (views ? [...views, view] : [view]));
      void qc.invalidateQueries({ queryKey: teamKeys.views });
    },
  });
}

/** Renames, shares or re-filters one of my views: the list shows the answer at once, then refetches. */
export function useUpdateView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; patch: UpdateSavedViewBody }) => updateView(v.id, v.patch),
    onSuccess: (view) => {
      qc.setQueryData<SavedView[]>(teamKeys.views, (views) =>
        views?.map((v) => (v.id === view.id ? view : v)),
      );
      void qc.invalidateQueries({ queryKey: teamKeys.views });
    },
  });
}

/**
 * Deletes one of my views, or a shared one a deactivated colleague left (either goes for the whole team).
 * A refusal refetches the views and the team: a 404 says the list was stale (deleted by someone else, or
 * the owner is active again).
 */
export function useDeleteView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteView(id),
    onSuccess: (_none, id) => {
      qc.setQueryData<SavedView[]>(teamKeys.views, (views) => views?.filter((v) => v.id !== id));
      void qc.invalidateQueries({ queryKey: teamKeys.views });
    },
    onError: () => {
      void qc.invalidateQueries({ queryKey: teamKeys.views });
      void qc.invalidateQueries({ queryKey: teamKeys.admins });
    },
  });
}
