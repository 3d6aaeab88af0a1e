import {
  errorResponses,
  jsonBody,
  jsonResponse,
  type OpenApiRegistrar,
} from "../../../platform/http/openapi";
import {
  channelStatusListSchema,
  createWebhookBodySchema,
  createdWebhookSchema,
  deliveryListQuerySchema,
  deliveryListSchema,
  notificationPreferencesSchema,
  pushSubscribedSchema,
  pushSubscriptionBodySchema,
  pushUnsubscribeBodySchema,
  putNotificationPreferencesBodySchema,
  testAlertAcceptedSchema,
  testAlertBodySchema,
  vapidPublicKeySchema,
  webhookDeliveryListQuerySchema,
  webhookIdParamsSchema,
  webhookListSchema,
} from "@parley/contract";

const noContent = { description: "Done (no body)" };
const PAGING =
  "Keyset paging, as the ticket queue's: send a page's nextCursor back as cursor for the older deliveries " +
  "(null on the last page). Ties on the time are ordered by id, so no delivery is skipped or repeated while " +
  "new ones arrive. A cursor marks a position only: the filters stay the request's. A cursor this list did " +
  "not issue is 400 VALIDATION_FAILED on cursor.";

/** The Notifications section of the contract. Setup and guarantees: docs/notifications.md. */
export const registerNotificationsDocs: OpenApiRegistrar = (registry) => {
  const tags = ["Notifications"];
  registry.registerPath({
    method: "get",
    path: "/api/me/notification-preferences",
    tags,
    summary: "The caller's notification preferences (defaults until changed)",
    responses: {
      200: jsonResponse(notificationPreferencesSchema, "The preferences"),
      ...errorResponses(400, 401),
    },
  });
  registry.registerPath({
    method: "put",
    path: "/api/me/notification-preferences",
    tags,
    summary: "Change some of the caller's notification preferences",
    description:
      "Fields left out keep their value; quietHours null turns quiet hours off. The other role's triggers " +
      "(which GET lists too) are 400 unless they say what GET shows, so GET's document can be sent back; " +
      "they are never stored.",
    request: jsonBody(putNotificationPreferencesBodySchema),
    responses: {
      200: jsonResponse(notificationPreferencesSchema, "The preferences after the change"),
      ...errorResponses(400, 401, 429),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/me/push-subscriptions",
    tags,
    summary: "Register this browser's web push subscription (PushSubscription.toJSON())",
    description:
      "An endpoint at a private address is refused (400) unless WEBHOOK_ALLOW_PRIVATE=true. A user keeps " +
      "their 10 newest subscriptions; an 11th drops the oldest.",
    request: jsonBody(pushSubscriptionBodySchema),
    responses: {
      201: jsonResponse(pushSubscribedSchema, "Registered (again: idempotent per endpoint)"),
      ...errorResponses(400, 401, 429),
    },
  });
  registry.registerPath({
    method: "delete",
    path: "/api/me/push-subscriptions",
    tags,
    summary: "Forget one of the caller's push subscriptions",
    request: jsonBody(pushUnsubscribeBodySchema),
    responses: { 204: noContent, ...errorResponses(400, 401, 429) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/notifications/vapid-public-key",
    tags,
    summary: "The VAPID public key browsers subscribe with (null: web push is not configured)",
    responses: { 200: jsonResponse(vapidPublicKeySchema, "The key"), ...errorResponses(401) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/notifications/channels",
    tags,
    summary: "Each channel: configured, last success, last error (admins)",
    responses: {
      200: jsonResponse(channelStatusListSchema, "One row per channel"),
      ...errorResponses(400, 401, 403),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/notifications/deliveries",
    tags,
    summary: "The delivery log, newest first, each delivery with its attempts (admins)",
    description: PAGING,
    request: { query: deliveryListQuerySchema },
    responses: {
      200: jsonResponse(deliveryListSchema, "A page of deliveries and the next page's cursor"),
      ...errorResponses(400, 401, 403),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/notifications/test",
    tags,
    summary: "Send a test alert through the outbox (admins)",
    description: "channel absent: every configured chat channel, plus the caller's email and push.",
    request: jsonBody(testAlertBodySchema),
    responses: {
      202: jsonResponse(testAlertAcceptedSchema, "Queued"),
      ...errorResponses(400, 401, 403, 429),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/webhooks",
    tags,
    summary: "Register a webhook (admins); the secret is shown in this answer only",
    description:
      "Parley POSTs {id, type, createdAt, data} with X-Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of " +
      '"t.rawBody">. A URL whose host is or resolves to a private address is refused unless WEBHOOK_ALLOW_PRIVATE=true, ' +
      "and so is a host name that does not exist (NXDOMAIN); one our resolver gave no answer for (EAI_AGAIN) is " +
      "503 SERVICE_UNAVAILABLE with Retry-After, to retry. At most 50 webhooks (409 CONFLICT beyond). A password " +
      "in the URL (user:password@) is sent as Basic credentials and shown back as *** in every answer, this " +
      "one included; query-string tokens are shown.",
    request: jsonBody(createWebhookBodySchema),
    responses: {
      201: jsonResponse(createdWebhookSchema, "The webhook with its secret"),
      ...errorResponses(400, 401, 403, 409, 429),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/webhooks",
    tags,
    summary: "The webhooks (admins; no secrets: a URL's password is shown as ***)",
    responses: { 200: jsonResponse(webhookListSchema, "The webhooks"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "delete",
    path: "/api/webhooks/{id}",
    tags,
    summary: "Delete a webhook (admins)",
    request: { params: webhookIdParamsSchema },
    responses: { 204: noContent, ...errorResponses(400, 401, 403, 404, 429) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/webhooks/{id}/deliveries",
    tags,
    summary: "A webhook's deliveries, newest first, with each attempt (admins)",
    description: PAGING,
    request: { params: webhookIdParamsSchema, query: webhookDeliveryListQuerySchema },
    responses: {
      200: jsonResponse(deliveryListSchema, "A page of deliveries and the next page's cursor"),
      ...errorResponses(400, 401, 403, 404),
    },
  });
};
