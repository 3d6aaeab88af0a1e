import { useMemo } from "react";
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
} from "@tanstack/react-query";
import type {
  CreateWebhookBody,
  DeliveryList,
  NotificationChannel,
  NotificationPreferences,
} from "@parley/contract";
import {
  createWebhook,
  deleteWebhook,
  fetchChannels,
  fetchDeliveries,
  fetchPreferences,
  fetchWebhookDeliveries,
  fetchWebhooks,
  savePreferences,
  sendTestAlert,
} from "../api/notifications";

const keys = {
  channels: ["notifications", "channels"] as const,
  deliveries: ["notifications", "deliveries"] as const,
  webhooks: ["notifications", "webhooks"] as const,
  webhookDeliveries: (id: string) => ["notifications", "webhooks", id, "deliveries"] as const,
  preferences: ["notifications", "preferences"] as const,
};

/** The admin page refreshes every few seconds: deliveries move on their own (retries, the worker). */
const LIVE_MS = 3000;

export const useChannels = () =>
  useQuery({ queryKey: keys.channels, queryFn: fetchChannels, refetchInterval: LIVE_MS });

/**
 * Deliveries newest first, page by page ("Show older" is fetchNextPage). A refresh reads the pages again
 * from the first, each from the cursor the page before it gives now, so the pages stay one list as new
 * deliveries arrive; a delivery seen twice anyway (a page read before and one after a refresh) shows once.
 */
function useDeliveryPages(
  queryKey: QueryKey,
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<DeliveryList>,
) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: DeliveryList) => last.nextCursor ?? undefined,
    refetchInterval: LIVE_MS,
  });
  const deliveries = useMemo(() => {
    const seen = new Set<string>();
    return (query.data?.pages.flatMap((p) => p.items) ?? []).filter((d) =>
      seen.has(d.id) ? false : (seen.add(d.id), true),
    );
  }, [query.data]);
  return { ...query, deliveries };
}

export const useDeliveries = () => useDeliveryPages(keys.deliveries, fetchDeliveries);
export const useWebhooks = () => useQuery({ queryKey: keys.webhooks, queryFn: fetchWebhooks });
export const useWebhookDeliveries = (id: string) =>
  useDeliveryPages(keys.webhookDeliveries(id), (cursor, signal) =>
    fetchWebhookDeliveries(id, cursor, signal),
  );

export function useSendTestAlert() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (channel?: NotificationChannel) => sendTestAlert(channel),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["notifications"] }),
  });
}
export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookBody) => createWebhook(body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.webhooks }),
  });
}
export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteWebhook(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.webhooks }),
  });
}
export const usePreferences = () => useQuery({ queryKey: keys.preferences, queryFn: fetchPreferences });
export function useSavePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<NotificationPreferences>) => savePreferences(patch),
    onSuccess: (prefs) => qc.setQueryData(keys.preferences, prefs),
  });
}
