import { z } from "zod";
import { queryInt, isoTime, str, utf8Bytes, uuid } from "./common";

/** Notifications (contract v2): webhooks, per-user preferences, channel status and the delivery log. */

/** Event types a webhook may subscribe to (and that travel through the outbox). */
export const WEBHOOK_EVENT_TYPES = [
  "ticket.created",
  "ticket.updated",
  "message.created",
  "sla.warning",
  "sla.breached",
] as const;
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

export const NOTIFICATION_CHANNELS = ["telegram", "whatsapp", "email", "push", "webhook"] as const;
export const notificationChannelSchema = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

/** What the delivery log records for each attempt. */
export const DELIVERY_OUTCOMES = ["queued", "sent", "retried", "failed", "suppressed"] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
export const DELIVERY_STATUSES = ["pending", "sent", "failed", "suppressed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What a webhook's URL shows in place of its password (`https://user:***@host/…`). */
export const WEBHOOK_MASKED_PASSWORD = "***";

/**
 * The URL's password, or undefined when it does not parse. A refinement runs even when the URL check
 * before it failed (zod reports every issue), so it must not throw on what that check refused.
 */
function urlPassword(url: string): string | undefined {
  try {
    return new URL(url).password;
  } catch {
    return undefined;
  }
}

/**
 * Whether a URL's user name and password are valid percent-encoding. node:http decodes them into the
 * `Authorization: Basic` header and throws on a stray `%` (`%ZZ`), so no call to such a URL could ever be
 * made. A URL that does not parse passes here: the URL check reports it.
 */
function userinfoDecodes(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  try {
    decodeURIComponent(parsed.username);
    decodeURIComponent(parsed.password);
    return true;
  } catch {
    return false;
  }
}
const USERINFO_MESSAGE =
  "The user name or password has a % that does not start an escape such as %25: write % as %25.";

/**
 * Whether a URL names a port a call could reach: port 0 (however written, `:0` or `:000`) is no port a
 * server listens on, so every delivery would fail. A URL that does not parse passes here: the URL check
 * reports it.
 */
function portCallable(url: string): boolean {
  try {
    return new URL(url).port !== "0";
  } catch {
    return true;
  }
}
const PORT_MESSAGE = "Port 0 cannot be called: give the port the receiver listens on, or none.";

export const createWebhookBodySchema = z.strictObject({
  url: str()
    .trim()
    .max(2000)
    .pipe(z.url({ protocol: /^https?$/, error: "Must be an http(s) URL." }))
    // A URL copied from the list carries the mask, not the password: stored, every delivery would fail.
    .refine((u) => urlPassword(u) !== WEBHOOK_MASKED_PASSWORD, {
      message: "The password reads *** as Parley shows it back: type the real password.",
    })
    .refine(userinfoDecodes, { message: USERINFO_MESSAGE })
    .refine(portCallable, { message: PORT_MESSAGE }),
  events: z
    .array(webhookEventTypeSchema)
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length)
    .refine((e) => new Set(e).size === e.length, { message: "Each event may be named once." }),
});
export type CreateWebhookBody = z.infer<typeof createWebhookBodySchema>;

export const webhookSchema = z.object({
  id: z.string(),
  /** As registered, but a password in it (`user:password@`) reads `***`; deliveries use the real one. */
  url: z.string(),
  events: z.array(webhookEventTypeSchema),
  createdAt: isoTime,
});
export type Webhook = z.infer<typeof webhookSchema>;
/** Only the 201 of POST /api/webhooks carries the secret. */
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string() });
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

export const webhookIdParamsSchema = z.strictObject({ id: uuid("webhook id") });

export const deliveryAttemptSchema = z.object({
  attempt: z.number().int(),
  outcome: z.enum(DELIVERY_OUTCOMES),
  statusCode: z.number().int().nullable(),
  detail: z.string().nullable(),
  at: isoTime,
});
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

export const deliverySchema = z.object({
  id: z.string(),
  channel: notificationChannelSchema,
  /**
   * Where it goes: "default" (the configured chat), an email address, a webhook or push subscription id, or
   * "admins" for one email to several admins, whose addresses are then in `recipients`.
   */
  target: z.string(),
  /** Only for target "admins": the addresses of that one email (an address refused is split off). */
  recipients: z.array(z.string()).optional(),
  eventType: z.string(),
  ticketId: z.string().nullable(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: isoTime,
  sentAt: isoTime.nullable(),
  log: z.array(deliveryAttemptSchema),
});
export type Delivery = z.infer<typeof deliverySchema>;
/**
 * A page of deliveries, newest first. `nextCursor` reads the page after this one (older deliveries), sent
 * back as `cursor`, as the ticket queue does; null on the last page.
 */
export const deliveryListSchema = z.object({
  items: z.array(deliverySchema),
  nextCursor: z.string().nullable(),
});
export type DeliveryList = z.infer<typeof deliveryListSchema>;

export const deliveryListQuerySchema = z.strictObject({
  channel: notificationChannelSchema.optional(),
  limit: queryInt(1, 200).default(50),
  cursor: str()
    .min(1)
    .max(500)
    .optional()
    .meta({ description: "The nextCursor of the previous page: the deliveries older than its last one." }),
});
/** GET /api/webhooks/:id/deliveries: the log's paging, the webhook being the filter. */
export const webhookDeliveryListQuerySchema = deliveryListQuerySchema.pick({ limit: true, cursor: true });

export const channelStatusSchema = z.object({
  channel: notificationChannelSchema,
  configured: z.boolean(),
  lastSuccessAt: isoTime.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: isoTime.nullable(),
  /** How a channel set up sends, when that matters to whether alerts arrive (WhatsApp: template or free text). */
  note: z.string().optional(),
});
export type ChannelStatus = z.infer<typeof channelStatusSchema>;
export const channelStatusListSchema = z.object({ items: z.array(channelStatusSchema) });

export const testAlertBodySchema = z.strictObject({ channel: notificationChannelSchema.optional() });

/** "HH:MM" on a 24-hour clock. */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Must be a time HH:MM (24-hour clock).");

/** What a user wants to hear about, and how. Admins and shops have different triggers. */
export const notificationPreferencesSchema = z.strictObject({
  email: z.boolean(),
  push: z.boolean(),
  /** Admins: a new ticket. */
  newTicket: z.boolean(),
  /** Admins: a shop message on a ticket assigned to them or unassigned. */
  shopMessage: z.boolean(),
  /** Admins: SLA warnings and breaches. */
  slaAlerts: z.boolean(),
  /** Admins: a colleague mentioned them in an internal note. */
  mentions: z.boolean(),
  /** Shops: an admin reply still unread after NOTIFY_UNREAD_AFTER_S. */
  adminReply: z.boolean(),
  /** Shops: the ticket was resolved. */
  ticketResolved: z.boolean(),
  /** Nothing is sent to this user between `from` and `to` (local time in `timeZone`); null: no quiet hours. */
  quietHours: z
    .strictObject({
      from: clockTime,
      to: clockTime,
      timeZone: z
        .string()
        .min(1)
        .max(64)
        .refine((tz) => {
          try {
            new Intl.DateTimeFormat("en", { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        }, "Must be an IANA time zone such as Europe/Berlin."),
    })
    .nullable(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

/** The triggers each role has: the other role's are refused on PUT (they would be stored and never apply). */
export const PREFERENCE_TRIGGERS = {
  admin: ["newTicket", "shopMessage", "slaAlerts", "mentions"],
  shop: ["adminReply", "ticketResolved"],
} as const satisfies Record<"admin" | "shop", ReadonlyArray<keyof NotificationPreferences>>;
/**
 * Quiet hours that start when they end would mean nothing or the whole day: refused, so no one saves a
 * setting that silently holds nothing back (a stored one, from before, is read as no quiet hours).
 */
export const putNotificationPreferencesBodySchema = notificationPreferencesSchema
  .partial()
  .refine((p) => !p.quietHours || p.quietHours.from !== p.quietHours.to, {
    path: ["quietHours", "to"],
    message: "Quiet hours must end at another time than they start (from and to are the same).",
  });

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  email: true,
  push: true,
  newTicket: true,
  shopMessage: true,
  slaAlerts: true,
  mentions: true,
  adminReply: true,
  ticketResolved: true,
  quietHours: null,
};

/** The bytes of a base64url string (padding optional), or null when it is not one. */
function base64UrlBytes(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(s)) return null;
  const b64 = s.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  if (b64.length % 4 === 1) return null;
  const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The longest push endpoint, in characters and in UTF-8 bytes alike. */
export const PUSH_ENDPOINT_MAX = 2000;

/**
 * A browser's Push API subscription (PushSubscription.toJSON()). The keys are checked for what RFC 8291
 * needs, so a subscription no alert could ever be encrypted for is refused at once rather than turning
 * every later alert into a failed delivery.
 */
export const pushSubscriptionBodySchema = z.strictObject({
  endpoint: str()
    .max(PUSH_ENDPOINT_MAX)
    // The endpoint is unique in the database, and a row of a unique index holds at most 2,704 bytes: 2000
    // characters of non-ASCII text (up to 8,000 bytes) failed the insert, a 500. A browser's endpoint is a
    // serialised URL, plain ASCII, so counting bytes refuses no real one.
    .refine((e) => utf8Bytes(e) <= PUSH_ENDPOINT_MAX, {
      message: `Must be at most ${PUSH_ENDPOINT_MAX} bytes in UTF-8 (a browser's endpoint is plain ASCII; other characters take 2 to 4 bytes each).`,
      abort: true,
    })
    .pipe(z.url({ protocol: /^https?$/ }))
    .refine(userinfoDecodes, { message: USERINFO_MESSAGE })
    .refine(portCallable, { message: PORT_MESSAGE }),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    p256dh: str()
      .min(1)
      .max(200)
      .refine(
        (k) => {
          const bytes = base64UrlBytes(k);
          return bytes !== null && bytes.length === 65 && bytes[0] === 4;
        },
        { message: "Must be the browser's P-256 public key: 65 bytes (an uncompressed point), base64url." },
      ),
    auth: str()
      .min(1)
      .max(100)
      .refine((k) => base64UrlBytes(k)?.length === 16, {
        message: "Must be the browser's 16-byte authentication secret, base64url.",
      }),
  }),
});
export type PushSubscriptionBody = z.infer<typeof pushSubscriptionBodySchema>;
/** DELETE /api/me/push-subscriptions: the endpoint to forget. */
export const pushUnsubscribeBodySchema = z.strictObject({ endpoint: str().min(1).max(PUSH_ENDPOINT_MAX) });
export const pushSubscribedSchema = z.object({ endpoint: z.string() });

/** GET /api/notifications/vapid-public-key: the key browsers subscribe with; null when web push is not configured. */
export const vapidPublicKeySchema = z.object({ publicKey: z.string().nullable() });
export type VapidPublicKey = z.infer<typeof vapidPublicKeySchema>;

/** 202 of POST /api/notifications/test: the outbox event that carries the test alert. */
export const testAlertAcceptedSchema = z.object({ eventId: z.string() });
export const webhookListSchema = z.object({ items: z.array(webhookSchema) });

/**
 * The JSON body POSTed to a webhook: one of the events it subscribed to, or `test` when an admin sends a
 * test alert to the webhooks (POST /api/notifications/test {channel: "webhook"}), whatever they subscribed to.
 */
export type WebhookPayload = {
  id: string;
  type: WebhookEventType | "test";
  createdAt: string;
  data: unknown;
};
