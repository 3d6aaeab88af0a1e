/** Typed fetchers for notifications: channel status, the delivery log, test alerts, webhooks, preferences. */
import { z } from "zod";
import {
  channelStatusListSchema,
  createdWebhookSchema,
  deliveryListSchema,
  notificationPreferencesSchema,
  pushSubscribedSchema,
  vapidPublicKeySchema,
  webhookSchema,
  type CreateWebhookBody,
  type NotificationChannel,
  type NotificationPreferences,
  type PushSubscriptionBody,
} from "@parley/contract";
import { request, requestNoContent } from "../../../services/api/client";

/** Deliveries per page ("Show older" reads the next 50). */
export const DELIVERY_PAGE = 50;

export const fetchChannels = async () =>
  (await request(channelStatusListSchema, "/api/notifications/channels")).items;
/** A page of the delivery log, newest first; `cursor`: the previous page's nextCursor (older ones). */
export const fetchDeliveries = (cursor: string | null, signal?: AbortSignal) =>
  request(deliveryListSchema, "/api/notifications/deliveries", {
    query: { limit: DELIVERY_PAGE, cursor },
    signal,
  });
export const sendTestAlert = (channel?: NotificationChannel) =>
  request(z.object({ eventId: z.string() }), "/api/notifications/test", {
    method: "POST",
    body: channel ? { channel } : {},
  });

export const fetchWebhooks = async () =>
  (await request(z.object({ items: z.array(webhookSchema) }), "/api/webhooks")).items;
export const createWebhook = (body: CreateWebhookBody) =>
  request(createdWebhookSchema, "/api/webhooks", { method: "POST", body });
export const deleteWebhook = (id: string) => requestNoContent(`/api/webhooks/${id}`, { method: "DELETE" });
export const fetchWebhookDeliveries = (id: string, cursor: string | null, signal?: AbortSignal) =>
  request(deliveryListSchema, `/api/webhooks/${id}/deliveries`, {
    query: { limit: DELIVERY_PAGE, cursor },
    signal,
  });

export const fetchPreferences = () =>
  request(notificationPreferencesSchema, "/api/me/notification-preferences");
export const savePreferences = (patch: Partial<NotificationPreferences>) =>
  request(notificationPreferencesSchema, "/api/me/notification-preferences", { method: "PUT", body: patch });

/** The key browsers subscribe to web push with; null when the server has no VAPID keys. */
export const fetchVapidPublicKey = async () =>
  (await request(vapidPublicKeySchema, "/api/notifications/vapid-public-key")).publicKey;
export const registerPushSubscription = (subscription: PushSubscriptionBody) =>
  request(pushSubscribedSchema, "/api/me/push-subscriptions", { method: "POST", body: subscription });
export const unregisterPushSubscription = (endpoint: string) =>
  requestNoContent("/api/me/push-subscriptions", { method: "DELETE", body: { endpoint } });
