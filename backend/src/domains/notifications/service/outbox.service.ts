import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import type { Transporter } from "nodemailer";
import type { Principal } from "../../../shared/principal";
import {
  audienceOf,
  coalesce,
  DIGEST_LISTED,
  digestKey,
  planDeliveries,
  quietHoursEnd,
  renderAlert,
  renderDigest,
  retryDelayMs,
  shareAdminEmail,
  stillWanted,
  webhookData,
  withDefaults,
  type OutboxEvent,
  type OutboxEventType,
  type OutboxPayload,
  type PlannedDelivery,
  type Recipient,
  type SendResult,
} from "../domain/notification";
import { createPacer } from "../domain/pacing";
import { createProviderWaits, destinationOf, providerWaitMs } from "../domain/provider-waits";
import type {
  AttemptResult,
  ClaimedDelivery as Claimed,
  HeldLease,
  NotificationRepository,
  NotificationUser,
  StoredWebhook,
} from "../repository/notification.repository";
import type { SqlPiece } from "../../../platform/sql-piece";
import {
  configuredChannels,
  createMailer,
  sendEmail,
  sendPush,
  sendTelegram,
  sendWebhook,
  sendWhatsApp,
  type NotifyConfig,
} from "./providers";

/** The change as the support domain describes it (see support/service/notify.port.ts). */
type TicketLike = NonNullable<OutboxPayload["ticket"]>;
type MessageLike = {
  id: string;
  senderType: string;
  senderName: string | null;
  body: string;
  internal: boolean;
  createdAt: Date;
};
export type Notice =
  | {
      kind: "ticket.created" | "message.created";
      ticket: TicketLike;
      message: MessageLike;
      actor: Principal;
      /** message.created for the message a ticket was opened with (see OutboxPayload.opensTicket). */
      opensTicket?: true;
    }
  | {
      kind: "ticket.updated";
      ticket: TicketLike;
      changes: Array<{ type: string; from: string | null; to: string | null }>;
      actor: Principal | null;
    }
  | { kind: "sla"; ticket: TicketLike; alerts: unknown[] }
  | {
      kind: "satisfaction.low";
      ticket: TicketLike;
      rating: { score: number; comment: string | null; assigneeId: string | null };
    }
  | { kind: "mention"; ticket: TicketLike; message: MessageLike; actor: Principal; adminIds: string[] };

/** What the worker asks of other domains (wired in modules.ts). */
export type NotificationsPorts = {
  /** Admins known to the identity domain, with their email (local accounts have one) and whether active. */
  listAdmins(): Promise<Array<{ id: string; email: string | null; active: boolean }>>;
  /** Whether the shop has read this (admin) message. */
  isReadByShop(messageId: string): Promise<boolean>;
  /** The shop's display name (identity), read inside the caller's transaction; null when unknown. */
  shopName(trx: Knex.Transaction, shopId: string): Promise<string | null>;
  /** The same name as an SQL expression with its bindings, for `plan`'s statements (no round trip). */
  shopNameSql(shopId: string): { sql: string; bindings: readonly unknown[] };
};

const ticketOf = (t: TicketLike): NonNullable<OutboxPayload["ticket"]> => ({
  id: t.id,
  number: t.number,
  shopId: t.shopId,
  subject: t.subject,
  status: t.status,
  priority: t.priority,
  assigneeId: t.assigneeId,
});

/** The message as an outbox payload carries it (JSON: its time as an ISO string). */
const messageOf = (m: MessageLike): NonNullable<OutboxPayload["message"]> => ({
  id: m.id,
  senderType: m.senderType,
  senderName: m.senderName,
  body: m.body,
  createdAt: m.createdAt.toISOString(),
});

type SlaAlertLike = { kind: "warning" | "breached"; target: string; threshold?: number; dueAt: Date };
const isSlaAlert = (a: unknown): a is SlaAlertLike =>
  typeof a === "object" && a !== null && "kind" in a && "dueAt" in a && a.dueAt instanceof Date;

/** Outbox rows for the notices (an internal note becomes one only as a mention of named admins). */
export function toOutboxRows(
  notices: Notice[],
): Array<{ type: OutboxEventType; ticketId: string; payload: OutboxPayload }> {
  const rows: Array<{ type: OutboxEventType; ticketId: string; payload: OutboxPayload }> = [];
  for (const n of notices) {
    const ticket = ticketOf(n.ticket);
    if (n.kind === "ticket.created" || n.kind === "message.created") {
      if (n.message.internal) continue;
      rows.push({
        type: n.kind,
        ticketId: ticket.id,
        payload: {
          ticket,
          message: messageOf(n.message),
          ...(n.kind === "message.created" && n.opensTicket ? { opensTicket: true as const } : {}),
        },
      });
    } else if (n.kind === "ticket.updated") {
      if (n.changes.length)
        rows.push({ type: "ticket.updated", ticketId: ticket.id, payload: { ticket, changes: n.changes } });
    } else if (n.kind === "mention") {
      if (!n.adminIds.length) continue;
      rows.push({
        type: "mention",
        ticketId: ticket.id,
        payload: {
          ticket,
          message: messageOf(n.message),
          mention: { adminIds: [...n.adminIds] },
        },
      });
    } else if (n.kind === "satisfaction.low") {
      rows.push({
        type: "satisfaction.low",
        ticketId: ticket.id,
        payload: { ticket, satisfaction: { ...n.rating } },
      });
    } else if (n.kind === "sla") {
      for (const a of n.alerts.filter(isSlaAlert)) {
        rows.push({
          type: a.kind === "warning" ? "sla.warning" : "sla.breached",
          ticketId: ticket.id,
          payload: {
            ticket,
            alert: {
              target: a.target,
              ...(a.threshold ? { threshold: a.threshold } : {}),
              dueAt: a.dueAt.toISOString(),
            },
          },
        });
      }
    }
  }
  return rows;
}

const actorOf = (notices: Notice[]) => {
  const actor = notices.map((n) => ("actor" in n ? n.actor : null)).find((a) => a);
  return actor
    ? { userId: actor.userId, role: actor.role, shopId: actor.shopId, email: actor.email ?? null }
    : null;
};

/** Events planned per pass: their deliveries are written in three statements whatever the count. */
const PLAN_BATCH = 200;
/**
 * Provider calls in flight at once. Sends run beside the passes rather than inside them, so a slow
 * provider (a webhook taking its whole timeout) holds only its own slots, never the other channels' alerts.
 */
const MAX_IN_FLIGHT = 32;
/**
 * Passes are paced. Each costs a few statements whatever it carries, and while posts saturated the machine one
 * pass per finished provider call and one per write (hundreds a second) took 15–19% of their throughput
 * (docs/benchmarks.md). Now planning (about eight statements) runs at most every PLAN_INTERVAL_MS (the first
 * write after a quiet spell is planned PLAN_DELAY_MS after its commit), and finished calls are recorded RECORD_DELAY_MS later,
 * or at once when half the calls in flight have finished and more deliveries wait. The alert latency goal is
 * 2 s; recording an outcome later delays nothing anyone sees.
 */
const PLAN_DELAY_MS = 30;
const PLAN_INTERVAL_MS = 250;
/**
 * Deliveries claimed per free call slot: enough for a full digest (see `coalesce`). A claim that takes only a
 * few deliveries per destination makes small digests exactly when alerts pile up: with 51 admins each
 * emailed, ten a slot made digests of six and the worker fell behind (docs/benchmarks.md).
 */
const CLAIM_PER_SLOT = 50;
const RECORD_DELAY_MS = 200;
/**
 * An outcome whose recording failed is tried again while its claim has more than this left (the claim is
 * measured from after the claim statement returns, so a little later than the database's own clock).
 */
const RECORD_MARGIN_MS = 2000;
/** A provider call that did not deliver. */
type Failure = Extract<SendResult, { ok: false }>;
/** A finished call's outcome, with when its claim runs out (ms since the epoch). */
type Finished = AttemptResult & { leaseEndsAt: number };
/**
 * Deliveries due at once or in the destination's next paced slot (NOTIFY_DIGEST_MS ahead at most, plus this
 * slack) are held by the planning process: written already claimed (a lease from their time) and sent from
 * memory when due, rather than claimed back from the table a moment later. That claim was a statement, a
 * row update and a row to parse per alert, for deliveries this process had just written (docs/benchmarks.md,
 * session 15). Not held: web push (the subscription's keys are read by the claim), alerts that wait to see
 * whether a reply is read, and anything later (quiet hours).
 */
const HOLD_SLACK_MS = 500;
/** A delivery is due by the database's clock; a claim this much after its time finds it whatever the skew. */
const CLOCK_SLACK_MS = 20;

/** A claimed alert that waits for its reader's quiet hours to end (`split`: one address of a shared email). */
type Later = { d: Claimed; until: Date; split?: { address: string; userId: string } };

/** How the processes of one deployment tell each other of new outbox rows (server.ts wires socket.io). */
export type OutboxPeers = { announce(): void; onAnnounced(wake: () => void): void };

export function createOutboxService(deps: {
  db: Knex;
  repo: NotificationRepository;
  config: NotifyConfig;
  ports: NotificationsPorts;
  onError: (message: string, err: unknown) => void;
  /** Worker progress, for logs and tests (channel, outcome). */
  onAttempt?: (d: { channel: string; outcome: string; detail: string | null }) => void;
}) {
  const { db, repo, config } = deps;
  let mailer: Promise<Transporter> | null = null;
  const mail = () => (mailer ??= createMailer(config.email!, config.timeoutMs));
  let timer: NodeJS.Timeout | undefined;
  /** When the pending timer fires (meaningful while `timer` is set). */
  let timerAt = 0;
  let running = false;
  let stopped = true;
  let again = false;
  /** Provider calls under way, and the outcomes of finished ones waiting to be recorded by the next pass. */
  let inFlight = 0;
  let finished: Finished[] = [];
  /**
   * What the next pass has to do besides recording. Planning is wanted when this process wrote outbox rows
   * or the last batch was full; claiming when planning made deliveries or the last claim filled the room.
   * At least every pollMs a pass does both whatever the flags say: rows written by another process,
   * retries coming due, leases running out.
   */
  let planWanted = true;
  let claimWanted = true;
  let lastFullPass = 0;
  let lastPlanAt = 0;
  /**
   * A send is bounded by timeoutMs, so a lease of twice that (plus slack) outlives any live attempt; a
   * worker killed mid-send frees its deliveries when the lease runs out.
   */
  const leaseMs = config.timeoutMs * 2 + 5000;
  /**
   * Calls claimed beyond the free slots: a claim takes up to CLAIM_PER_SLOT deliveries a slot, so that alerts
   * for one destination share a call, while webhooks never do. They start as slots free up. Handing them
   * back at once instead rewrote, and later claimed again, several delivery rows per post under load.
   */
  let waiting: Array<{ call: Claimed[]; claimedAt: number }> = [];
  /** Deliveries this process planned and holds until they are due (see HOLD_SLACK_MS). */
  const holdAheadMs = Math.max(config.digestMs, 0) + HOLD_SLACK_MS;
  let held: Array<{ at: number; d: Claimed }> = [];
  /** Each destination's next call slot (domain/pacing.ts). */
  const pacer = createPacer(config.digestMs);
  /** Destinations whose provider asked us to wait (domain/provider-waits.ts). */
  const waits = createProviderWaits();
  /** The earliest delivery planned for later (a paced slot, a delayed reply alert): a claim is wanted then. */
  let dueAt = Infinity;

  /** The users as recipients, with their push subscriptions (one query for all of them). */
  async function recipients(q: Knex.Transaction, users: NotificationUser[]): Promise<Recipient[]> {
    const subs = await repo.pushSubscriptionIdsByUser(
      q,
      users.map((u) => u.userId),
    );
    return users.map((u) => ({
      userId: u.userId,
      email: u.email,
      preferences: withDefaults(u.preferences),
      pushSubscriptionIds: subs.get(u.userId) ?? [],
    }));
  }

  /**
   * Turns outbox rows into deliveries, in one transaction (a crash leaves the rows unplanned, not
   * half-planned). The whole batch is read and written in a fixed number of statements.
   */
  async function plan(limit: number): Promise<number> {
    // Asked before the transaction: the embedded database has one connection.
    const known = await deps.ports.listAdmins();
    const holding: Array<{ at: number; d: Claimed }> = [];
    const planned = await db.transaction(async (trx) => {
      const events = await repo.lockUnplanned(trx, limit);
      if (events.length === 0) return 0;
      const webhooks = await repo.listWebhooks(trx);
      // A deactivated admin is locked out: no alert (subjects, previews) reaches them anywhere.
      const inactive = new Set(known.filter((k) => !k.active).map((k) => k.id));
      const adminUsers = (await repo.listUsers(trx, { role: "admin" })).filter(
        (a) => !inactive.has(a.userId),
      );
      for (const k of known) {
        if (!k.active) continue;
        const u = adminUsers.find((a) => a.userId === k.id);
        if (!u)
          adminUsers.push({ userId: k.id, role: "admin", shopId: null, email: k.email, preferences: null });
        else if (!u.email) u.email = k.email;
      }
      const shopIds = [
        ...new Set(events.flatMap((e) => (e.payload.ticket ? [e.payload.ticket.shopId] : []))),
      ];
      const shopUsers = await repo.listUsers(trx, { shopIds });
      const everyone = await recipients(trx, [...adminUsers, ...shopUsers]);
      const admins = everyone.slice(0, adminUsers.length);
      const byShop = new Map<string, Recipient[]>();
      shopUsers.forEach((u, i) => {
        byShop.set(u.shopId!, [...(byShop.get(u.shopId!) ?? []), everyone[adminUsers.length + i]!]);
      });
      const now = new Date();
      const configured = configuredChannels(config);
      const hooks = webhooks.map((w) => ({ id: w.id, events: w.events }));
      const inTable = new Set<PlannedDelivery>();
      const plans = events.map((event) => ({
        event,
        planned: planDeliveries(event, {
          configured,
          webhooks: hooks,
          admins,
          shopUsers: byShop.get(event.payload.ticket?.shopId ?? "") ?? [],
          unreadAfterS: config.unreadAfterS,
          now,
        }).map((d) => {
          const key = digestKey({ ...d, event });
          // A destination whose provider asked us to wait gets nothing before the wait ends.
          const rest = waits.endOf(destinationOf(d), now.getTime());
          const resting = rest > d.notBefore.getTime();
          const slotted = { ...d, notBefore: pacer.slot(key, resting ? new Date(rest) : d.notBefore, now) };
          // After a wait, or in a retry's slot, the alerts that go then are rows claimed from the table: this
          // one waits with them, to go in the same call (a held one would go beside it, a second call).
          if (resting || pacer.inTable(key, slotted.notBefore)) inTable.add(slotted);
          return slotted;
        }),
      }));
      const hooksById = new Map(webhooks.map((w) => [w.id, w]));
      const plansHeld = plans.map(({ event, planned }) => ({
        event,
        planned: planned.map((d) => {
          const at = d.notBefore.getTime();
          if (
            d.channel === "push" ||
            d.suppressIfRead ||
            at > now.getTime() + holdAheadMs ||
            inTable.has(d)
          ) {
            if (d.notBefore > now) dueAt = Math.min(dueAt, at + CLOCK_SLACK_MS);
            return d;
          }
          const lease: HeldLease = { id: randomUUID(), lockedUntil: new Date(at + leaseMs) };
          holding.push({ at, d: heldDelivery(event, d, lease, hooksById, now) });
          return { ...d, held: lease };
        }),
      }));
      await repo.insertPlans(trx, plansHeld);
      return events.length;
    });
    // Committed: the held deliveries are this process's to send.
    held.push(...holding);
    return planned;
  }

  /** A held delivery as a claim would have returned it. */
  function heldDelivery(
    event: OutboxEvent,
    d: PlannedDelivery,
    lease: HeldLease,
    hooksById: Map<string, StoredWebhook>,
    now: Date,
  ): Claimed {
    return {
      id: lease.id,
      eventId: event.id,
      eventType: event.type,
      ticketId: event.payload.ticket?.id ?? null,
      channel: d.channel,
      target: d.target,
      recipientUserId: d.recipientUserId,
      suppressIfRead: d.suppressIfRead,
      status: "pending",
      attempts: 1,
      lastError: null,
      createdAt: now,
      sentAt: null,
      sentStatusCode: null,
      sentDetail: null,
      recipients: d.recipients ?? null,
      event,
      // As planned: a webhook deleted after this (within a second or so) still gets this one event.
      webhook: d.channel === "webhook" ? (hooksById.get(d.target) ?? null) : null,
      pushSubscription: null,
    };
  }

  /** Held deliveries now due become calls waiting for a slot (their lease runs from their time). */
  function releaseDueHeld(now: number): void {
    if (held.length === 0) return;
    const due = held.filter((h) => h.at <= now);
    if (due.length === 0) return;
    held = held.filter((h) => h.at > now);
    const atOf = new Map(due.map((h) => [h.d, h.at]));
    for (const call of shareAdminEmail(coalesce(due.map((h) => h.d))))
      waiting.push({ call, claimedAt: Math.min(...call.map((c) => atOf.get(c)!)) });
  }
  /**
   * One provider call for one delivery, or for several waiting for the same destination (a digest: same
   * channel, target and audience, see `coalesce`).
   */
  async function send(call: Claimed[], events: OutboxEvent[], addresses: string[]): Promise<SendResult> {
    const d = call[0]!;
    const audience = audienceOf(d.event, d.recipientUserId);
    // A shared admin email carries each alert once for all its addresses (see `shareAdminEmail`). A digest
    // lists the first of its alerts and counts the rest: only those listed are rendered.
    const listed = events.slice(0, DIGEST_LISTED[d.channel]);
    const alerts = listed.map((e) => renderAlert(e, audience, config.publicUrl));
    const alert =
      events.length === 1
        ? alerts[0]!
        : renderDigest(alerts, audience, config.publicUrl, events.length - listed.length);
    const unconfigured = (what: string): SendResult => ({
      ok: false,
      retryable: false,
      statusCode: null,
      detail: `${what} is no longer configured`,
    });
    switch (d.channel) {
      case "telegram":
        return config.telegram
          ? sendTelegram(config.telegram, alert, config.timeoutMs)
          : unconfigured("Telegram");
      case "whatsapp":
        return config.whatsapp
          ? sendWhatsApp(config.whatsapp, alert, config.timeoutMs)
          : unconfigured("WhatsApp");
      case "email":
        return config.email
          ? sendEmail(
              await mail(),
              config.email,
              addresses.length === 1 ? addresses[0]! : addresses,
              alert,
              // The page where this reader turns alerts off (List-Unsubscribe): the web app's own.
              `${config.publicUrl.replace(/\/+$/, "")}/${audience}/notifications`,
            )
          : unconfigured("Email");
      case "push": {
        if (!config.push) return unconfigured("Web push");
        const sub = d.pushSubscription;
        if (!sub)
          return { ok: false, retryable: false, statusCode: null, detail: "the subscription was removed" };
        // A browser re-registered by someone else (a shared computer) belongs to them now: an alert
        // planned for its previous user must not show there (another shop's subject and reply).
        if (sub.userId !== d.recipientUserId)
          return {
            ok: false,
            retryable: false,
            statusCode: null,
            detail: "the browser now belongs to another user",
          };
        const r = await sendPush(config.push, sub, alert, {
          timeoutMs: config.timeoutMs,
          allowPrivate: config.webhookAllowPrivate,
        });
        if (!r.ok && r.gone) await repo.deletePushSubscription({ id: sub.id });
        return r;
      }
      case "webhook": {
        const hook = d.webhook;
        if (!hook)
          return { ok: false, retryable: false, statusCode: null, detail: "the webhook was deleted" };
        // No webhook subscribes to it (webhook events are the contract's); planned for none, sent to none.
        if (d.event.type === "satisfaction.low" || d.event.type === "mention")
          return { ok: false, retryable: false, statusCode: null, detail: "not a webhook event" };
        // A test alert says what it is (type "test", like GitHub's ping), so no receiver takes it for a
        // ticket's news; it carries no ticket.
        const data = d.event.type === "test" ? { test: d.event.payload.test } : webhookData(d.event.payload);
        return sendWebhook(
          hook,
          { id: d.event.id, type: d.event.type, createdAt: d.event.createdAt.toISOString(), data },
          d.id,
          { timeoutMs: config.timeoutMs, allowPrivate: config.webhookAllowPrivate },
        );
      }
    }
  }

  const refOf = (d: Claimed) => ({ id: d.id, channel: d.channel, attempt: d.attempts });
  /** The distinct events of a call, oldest first (a shared email has each once per address). */
  const eventsOf = (call: Claimed[]) =>
    [...new Map(call.map((c) => [c.event.id, c.event])).values()].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  /**
   * The distinct destinations of a call: each delivery's target, or an admins' email's addresses (fifty
   * alerts to fifty admins are 2,500 addresses to fold, once per call).
   */
  const addressesOf = (call: Claimed[]) => {
    const seen = new Set<string>();
    for (const c of call) {
      if (c.recipients) for (const a of c.recipients) seen.add(a);
      else seen.add(c.target);
    }
    return [...seen];
  };

  /**
   * What a provider call's answer means for one delivery it carried (sent, retried later, failed for good).
   * `retryTime` gives the call's one retry time (see `retryTimeOf`).
   */
  function outcomeOf(
    d: Claimed,
    sent: SendResult,
    digest: string,
    retryTime: (failed: Failure) => Date,
  ): AttemptResult {
    const ref = refOf(d);
    // An address refused while the message went to the others has its own outcome.
    const result = (sent.ok && sent.refused?.[d.target]) || sent;
    if (result.ok)
      return {
        ...ref,
        outcome: "sent",
        statusCode: result.statusCode,
        detail: digest ? `${result.detail ?? "ok"}${digest}` : result.detail,
      };
    if (result.retryable && d.attempts < config.maxAttempts) {
      return {
        ...ref,
        outcome: "retried",
        statusCode: result.statusCode,
        detail: result.detail + digest,
        retryAt: retryTime(result),
      };
    }
    // Dead letter: kept with its whole log, shown on the admin page.
    return { ...ref, outcome: "failed", statusCode: result.statusCode, detail: result.detail + digest };
  }

  /**
   * When the deliveries of a call that failed go again: one time for them all, since they shared the call's
   * answer, so one claim takes them together and they go again as one message, in a paced slot of their
   * destination's (one call a second per chat, retries included). Backoff counts from the call's most tried
   * delivery. A wait the provider asked for is honoured even beyond NOTIFY_RETRY_MAX_MS (up to
   * PROVIDER_WAIT_MAX_MS), and holds the whole destination until the retry: alerts planned or claimed for it
   * meanwhile wait for that slot and go in the same message, after the one refused.
   */
  function retryTimeOf(call: Claimed[], failed: Failure): Date {
    const now = Date.now();
    const attempt = Math.max(...call.map((d) => d.attempts));
    const backoff = retryDelayMs(attempt, config.retryBaseMs, config.retryMaxMs);
    const asked = providerWaitMs(failed.retryAfterMs);
    const destinations = [...new Set(call.map(destinationOf))];
    const rest = Math.max(0, ...destinations.map((dest) => waits.endOf(dest, now)));
    const earliest = new Date(Math.max(now + backoff, now + asked, rest));
    const at = pacer.retrySlot(
      call.map((d) => digestKey(d)),
      earliest,
      new Date(now),
    );
    if (asked > 0) for (const dest of destinations) waits.hold(dest, at.getTime(), now);
    // Claimed at their time by a pass of this process, not at the next poll.
    dueAt = Math.min(dueAt, at.getTime() + CLOCK_SLACK_MS);
    return at;
  }

  /** The latest end of a wait that holds one of the call's destinations, or 0 when none does. */
  const restOf = (call: Claimed[], now: number) =>
    Math.max(0, ...call.map((d) => waits.endOf(destinationOf(d), now)));

  /**
   * A call whose destination rests (a provider's wait that came after it was planned or claimed): handed back,
   * due when the wait ends, where it goes with the alert that was refused (no attempt counted). Should that
   * fail, the claim runs out and the call is claimed, and judged, again.
   */
  function postpone(call: Claimed[], until: number): void {
    dueAt = Math.min(dueAt, until + CLOCK_SLACK_MS);
    repo
      .postponeClaims(
        call.map((d) => ({ id: d.id, attempts: d.attempts })),
        new Date(until),
      )
      .catch((err: unknown) => deps.onError("postponing notification claims failed", err));
  }

  /**
   * A call's alerts to people, judged again as they go out: an alert may have waited (a reply alert for
   * NOTIFY_UNREAD_AFTER_S, quiet hours, a paced slot) while an admin was deactivated or its reader turned
   * the channel or the trigger off. Those are suppressed; a shared admin email loses those addresses (and
   * is suppressed when none is left). One whose reader is inside their current quiet hours waits for
   * their end (`later`; an address of a shared email alone). Returns what still goes, the outcomes of what
   * does not, and what waits.
   */
  async function stillGoing(
    call: Claimed[],
  ): Promise<{ going: Claimed[]; dropped: AttemptResult[]; later: Later[] }> {
    const personal = (d: Claimed): d is Claimed & { channel: "email" | "push" } =>
      (d.channel === "email" || d.channel === "push") && d.event.type !== "test";
    if (!call.some(personal)) return { going: call, dropped: [], later: [] };
    const ids = [
      ...new Set(call.flatMap((d) => (personal(d) && d.recipientUserId ? [d.recipientUserId] : []))),
    ];
    const addresses = [...new Set(call.flatMap((d) => (personal(d) ? (d.recipients ?? []) : [])))];
    const admins = await deps.ports.listAdmins();
    const users = await repo.findRecipients(ids, addresses);
    const inactive = new Set(admins.filter((a) => !a.active).map((a) => a.id));
    const byId = new Map(users.map((u) => [u.userId, u]));
    const adminByEmail = new Map<string, string>();
    for (const a of admins) if (a.email) adminByEmail.set(a.email, a.id);
    for (const u of users) if (u.role === "admin" && u.email) adminByEmail.set(u.email, u.userId);
    /** Why this person no longer gets this alert, or null when they still do. */
    const refusal = (
      userId: string,
      d: Claimed & { channel: "email" | "push" },
      audience: "admin" | "shop",
    ) => {
      if (inactive.has(userId)) return "the admin was deactivated before it was sent";
      const prefs = withDefaults(byId.get(userId)?.preferences);
      return stillWanted(d.event, d.channel, audience, prefs)
        ? null
        : "turned off by its reader before it was sent";
    };
    // Quiet hours as the reader has them now: an alert planned before they were set or lengthened waits
    // for their end (a change of quiet hours re-times waiting alerts too, but not those already claimed).
    const now = new Date();
    const quietUntil = (userId: string) =>
      quietHoursEnd(withDefaults(byId.get(userId)?.preferences).quietHours, now);
    const going: Claimed[] = [];
    const dropped: AttemptResult[] = [];
    const later: Later[] = [];
    const drop = (d: Claimed, detail: string) =>
      dropped.push({ ...refOf(d), outcome: "suppressed", statusCode: null, detail });
    for (const d of call) {
      if (!personal(d)) going.push(d);
      else if (d.recipientUserId) {
        const why = refusal(d.recipientUserId, d, audienceOf(d.event, d.recipientUserId));
        const until = why ? null : quietUntil(d.recipientUserId);
        if (why) drop(d, why);
        else if (until) later.push({ d, until });
        else going.push(d);
      } else if (d.recipients) {
        // An address no admin has now (an admin's address changed) still gets what was planned for it.
        const keep: string[] = [];
        const quiet: Array<{ address: string; userId: string; until: Date }> = [];
        for (const a of d.recipients) {
          const id = adminByEmail.get(a);
          if (id === undefined) keep.push(a);
          else if (refusal(id, d, "admin") === null) {
            const until = quietUntil(id);
            if (until) quiet.push({ address: a, userId: id, until });
            else keep.push(a);
          }
        }
        if (keep.length === 0 && quiet.length === 0)
          drop(d, "its admins were deactivated or turned it off before it was sent");
        else if (keep.length === 0) {
          // Everyone left is in quiet hours: the whole email waits for the first of them to end, judged again then.
          const until = new Date(Math.min(...quiet.map((q) => q.until.getTime())));
          later.push({ d, until });
        } else {
          going.push(keep.length === d.recipients.length ? d : { ...d, recipients: keep });
          for (const q of quiet)
            later.push({ d, until: q.until, split: { address: q.address, userId: q.userId } });
        }
      } else going.push(d);
    }
    return { going, dropped, later };
  }

  /**
   * Claimed alerts whose reader is in quiet hours now: handed back, due when those end, without an attempt
   * counted; an address of a shared admin email first becomes a delivery of its own (the others go now).
   * Should this fail, the claim runs out and the delivery is claimed, and judged, again.
   */
  async function postponeQuiet(later: Later[]): Promise<void> {
    for (const { d, until, split } of later) {
      try {
        const id = split
          ? (await repo.splitRecipients(d, [split.address], { [split.address]: split.userId })).get(
              split.address,
            )
          : d.id;
        if (id) await repo.postponeClaims([{ id, attempts: d.attempts }], until);
        dueAt = Math.min(dueAt, until.getTime() + CLOCK_SLACK_MS);
      } catch (err) {
        deps.onError("postponing a notification for quiet hours failed", err);
      }
    }
  }

  /** The deliveries of one call: those read in time are suppressed, the rest share the call's outcome. */
  async function attempt(whole: Claimed[]): Promise<AttemptResult[]> {
    const { going: call, dropped, later } = await stillGoing(whole);
    await postponeQuiet(later);
    const results: AttemptResult[] = [...dropped];
    const live: Claimed[] = [];
    for (const d of call) {
      if (d.suppressIfRead && (await deps.ports.isReadByShop(d.suppressIfRead))) {
        results.push({
          ...refOf(d),
          outcome: "suppressed",
          statusCode: null,
          detail: "read before the alert was due",
        });
      } else live.push(d);
    }
    if (live.length === 0) return results;
    const addresses = addressesOf(live);
    const events = eventsOf(live);
    let result: SendResult;
    try {
      result = await send(live, events, addresses);
    } catch (err) {
      result = { ok: false, retryable: true, statusCode: null, detail: `error: ${(err as Error).message}` };
    }
    const carried = events.length;
    const listed = Math.min(carried, DIGEST_LISTED[live[0]!.channel]);
    // What the log says of a message that carried several alerts (and listed how many), or went to several
    // addresses.
    const digest =
      carried > 1 || addresses.length > 1
        ? ` (one message carrying ${carried} alert${carried === 1 ? "" : "s"}${listed < carried ? `, ${listed} listed` : ""}${addresses.length > 1 ? ` to ${addresses.length} addresses` : ""})`
        : "";
    const refusedBy = result.ok ? result.refused : undefined;
    const asked = result.ok ? 0 : providerWaitMs(result.retryAfterMs);
    // The destination rests for the provider's wait whatever becomes of this call's alerts (see retryTimeOf).
    if (asked > 0) {
      const now = Date.now();
      for (const dest of new Set(live.map(destinationOf))) waits.hold(dest, now + asked, now);
    }
    let retryAt: Date | undefined;
    const retryTime = (failed: Failure) => (retryAt ??= retryTimeOf(live, failed));
    for (const d of live) {
      const refused = refusedBy && d.recipients ? d.recipients.filter((a) => refusedBy[a]) : [];
      if (refused.length > 0) {
        // The server took the email for the others: each refused address goes on as a delivery of its own.
        // Should splitting fail (the database is away), the claim runs out and the email goes again to all.
        const split = await repo.splitRecipients(d, refused);
        for (const [address, id] of split)
          results.push(outcomeOf({ ...d, id, target: address, recipients: null }, result, digest, retryTime));
        const sent = outcomeOf(d, result, digest, retryTime);
        results.push({ ...sent, detail: `${sent.detail ?? "ok"}; refused by ${refused.join(", ")}` });
      } else results.push(outcomeOf(d, result, digest, retryTime));
    }
    return results;
  }

  /** Outbox rows were written by this process: the pass `ms` from now plans them. */
  function wantPlan(ms: number) {
    planWanted = true;
    if (stopped) announceSoon();
    else schedule(ms);
  }

  /**
   * Outbox rows written in a process whose worker does not run (the web process of WORKER_PROCESS) are
   * announced to the other processes (`peers`), once per PLAN_DELAY_MS however many commits ask, and
   * after that delay so the rows have most likely committed: the background process then plans at once
   * instead of at its next poll. A lost announcement costs only latency; the poll still finds the rows.
   */
  let peers: { announce(): void } | null = null;
  let announceTimer: NodeJS.Timeout | undefined;
  function announceSoon() {
    if (!peers || announceTimer) return;
    announceTimer = setTimeout(() => {
      announceTimer = undefined;
      peers?.announce();
    }, PLAN_DELAY_MS);
    announceTimer.unref();
  }

  /** Starts a provider call without waiting for it; its outcome is recorded by a later pass. */
  function launch(call: Claimed[], claimedAt: number) {
    const rest = restOf(call, Date.now());
    if (rest > 0) return postpone(call, rest);
    inFlight += 1;
    attempt(call)
      .then((r) => finished.push(...r.map((result) => ({ ...result, leaseEndsAt: claimedAt + leaseMs }))))
      .catch((err: unknown) => deps.onError("notification delivery failed", err))
      .finally(() => {
        inFlight -= 1;
        startWaiting();
        schedule(claimWanted && finished.length >= MAX_IN_FLIGHT / 2 ? 0 : RECORD_DELAY_MS);
      });
  }

  /**
   * Starts claimed calls waiting for a free slot while their lease has at least half its time left (a call
   * then ends well inside it); older ones are handed back for any worker to claim again.
   */
  function startWaiting(): void {
    const stale: Claimed[] = [];
    while (waiting.length > 0 && inFlight < MAX_IN_FLIGHT && !stopped) {
      const next = waiting.shift()!;
      if (Date.now() - next.claimedAt > leaseMs / 2) stale.push(...next.call);
      else launch(next.call, next.claimedAt);
    }
    if (stale.length > 0) void handBack(stale);
  }

  /** Claimed deliveries never started: due again at once, for any worker (not after their lease). */
  function handBack(deliveries: Claimed[]): Promise<void> {
    return repo
      .releaseClaims(deliveries.map((d) => ({ id: d.id, attempts: d.attempts })))
      .catch((err: unknown) => deps.onError("handing back notification claims failed", err));
  }

  /**
   * Records the finished attempts in one transaction. Should that fail (the database is away), the
   * deliveries stay claimed until their lease runs out and are then sent again: at least once.
   */
  async function recordFinished(): Promise<void> {
    if (finished.length === 0) return;
    const batch = finished;
    finished = [];
    try {
      await repo.finishAttempts(batch);
    } catch (err) {
      deps.onError("recording notification attempts failed", err);
      // Kept for the next pass while their claim lasts: once the database is back the outcome is recorded
      // (every attempt logged) and nobody calls again. A claim that runs out first is any worker's again,
      // and its delivery is sent again: at least once.
      const now = Date.now();
      finished = [...batch.filter((r) => r.leaseEndsAt - now > RECORD_MARGIN_MS), ...finished];
      return;
    }
    for (const r of batch) deps.onAttempt?.({ channel: r.channel, outcome: r.outcome, detail: r.detail });
  }

  /**
   * One pass: record finished calls, plan new events, start calls for what is due (each only when wanted).
   * Returns in how many ms the next pass is wanted (0: right away), or null when the poll will do.
   */
  async function pass(): Promise<number | null> {
    const now = Date.now();
    if (now - lastFullPass >= config.pollMs) {
      lastFullPass = now;
      planWanted = true;
      claimWanted = true;
    }
    await recordFinished();
    if (now >= dueAt) {
      // Deliveries planned for later are due (a paced slot): claim them now rather than at the next poll.
      dueAt = Infinity;
      claimWanted = true;
    }
    if (planWanted && now - lastPlanAt >= PLAN_INTERVAL_MS) {
      // Cleared before planning: rows written while it runs ask again.
      planWanted = false;
      lastPlanAt = now;
      let planned: number;
      try {
        planned = await plan(PLAN_BATCH);
      } catch (err) {
        planWanted = true;
        throw err;
      }
      if (planned === PLAN_BATCH) {
        // A full batch: more rows wait, plan them without pacing.
        planWanted = true;
        lastPlanAt = 0;
      }
      if (planned > 0) claimWanted = true;
    }
    releaseDueHeld(Date.now());
    startWaiting();
    const room = MAX_IN_FLIGHT - inFlight;
    if (claimWanted && room > 0 && waiting.length === 0) {
      // Only a pass sets claimWanted, so it can be settled after the claim (a failed claim leaves it wanted).
      // Up to CLAIM_PER_SLOT deliveries per free slot are claimed, so that alerts waiting for one destination
      // share a call; the calls beyond the free slots wait for them (see `waiting`).
      const limit = room * CLAIM_PER_SLOT;
      const due = await repo.claimDue(limit, leaseMs);
      const calls = shareAdminEmail(coalesce(due));
      const claimedAt = Date.now();
      for (const call of calls.splice(room)) waiting.push({ call, claimedAt });
      claimWanted = due.length === limit || waiting.length > 0;
      for (const call of calls) launch(call, claimedAt);
    }
    // With the room full, the claim waits for calls to finish (they schedule a pass).
    if (claimWanted && inFlight < MAX_IN_FLIGHT) return 0;
    const heldAt = held.reduce((min, h) => Math.min(min, h.at), Infinity);
    const next = Math.min(planWanted ? lastPlanAt + PLAN_INTERVAL_MS : Infinity, dueAt, heldAt);
    // Never later than the poll, which finds what other processes wrote.
    return next === Infinity ? null : Math.max(0, Math.min(next - Date.now(), config.pollMs));
  }

  /**
   * Runs a pass in `ms` unless one is already due sooner. Never pushes a pending pass back: at 50 messages
   * a second each commit asks for a pass 30 ms out, and re-arming the timer on every ask kept it from ever
   * firing while messages kept coming (alerts waited for the first pause; docs/benchmarks.md).
   */
  function schedule(ms: number) {
    if (stopped) return;
    const at = Date.now() + ms;
    if (timer !== undefined && at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      void tick();
    }, ms);
    timer.unref();
  }

  async function tick(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    let next: number | null = null;
    try {
      next = await pass();
    } catch (err) {
      deps.onError("notification worker pass failed", err);
    } finally {
      running = false;
    }
    if (again) {
      again = false;
      schedule(0);
    } else schedule(next ?? config.pollMs);
  }

  return {
    /** Inside the caller's transaction: the alert commits with the change or not at all. */
    async record(trx: Knex.Transaction, notices: Notice[]): Promise<void> {
      const actor = actorOf(notices);
      if (actor) await repo.upsertUser(trx, actor);
      const rows = toOutboxRows(notices);
      if (rows.length === 0) return;
      // Alerts name the shop: its name is carried in the row, as it was when the change was made.
      const names = new Map<string, string | null>();
      for (const r of rows) {
        const t = r.payload.ticket;
        if (!t) continue;
        if (!names.has(t.shopId)) names.set(t.shopId, await deps.ports.shopName(trx, t.shopId));
        t.shopName = names.get(t.shopId) ?? null;
      }
      await repo.insertEvents(trx, rows);
      // Soon after the commit: a short delay rather than an after-commit hook (the poll catches it anyway).
      wantPlan(PLAN_DELAY_MS);
    },
    /**
     * What `record` writes, as statements for the caller's single write statement (issue 17): the caller
     * runs them inside its transaction (as members of one data-modifying WITH), so they commit with it.
     */
    plan(notices: Notice[]): SqlPiece[] {
      const actor = actorOf(notices);
      const pieces: SqlPiece[] = actor ? [repo.upsertUserSql(actor)] : [];
      // The shop's name is read by the statement itself, so the alert names the shop as `record` does.
      const events = repo.insertEventsSql(toOutboxRows(notices), (shopId) => deps.ports.shopNameSql(shopId));
      if (!events) return pieces;
      pieces.push(events);
      wantPlan(PLAN_DELAY_MS);
      return pieces;
    },
    /** An event outside a support transaction (a test alert). */
    async recordStandalone(type: OutboxEventType, payload: OutboxPayload): Promise<string> {
      const [id] = await repo.insertEvents(db, [{ type, ticketId: payload.ticket?.id ?? null, payload }]);
      wantPlan(0);
      return id!;
    },
    pass,
    /**
     * Connects the outbox to the other processes of this deployment: `announce` tells them this one wrote
     * outbox rows; `onAnnounced` is how they tell this one, whose worker (if running) then plans at once.
     */
    attachPeers(link: OutboxPeers) {
      peers = link;
      link.onAnnounced(() => {
        if (!stopped) wantPlan(0);
      });
    },
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      // Calls under way end within timeoutMs; their outcomes are recorded before the worker stops.
      while (running || inFlight > 0) await new Promise((r) => setTimeout(r, 20));
      await recordFinished();
      const unstarted = [...waiting.flatMap((w) => w.call), ...held.map((h) => h.d)];
      waiting = [];
      held = [];
      if (unstarted.length > 0) await handBack(unstarted);
      (await mailer?.catch(() => null))?.close();
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
