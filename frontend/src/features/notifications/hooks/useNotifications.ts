import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateWebhookBody, NotificationChannel, NotificationPreferences } from "@parley/contract";
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
export const useDeliveries = () =>
  useQuery({ queryKey: keys.deliveries, queryFn: fetchDeliveries, refetchInterval: LIVE_MS });
export const useWebhooks = () => useQuery({ queryKey: keys.webhooks, queryFn: fetchWebhooks });
export const useWebhookDeliveries = (id: string) =>
  useQuery({
    queryKey: keys.webhookDeliveries(id),
    queryFn: () => fetchWebhookDeliveries(id),
    refetchInterval: LIVE_MS,
  });

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
