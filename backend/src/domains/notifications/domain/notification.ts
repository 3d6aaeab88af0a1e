import { createHmac } from "node:crypto";
import ipaddr from "ipaddr.js";
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  PREFERENCE_TRIGGERS,
  type NotificationChannel,
  type NotificationPreferences,
  type WebhookEventType,
} from "@parley/contract";
import { shorten } from "../../../shared/text";
import { isVisitorShopId } from "../../../shared/visitor";

/**
 * Pure rules of the notifications domain: who gets which alert on which channel, the text of an alert,
 * retry timing, quiet hours, webhook signatures and which webhook addresses are private.
 */

/** "satisfaction.low" and "mention" are admin alerts only: no webhook subscribes to them. */
export type OutboxEventType = WebhookEventType | "test" | "satisfaction.low" | "mention";

/** What an outbox row carries: everything an alert needs, so delivery never reads the support tables. */
export type OutboxPayload = {
  ticket: {
    id: string;
    number: number;
    shopId: string;
    /** The shop's display name when identity knows it, read when the row is written (rows before it: absent). */
    shopName?: string | null;
    subject: string;
    status: string;
    priority: string;
    assigneeId: string | null;
  } | null;
  message?: { id: string; senderType: string; senderName: string | null; body: string; createdAt: string };
  changes?: Array<{ type: string; from: string | null; to: string | null }>;
  alert?: { target: string; threshold?: number; dueAt: string };
  /** A low satisfaction score: the admin alert goes to the ticket's assignee (all admins when unassigned). */
  satisfaction?: { score: number; comment: string | null; assigneeId: string | null };
  /** An internal note (`message`) mentioned these admins: each hears of it by email and push, nobody else. */
  mention?: { adminIds: string[] };
  /** A test alert: who asked, and which channel (all configured ones when absent). */
  test?: { requestedBy: string; channel: NotificationChannel | null };
  /**
   * On message.created: this is the message the ticket was opened with. Its ticket.created event already
   * alerted admins (chats, email, push), so only webhooks hear this one; never part of a webhook's data.
   */
  opensTicket?: true;
};

/** The ticket as a webhook's `data` carries it: a visitor conversation has no shop, as in the API. */
export type WebhookTicket = Omit<NonNullable<OutboxPayload["ticket"]>, "shopId"> & {
  shopId: string | null;
  source: "shop" | "visitor";
};

/**
 * A webhook's `data`: the payload as a later message's would be, without the planner's marker. A visitor
 * conversation's ticket says `shopId: null, source: "visitor"`, as `GET /api/tickets/:id` does: its
 * pseudo-shop id is Parley's bookkeeping, not a shop a receiver could know.
 */
export function webhookData(
  payload: OutboxPayload,
): Omit<OutboxPayload, "opensTicket" | "ticket"> & { ticket: WebhookTicket | null } {
  const { opensTicket: _opensTicket, ticket, ...data } = payload;
  if (!ticket) return { ...data, ticket: null };
  const visitor = isVisitorShopId(ticket.shopId);
  return {
    ...data,
    ticket: { ...ticket, shopId: visitor ? null : ticket.shopId, source: visitor ? "visitor" : "shop" },
  };
}

export type OutboxEvent = { id: string; type: OutboxEventType; createdAt: Date; payload: OutboxPayload };

export type Recipient = {
  userId: string;
  email: string | null;
  preferences: NotificationPreferences;
  pushSubscriptionIds: string[];
};

export type PlanContext = {
  configured: Record<NotificationChannel, boolean>;
  webhooks: Array<{ id: string; events: WebhookEventType[] }>;
  admins: Recipient[];
  /** The users of the ticket's shop. */
  shopUsers: Recipient[];
  unreadAfterS: number;
  now: Date;
};

export type PlannedDelivery = {
  channel: NotificationChannel;
  /** "default" for the one configured chat, an email address, a webhook id or a push subscription id. */
  target: string;
  recipientUserId: string | null;
  /** A shop alert about an admin reply is dropped if this message has been read by then. */
  suppressIfRead: string | null;
  notBefore: Date;
  /** One email to several admins (target SHARED_EMAIL_TARGET): its addresses. Absent for one destination. */
  recipients?: string[];
};

/** The target of one email to several admins; its addresses are the delivery's `recipients`. */
export const SHARED_EMAIL_TARGET = "admins";

/** Admin-facing broadcast alerts (Telegram, WhatsApp): new ticket, new shop message, SLA. */
function isAdminAlert(e: OutboxEvent): boolean {
  if (e.type === "ticket.created" || e.type === "sla.warning" || e.type === "sla.breached") return true;
  if (e.type === "satisfaction.low") return true;
  return e.type === "message.created" && e.payload.message?.senderType === "shop";
}

/** The ticket was resolved by this change. */
export function isResolution(e: OutboxEvent): boolean {
  return (
    e.type === "ticket.updated" &&
    (e.payload.changes ?? []).some((c) => c.type === "status" && c.to === "resolved")
  );
}

/**
 * Whether this event alerts this admin, by their preferences. An assigned ticket's news goes to its
 * assignee; nobody owns an unassigned ticket, so then every admin hears. An assignee who is not among the
 * admins alerted (deactivated: a resolved ticket keeps its assignee, and a shop message reopens it) owns
 * nothing either, or nobody would hear.
 */
function adminWants(e: OutboxEvent, admin: Recipient, owner: string | null): boolean {
  const p = admin.preferences;
  if (e.type === "ticket.created") return p.newTicket;
  if (e.type === "sla.warning" || e.type === "sla.breached") return p.slaAlerts;
  if (e.type === "satisfaction.low") return owner === null || owner === admin.userId;
  if (e.type === "mention") return p.mentions;
  if (e.type === "message.created" && e.payload.message?.senderType === "shop") {
    return p.shopMessage && (owner === null || owner === admin.userId);
  }
  return false;
}

/**
 * Whether an alert planned for a person is still wanted when it is sent. It may have waited (a reply alert
 * for NOTIFY_UNREAD_AFTER_S, quiet hours, a paced slot) while its reader turned the channel or the trigger
 * off. Who owns the ticket was settled at planning; a test alert was asked for.
 */
export function stillWanted(
  e: OutboxEvent,
  channel: "email" | "push",
  audience: "admin" | "shop",
  p: NotificationPreferences,
): boolean {
  if (e.type === "test") return true;
  if (!(channel === "email" ? p.email : p.push)) return false;
  if (audience === "shop") return isResolution(e) ? p.ticketResolved : p.adminReply;
  return adminWants(e, { userId: "", email: null, preferences: p, pushSubscriptionIds: [] }, null);
}

/** The admin who owns the event's ticket (see adminWants), or null: found once per event, not per admin. */
function ownerOf(e: OutboxEvent, admins: readonly Recipient[]): string | null {
  const assignee =
    e.type === "satisfaction.low" ? e.payload.satisfaction?.assigneeId : e.payload.ticket?.assigneeId;
  return assignee != null && admins.some((a) => a.userId === assignee) ? assignee : null;
}

/** Splits an event into one delivery per channel and recipient, by the defaults and each user's preferences. */
export function planDeliveries(e: OutboxEvent, ctx: PlanContext): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  const add = (d: Omit<PlannedDelivery, "notBefore" | "suppressIfRead"> & Partial<PlannedDelivery>) =>
    out.push({ suppressIfRead: null, notBefore: ctx.now, ...d });
  /** Admins' email addresses by when their email may go (quiet hours differ): one delivery per time. */
  const adminEmail = new Map<number, Recipient[]>();
  const personal = (
    r: Recipient,
    opts: { delayS?: number; suppressIfRead?: string | null; admin?: true } = {},
  ) => {
    const earliest = new Date(ctx.now.getTime() + (opts.delayS ?? 0) * 1000);
    const notBefore = quietHoursEnd(r.preferences.quietHours, earliest) ?? earliest;
    const email = ctx.configured.email && r.preferences.email ? r.email : null;
    if (email && opts.admin) {
      const group = adminEmail.get(notBefore.getTime());
      if (group) group.push(r);
      else adminEmail.set(notBefore.getTime(), [r]);
    } else if (email) {
      add({
        channel: "email",
        target: email,
        recipientUserId: r.userId,
        notBefore,
        suppressIfRead: opts.suppressIfRead ?? null,
      });
    }
    if (ctx.configured.push && r.preferences.push) {
      for (const id of r.pushSubscriptionIds) {
        add({
          channel: "push",
          target: id,
          recipientUserId: r.userId,
          notBefore,
          suppressIfRead: opts.suppressIfRead ?? null,
        });
      }
    }
  };

  if (e.type === "test") {
    const only = e.payload.test?.channel ?? null;
    for (const ch of ["telegram", "whatsapp"] as const) {
      if (ctx.configured[ch] && (only === null || only === ch))
        add({ channel: ch, target: "default", recipientUserId: null });
    }
    const me = ctx.admins.find((a) => a.userId === e.payload.test?.requestedBy);
    if (me && (only === null || only === "email") && ctx.configured.email && me.email) {
      add({ channel: "email", target: me.email, recipientUserId: me.userId });
    }
    if (me && (only === null || only === "push") && ctx.configured.push) {
      for (const id of me.pushSubscriptionIds)
        add({ channel: "push", target: id, recipientUserId: me.userId });
    }
    if (only === "webhook")
      for (const w of ctx.webhooks) add({ channel: "webhook", target: w.id, recipientUserId: null });
    return out;
  }

  // A mention is personal: the admins the note named, by their own email and push, never a chat or webhook
  // (a note's words stay with the team, and a shared chat is not the named person).
  if (e.type === "mention") {
    const named = new Set(e.payload.mention?.adminIds ?? []);
    for (const admin of ctx.admins) {
      if (named.has(admin.userId) && adminWants(e, admin, null)) personal(admin);
    }
    return out;
  }

  // A ticket's first message as message.created: its alerts went out with ticket.created.
  const webhooksOnly = e.type === "message.created" && e.payload.opensTicket === true;

  if (isAdminAlert(e) && !webhooksOnly) {
    for (const ch of ["telegram", "whatsapp"] as const) {
      if (ctx.configured[ch]) add({ channel: ch, target: "default", recipientUserId: null });
    }
    const owner = ownerOf(e, ctx.admins);
    for (const admin of ctx.admins) if (adminWants(e, admin, owner)) personal(admin, { admin: true });
    for (const [at, group] of adminEmail) {
      for (let i = 0; i < group.length; i += SHARED_EMAIL_MAX_RECIPIENTS) {
        const chunk = group.slice(i, i + SHARED_EMAIL_MAX_RECIPIENTS);
        // An admin alone keeps a delivery of their own address, as a shop user has.
        const alone = chunk.length === 1 ? chunk[0]! : null;
        add({
          channel: "email",
          target: alone ? alone.email! : SHARED_EMAIL_TARGET,
          recipientUserId: alone ? alone.userId : null,
          notBefore: new Date(at),
          ...(alone ? {} : { recipients: chunk.map((a) => a.email!) }),
        });
      }
    }
  }

  // Shops: an admin's public reply, only if still unread after the delay; a resolution at once.
  const message = e.payload.message;
  if (e.type === "message.created" && message?.senderType === "admin" && !webhooksOnly) {
    for (const u of ctx.shopUsers) {
      if (u.preferences.adminReply) personal(u, { delayS: ctx.unreadAfterS, suppressIfRead: message.id });
    }
  }
  if (isResolution(e)) {
    for (const u of ctx.shopUsers) if (u.preferences.ticketResolved) personal(u);
  }

  for (const w of ctx.webhooks) {
    if ((w.events as string[]).includes(e.type))
      add({ channel: "webhook", target: w.id, recipientUserId: null });
  }
  return out;
}

export function withDefaults(
  stored: Partial<NotificationPreferences> | null | undefined,
): NotificationPreferences {
  return { ...DEFAULT_NOTIFICATION_PREFERENCES, ...(stored ?? {}) };
}

/** The triggers in `patch` that belong to the other role: stored, they would never apply to this user. */
export function otherRolesTriggers(
  role: "admin" | "shop",
  patch: Partial<NotificationPreferences>,
): Array<keyof NotificationPreferences> {
  const other: ReadonlyArray<keyof NotificationPreferences> =
    PREFERENCE_TRIGGERS[role === "admin" ? "shop" : "admin"];
  return other.filter((key) => patch[key] !== undefined);
}

/**
 * What a PUT of preferences may do with the other role's triggers in `patch`, given `shown`, the
 * preferences GET answers this user. GET lists every trigger, so a client that sends back what it read
 * names the other role's too: those that say what GET showed change nothing and are dropped from what is
 * stored; those that say something else would be stored and never apply, so they are `refused`.
 */
export function sortOtherRolesTriggers(
  role: "admin" | "shop",
  patch: Partial<NotificationPreferences>,
  shown: NotificationPreferences,
): { refused: Array<keyof NotificationPreferences>; own: Partial<NotificationPreferences> } {
  const theirs = otherRolesTriggers(role, patch);
  const own = { ...patch };
  for (const key of theirs) delete own[key];
  return { refused: theirs.filter((key) => patch[key] !== shown[key]), own };
}

/** Minutes since local midnight of `at` in `timeZone`. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const h = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const m = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  return h * 60 + m;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When quiet hours that cover `at` end (the alert waits until then), or null when `at` is not inside them.
 * `from` after `to` spans midnight (22:00 → 07:00).
 */
export function quietHoursEnd(q: NotificationPreferences["quietHours"], at: Date): Date | null {
  if (!q) return null;
  const from = toMinutes(q.from);
  const to = toMinutes(q.to);
  if (from === to) return null;
  const now = localMinutes(at, q.timeZone);
  const inside = from < to ? now >= from && now < to : now >= from || now < to;
  if (!inside) return null;
  const wait = (to - now + 24 * 60) % (24 * 60);
  const naive = new Date(at.getTime() + wait * 60_000);
  naive.setUTCSeconds(0, 0);
  // The wait is in wall-clock minutes: across a daylight-saving change the zone's offset moves the end by
  // the difference (an hour early in autumn, still inside quiet hours; an hour late in spring).
  const drift = ((((to - localMinutes(naive, q.timeZone)) % 1440) + 2160) % 1440) - 720;
  const corrected = new Date(naive.getTime() + drift * 60_000);
  if (corrected > at && localMinutes(corrected, q.timeZone) === to) return corrected;
  // `to` does not exist that day (it falls in the spring gap): never end early.
  return corrected > naive ? corrected : naive;
}

/**
 * When an alert waiting for a person goes after they changed their quiet hours: at its own earliest time
 * (now, or when an unread reply's delay ends), or when the quiet hours that cover that time end. Quiet hours
 * as they were when it was planned no longer count, either way: shortened or removed, it goes sooner (at
 * once when none cover now); lengthened, it waits for the new end.
 */
export function retimedFor(
  q: NotificationPreferences["quietHours"],
  d: { createdAt: Date; suppressIfRead: string | null },
  unreadAfterS: number,
  now: Date,
): Date {
  const replyDue = d.suppressIfRead ? d.createdAt.getTime() + unreadAfterS * 1000 : 0;
  const earliest = new Date(Math.max(now.getTime(), replyDue));
  return quietHoursEnd(q, earliest) ?? earliest;
}

/** Exponential backoff with full jitter between 50% and 150%, capped. `attempt` counts from 1. */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(maxMs, exp * (0.5 + random())));
}

/** How a provider call ended; `retryAfterMs` is the provider's own wish (429 retry_after / Retry-After). */
export type SendResult =
  | {
      ok: true;
      statusCode: number | null;
      detail: string | null;
      /** A message to several addresses (a shared admin email) that some of them refused: their own outcome. */
      refused?: Record<string, Extract<SendResult, { ok: false }>>;
    }
  | {
      ok: false;
      retryable: boolean;
      statusCode: number | null;
      detail: string;
      retryAfterMs?: number;
      gone?: boolean;
    };

/** `X-Parley-Signature: t=<unix>,v1=<hex hmac-sha256 of "t.rawBody">`. */
export function signWebhook(secret: string, rawBody: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${rawBody}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * Whether a webhook must not reach this address: anything but global unicast (loopback, private, link-local,
 * CGNAT, unique-local, multicast, documentation, NAT64, 6to4, ...), by ipaddr.js's range tables. An IPv6
 * address carrying an IPv4 one (mapped ::ffff:0:0/96, which Linux connects to the IPv4 address, or the old
 * IPv4-compatible ::/96) is judged by that IPv4 address, in whichever notation it was written: a URL writes
 * [::ffff:127.0.0.1] as [::ffff:7f00:1]. Anything that is not an address is refused.
 */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  const ip = ipaddr.process(address);
  if (ip.kind() === "ipv6") {
    const parts = (ip as ipaddr.IPv6).parts;
    if (parts.slice(0, 6).every((p) => p === 0)) {
      const [hi, lo] = [parts[6]!, parts[7]!];
      return isPrivateAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
  }
  return ip.range() !== "unicast";
}

const PREVIEW_CHARS = 280;
export function preview(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return shorten(flat, PREVIEW_CHARS);
}

/**
 * How alerts name a shop: by its name when identity knows one, else (a shop only a token named) by its id.
 * A visitor conversation has no shop: "a website visitor" (its subject names the visitor).
 */
export function shopLabel(t: { shopId: string; shopName?: string | null }): string {
  if (isVisitorShopId(t.shopId)) return "a website visitor";
  // One line, also for a name recorded before tokens' names were made one line.
  const name = t.shopName?.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").trim();
  return name ? name : `shop ${t.shopId}`;
}

export type RenderedAlert = {
  title: string;
  text: string;
  link: string;
  preview: string;
  /** A digest's alerts, one per delivery it carries (absent for a single alert). */
  items?: RenderedAlert[];
  /** Alerts a digest carries beyond those it lists (counted in its last line). */
  more?: number;
};

/**
 * Whom an alert speaks to. The personal alerts about an admin's reply or a change to the ticket are only ever
 * planned for shop users; everything else is an admin alert.
 */
export function audienceOf(e: OutboxEvent, recipientUserId: string | null): "admin" | "shop" {
  const shopEvent =
    (e.type === "message.created" && e.payload.message?.senderType === "admin") ||
    e.type === "ticket.updated";
  return shopEvent && recipientUserId ? "shop" : "admin";
}

/** The words of an alert: shop, ticket number and subject, a preview and a deep link for the audience. */
export function renderAlert(e: OutboxEvent, audience: "admin" | "shop", publicUrl: string): RenderedAlert {
  const base = publicUrl.replace(/\/+$/, "");
  const t = e.payload.ticket;
  const link = t ? `${base}/${audience}?ticket=${t.id}` : `${base}/${audience}`;
  const body = e.payload.message?.body ?? e.payload.satisfaction?.comment ?? "";
  const shown = preview(body);
  const shop = t ? shopLabel(t) : "";
  let title: string;
  switch (e.type) {
    case "ticket.created":
      title = `New ticket #${t?.number} from ${shop}: ${t?.subject}`;
      break;
    case "message.created":
      title =
        audience === "shop"
          ? `New reply on your ticket #${t?.number} (${shop}): ${t?.subject}`
          : `New message from ${shop} on #${t?.number}: ${t?.subject}`;
      break;
    case "ticket.updated":
      title = isResolution(e)
        ? `Your ticket #${t?.number} (${shop}) was resolved: ${t?.subject}`
        : `Ticket #${t?.number} updated: ${t?.subject}`;
      break;
    case "sla.warning":
      title = `${slaTargetLabel(e.payload.alert?.target)}SLA warning (${e.payload.alert?.threshold ?? ""}%) on #${t?.number} from ${shop}: ${t?.subject}`;
      break;
    case "sla.breached":
      title = `${slaTargetLabel(e.payload.alert?.target)}SLA breached on #${t?.number} from ${shop}: ${t?.subject}`;
      break;
    case "mention":
      title = `${e.payload.message?.senderName ?? "A colleague"} mentioned you on #${t?.number} from ${shop}: ${t?.subject}`;
      break;
    case "satisfaction.low":
      title = `Low satisfaction (${e.payload.satisfaction?.score ?? "?"}/5) on #${t?.number} from ${shop}: ${t?.subject}`;
      break;
    default:
      title = "Parley test alert: this channel works";
  }
  const text = [title, shown ? `“${shown}”` : null, link].filter(Boolean).join("\n");
  return { title, text, link, preview: shown };
}

/**
 * Which of a ticket's SLA targets an alert is about, as the title's first words ("First response SLA
 * warning …"): a ticket can warn about two targets at the same threshold, and the two must not read alike.
 */
function slaTargetLabel(target: string | undefined): string {
  const labels: Record<string, string> = {
    firstResponse: "First response ",
    nextResponse: "Next response ",
    resolution: "Resolution ",
  };
  return (target && labels[target]) ?? "";
}

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * Browsers one user keeps subscribed: a new one beyond this drops their oldest (a browser not used for long
 * is the one most likely gone). Each subscription is a delivery per alert, so the number is bounded.
 */
export const MAX_PUSH_SUBSCRIPTIONS_PER_USER = 10;
/** Webhooks one desk may register: each is a signed call per event. */
export const MAX_WEBHOOKS = 50;

/**
 * Alerts a message lists in full, by what the channel's message holds: a chat text (Telegram, WhatsApp) at
 * most 4,096 characters, so ten; an email or a push notification (which shows the count and the titles)
 * fifty. A digest carrying more lists these and counts the rest ("and 40 more"), with a link to the queue.
 */
export const DIGEST_LISTED: Record<NotificationChannel, number> = {
  telegram: 10,
  whatsapp: 10,
  email: 50,
  push: 50,
  webhook: 1,
};

/**
 * Alerts one provider call may carry. A destination's alerts due at once go in one call, whatever their
 * number up to this (see `coalesce`); it bounds a call's log rows, not what a reader sees.
 */
export const CALL_MAX_ALERTS = 500;

type Coalescable = {
  channel: NotificationChannel;
  target: string;
  recipientUserId: string | null;
  recipients?: string[] | null;
  event: OutboxEvent;
};

/**
 * Same channel, same target (for an email to several admins, the same addresses), same audience, same
 * recipient: alerts that may share one message. Null: always alone. The recipient counts because a target
 * can change hands: a browser re-registered by another user keeps its subscription, and alerts planned for
 * the previous user (another shop's tickets) must not ride in the new owner's message, nor sink it.
 */
export function digestKey(d: Coalescable): string | null {
  if (d.channel === "webhook" || d.event.type === "test") return null;
  const to = d.recipients ? `${d.target}:${d.recipients.join(",")}` : d.target;
  return `${d.channel} ${to} ${audienceOf(d.event, d.recipientUserId)} ${d.recipientUserId ?? ""}`;
}

/**
 * Splits deliveries into provider calls, in order of their first. Alerts waiting for the same destination go
 * out as one message (a digest, listing up to the channel's DIGEST_LISTED and counting the rest) rather
 * than one call each, so pacing's one call per slot holds however many alerts a slot collects. A chat does
 * not want forty messages in a busy minute, and the providers would refuse them: Telegram asks for about one
 * message a second per chat, WhatsApp limits messages to the same number. Every alert stays a delivery of
 * its own, with its own log row naming the message that carried it. Webhooks are never merged (their
 * payload is one event, by contract), nor are test alerts (they say that a channel works).
 */
export function coalesce<T extends Coalescable>(deliveries: T[]): T[][] {
  const calls: T[][] = [];
  const open = new Map<string, T[]>();
  for (const d of deliveries) {
    const key = digestKey(d);
    const group = key === null ? undefined : open.get(key);
    if (group && group.length < CALL_MAX_ALERTS) {
      group.push(d);
      continue;
    }
    const call = [d];
    calls.push(call);
    if (key !== null) open.set(key, call);
  }
  return calls;
}

/** Addresses one shared admin email goes to (mail servers commonly accept 100 recipients a message). */
export const SHARED_EMAIL_MAX_RECIPIENTS = 50;

/**
 * Joins admin email calls that carry the same alerts into one message to all their addresses. An admin
 * email's words do not depend on who reads it (the same alerts, links and settings page), and with 51 admins
 * each emailed about every shop message, building and sending the same message 51 times was most of what the
 * worker did (docs/benchmarks.md). Planning already makes one delivery of the admins emailed about an event
 * at the same time (`recipients`); this joins what is left: single addresses whose calls carry the same
 * alerts (an admin alone in a chunk, quiet hours that ended together). Each keeps its own delivery and
 * outcome; shop email is never shared (a shop's alerts are its own), nor is any other channel.
 */
export function shareAdminEmail<T extends Coalescable>(calls: T[][]): T[][] {
  const out: T[][] = [];
  const open = new Map<string, T[]>();
  for (const call of calls) {
    const d = call[0]!;
    if (
      d.channel !== "email" ||
      d.recipients ||
      d.event.type === "test" ||
      audienceOf(d.event, d.recipientUserId) !== "admin"
    ) {
      out.push(call);
      continue;
    }
    const key = call
      .map((c) => c.event.id)
      .sort()
      .join(" ");
    const shared = open.get(key);
    if (shared && new Set(shared.map((c) => c.target)).size < SHARED_EMAIL_MAX_RECIPIENTS) {
      shared.push(...call);
      continue;
    }
    const own = [...call];
    out.push(own);
    open.set(key, own);
  }
  return out;
}

const DIGEST_PREVIEW_CHARS = 120;
/** Telegram's and WhatsApp's limit on a text message. */
const TEXT_MAX = 4096;

/**
 * One message for several alerts: each listed alert keeps its title (shop, ticket number, subject), a shorter
 * preview and its deep link; `more` alerts carried beyond those listed are counted in a last line. The
 * digest's own link is the ticket when all listed are about one and none is left out, else the queue (where
 * the newest, those left out, come first).
 */
export function renderDigest(
  alerts: RenderedAlert[],
  audience: "admin" | "shop",
  publicUrl: string,
  more = 0,
): RenderedAlert {
  const queue = `${publicUrl.replace(/\/+$/, "")}/${audience}`;
  const links = new Set(alerts.map((a) => a.link));
  const link = links.size === 1 && more === 0 ? alerts[0]!.link : queue;
  const count = alerts.length + more;
  const title = `${count} new alerts in Parley`;
  const tail = more > 0 ? `…and ${more} more: ${queue}` : null;
  const items = alerts.map((a) => ({ ...a, preview: shorten(a.preview, DIGEST_PREVIEW_CHARS) }));
  // Each alert gets an equal share of a chat message's 4,096 characters, and its link whole: long subjects
  // and a long PUBLIC_URL shorten titles and previews, never the last alerts' links nor the count of the rest.
  const room = TEXT_MAX - title.length - (tail ? tail.length + 2 : 0);
  const share = Math.floor(room / items.length) - 2;
  const blocks = items.map((a) => {
    let left = share - a.link.length - 1;
    const head = shorten(a.title, Math.max(20, left));
    left -= head.length + 1;
    const quote = a.preview && left >= 12 ? `“${shorten(a.preview, left - 2)}”` : null;
    return [head, quote, a.link].filter(Boolean).join("\n");
  });
  const text = shorten([title, ...blocks, ...(tail ? [tail] : [])].join("\n\n"), TEXT_MAX);
  const preview = shorten(
    [...items.map((a) => a.title), ...(more > 0 ? [`and ${more} more`] : [])].join("\n"),
    PREVIEW_CHARS * 2,
  );
  return { title, text, link, preview, items, ...(more > 0 ? { more } : {}) };
}
