import { randomBytes } from "node:crypto";
import type { Knex } from "knex";
import {
  NOTIFICATION_CHANNELS,
  type ChannelStatus,
  type CreateWebhookBody,
  type Delivery,
  type DeliveryList,
  type NotificationChannel,
  type NotificationPreferences,
  type PushSubscriptionBody,
} from "@parley/contract";
import type { Principal } from "../../../shared/principal";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../../shared/app-error";
import {
  MAX_PUSH_SUBSCRIPTIONS_PER_USER,
  MAX_WEBHOOKS,
  otherRolesTriggers,
  retimedFor,
  sortOtherRolesTriggers,
  withDefaults,
} from "../domain/notification";
import type {
  NotificationRepository,
  StoredAttempt,
  StoredDelivery,
  StoredWebhook,
} from "../repository/notification.repository";
import { decodeDeliveryCursor, encodeDeliveryCursor } from "../domain/delivery-cursor";
import { ResolverUnavailableError } from "../domain/notifications.errors";
import type { NotificationsPorts, OutboxService } from "./outbox.service";
import { configuredChannels, webhookTargetProblem, type NotifyConfig } from "./providers";

/** A page of the delivery log: its size, and where the previous page ended (its nextCursor). */
type DeliveryPageQuery = { limit: number; cursor?: string };

function requireAdmin(p: Principal) {
  if (p.role !== "admin") throw new ForbiddenError("Only admins manage notifications.");
}

export function createNotificationsService(deps: {
  repo: NotificationRepository;
  outbox: OutboxService;
  config: NotifyConfig;
  /** The admins identity knows, with their accounts' email (a test alert's email goes there too). */
  listAdmins: NotificationsPorts["listAdmins"];
}) {
  const { repo, config } = deps;

  async function withLog(rows: StoredDelivery[]): Promise<Delivery[]> {
    const attempts = await repo.attemptsOf(rows.map((r) => r.id));
    return rows.map((d) => ({
      id: d.id,
      channel: d.channel,
      target: d.target,
      ...(d.recipients ? { recipients: d.recipients } : {}),
      eventType: d.eventType,
      ticketId: d.ticketId,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
      sentAt: d.sentAt?.toISOString() ?? null,
      log: logOf(
        d,
        attempts.filter((a) => a.deliveryId === d.id),
      ),
    }));
  }

  /**
   * A delivery's log: queued when it was planned, then each attempt. Deliveries planned before
   * `insertPlans` stopped writing a "queued" row have one stored; the others are given theirs here.
   */
  function logOf(d: StoredDelivery, attempts: StoredAttempt[]): Delivery["log"] {
    const queued: StoredAttempt[] = attempts.some((a) => a.outcome === "queued")
      ? []
      : [
          {
            deliveryId: d.id,
            attempt: 0,
            outcome: "queued",
            statusCode: null,
            detail: null,
            at: d.createdAt,
          },
        ];
    // A success is kept on the delivery itself (see finishAttempts), unless stored by an earlier version.
    const sent: StoredAttempt[] =
      d.status === "sent" && d.sentAt && !attempts.some((a) => a.outcome === "sent")
        ? [
            {
              deliveryId: d.id,
              attempt: d.attempts,
              outcome: "sent",
              statusCode: d.sentStatusCode,
              detail: d.sentDetail,
              at: d.sentAt,
            },
          ]
        : [];
    return [...queued, ...attempts, ...sent].map((a) => ({
      attempt: a.attempt,
      outcome: a.outcome,
      statusCode: a.statusCode,
      detail: a.detail,
      at: a.at.toISOString(),
    }));
  }

  /**
   * One page of the delivery log, newest first. One row more than the page is read, so the last page says
   * so (nextCursor null) rather than sending the reader to an empty one.
   */
  async function deliveryPage(
    filter: Omit<Parameters<NotificationRepository["listDeliveries"]>[0], "limit">,
    limit: number,
  ): Promise<DeliveryList> {
    const rows = await repo.listDeliveries({ ...filter, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last ? encodeDeliveryCursor({ at: last.createdAt, id: last.id }) : null;
    return { items: await withLog(page), nextCursor };
  }

  /** Makes sure the user has a row (role, shop, the token's email) before reading or writing preferences. */
  async function ensureUser(p: Principal) {
    await repo.upsertUser(repoDb(), {
      userId: p.userId,
      role: p.role,
      shopId: p.shopId,
      email: p.email ?? null,
    });
  }
  const repoDb = () => deps.repo.db;

  /** Where a user's email alerts go: the token's claim, the address recorded for them, or their account's. */
  async function emailOf(p: Principal): Promise<string | null> {
    if (p.email) return p.email;
    const recorded = (await repo.findUser(repoDb(), p.userId))?.email;
    if (recorded) return recorded;
    return (await deps.listAdmins()).find((a) => a.id === p.userId)?.email ?? null;
  }

  /** Whether WhatsApp alerts arrive at any hour (a template) or only inside Meta's 24-hour window. */
  const whatsAppMode = (template: { name: string; language: string } | null): string =>
    template
      ? `Sent as the template ${template.name} (${template.language}).`
      : "Sent as free text, which WhatsApp delivers only within 24 hours of the number's last message to the business number: set WHATSAPP_TEMPLATE for alerts at any hour.";

  /** Which channels can send now: the server's settings, and for webhooks whether any is registered. */
  async function configuredNow() {
    return { ...configuredChannels(config), webhook: (await repo.countWebhooks()) > 0 };
  }

  /**
   * A URL the server will call for a user (webhook, push endpoint): 400 when its address is not public or
   * its host name does not exist; 503 when the resolver gave no answer (a DNS outage is not the client's
   * mistake, and the same request may pass in a moment).
   */
  async function refuseTarget(url: string, path: string, what: string): Promise<void> {
    const problem = await webhookTargetProblem(url, config.webhookAllowPrivate);
    if (!problem) return;
    if ("resolverDown" in problem) throw new ResolverUnavailableError(path, problem.resolverDown);
    throw new ValidationError(`This ${what} is refused: ${problem.refused}.`, [
      { path, message: problem.refused },
    ]);
  }

  /**
   * The user's quiet hours changed: the alerts waiting for them go by the new ones (domain `retimedFor`),
   * in the transaction that stores them, so a shortened or removed quiet spell no longer holds an alert to
   * its old end, and a longer one holds it to the new end. A shared admin email that waits gives this
   * admin's address a delivery of its own; the other admins' quiet hours did not change.
   */
  async function retimeWaiting(
    trx: Knex.Transaction,
    who: { userId: string; email: string | null },
    quietHours: NotificationPreferences["quietHours"],
  ): Promise<void> {
    const now = new Date();
    const changes: Array<{ id: string; notBefore: Date }> = [];
    for (const d of await repo.waitingFor(trx, who)) {
      const at = retimedFor(quietHours, d, config.unreadAfterS, now);
      if (at.getTime() === d.notBefore.getTime()) continue;
      if (d.recipients && d.recipients.length > 1 && who.email)
        await repo.splitWaiting(trx, { id: d.id, address: who.email, userId: who.userId, notBefore: at });
      else changes.push({ id: d.id, notBefore: at });
    }
    await repo.retime(trx, changes);
  }

  return {
    /** Where a user's alerts go (role, shop, the token's email), recorded when identity first sees them. */
    recordRecipient: (p: Principal) => ensureUser(p),

    async getPreferences(p: Principal): Promise<NotificationPreferences> {
      await ensureUser(p);
      return withDefaults((await repo.findUser(repoDb(), p.userId))?.preferences);
    },

    async putPreferences(
      p: Principal,
      patch: Partial<NotificationPreferences>,
    ): Promise<NotificationPreferences> {
      // GET lists every trigger, so a client that sends back what it read names the other role's too.
      if (otherRolesTriggers(p.role, patch).length > 0) {
        const shown = withDefaults((await repo.findUser(repoDb(), p.userId))?.preferences);
        const { refused, own } = sortOtherRolesTriggers(p.role, patch, shown);
        if (refused.length > 0) {
          throw new ValidationError(
            "Some of these notifications are not for your role, so setting them would change nothing.",
            refused.map((key) => ({
              path: key,
              message: `${key} applies to ${p.role === "admin" ? "shops" : "admins"} only.`,
            })),
          );
        }
        patch = own;
      }
      await ensureUser(p);
      if (patch.quietHours === undefined)
        return withDefaults(await repo.mergePreferences(repoDb(), p.userId, patch));
      // Asked before the transaction: the embedded database has one connection.
      const email = await emailOf(p);
      return repoDb().transaction(async (trx) => {
        // Read under the row's lock: a concurrent change of the quiet hours that commits first is then the
        // "before" this one compares with, so the alerts they hold are retimed by whichever is stored last.
        const before = withDefaults(
          (await repo.findUser(trx, p.userId, { lock: true }))?.preferences,
        ).quietHours;
        const after = withDefaults(await repo.mergePreferences(trx, p.userId, patch));
        if (JSON.stringify(before) !== JSON.stringify(after.quietHours))
          await retimeWaiting(trx, { userId: p.userId, email }, after.quietHours);
        return after;
      });
    },

    async subscribePush(p: Principal, body: PushSubscriptionBody): Promise<void> {
      await refuseTarget(body.endpoint, "endpoint", "push endpoint");
      await ensureUser(p);
      await repo.upsertPushSubscription(
        { userId: p.userId, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth },
        MAX_PUSH_SUBSCRIPTIONS_PER_USER,
      );
    },
    async unsubscribePush(p: Principal, endpoint: string): Promise<void> {
      await repo.deletePushSubscription({ endpoint, userId: p.userId });
    },
    vapidPublicKey: (): string | null => config.push?.publicKey ?? null,

    async createWebhook(p: Principal, body: CreateWebhookBody): Promise<StoredWebhook> {
      requireAdmin(p);
      await refuseTarget(body.url, "url", "webhook URL");
      // Counted before the insert: two admins racing may pass it together, which is harmless.
      if ((await repo.countWebhooks()) >= MAX_WEBHOOKS) {
        throw new ConflictError(`A desk can have at most ${MAX_WEBHOOKS} webhooks. Delete one first.`);
      }
      return repo.insertWebhook({
        url: body.url,
        events: body.events,
        secret: randomBytes(32).toString("hex"),
        createdBy: p.userId,
      });
    },
    async listWebhooks(p: Principal): Promise<StoredWebhook[]> {
      requireAdmin(p);
      return repo.listWebhooks();
    },
    async deleteWebhook(p: Principal, id: string): Promise<void> {
      requireAdmin(p);
      if (!(await repo.deleteWebhook(id))) throw new NotFoundError("Webhook");
    },
    async webhookDeliveries(p: Principal, id: string, q: DeliveryPageQuery): Promise<DeliveryList> {
      requireAdmin(p);
      const before = q.cursor ? decodeDeliveryCursor(q.cursor) : undefined;
      if (!(await repo.findWebhook(id))) throw new NotFoundError("Webhook");
      return deliveryPage({ channel: "webhook", target: id, before }, q.limit);
    },

    async deliveries(
      p: Principal,
      q: DeliveryPageQuery & { channel?: NotificationChannel },
    ): Promise<DeliveryList> {
      requireAdmin(p);
      const before = q.cursor ? decodeDeliveryCursor(q.cursor) : undefined;
      return deliveryPage({ channel: q.channel, before }, q.limit);
    },

    /**
     * For the operators' metrics (no principal: `/metrics` has its own token), read from the database so
     * that every process reports the same figures, the background process's (WORKER_PROCESS, which serves
     * no port) included: how far behind the outbox is, and the attempts that failed lately.
     */
    monitoring: {
      outboxLag: () => repo.outboxLag(),
      recentFailures: (minutes: number) => repo.recentFailures(minutes),
    },

    async channelStatus(p: Principal): Promise<ChannelStatus[]> {
      requireAdmin(p);
      const health = await repo.channelHealth();
      const configured = await configuredNow();
      return NOTIFICATION_CHANNELS.map((channel) => {
        const h = health.get(channel);
        return {
          channel,
          configured: configured[channel],
          lastSuccessAt: h?.lastSuccessAt?.toISOString() ?? null,
          lastError: h?.lastError ?? null,
          lastErrorAt: h?.lastErrorAt?.toISOString() ?? null,
          ...(channel === "whatsapp" && config.whatsapp
            ? { note: whatsAppMode(config.whatsapp.template) }
            : {}),
        };
      });
    },

    async sendTest(p: Principal, channel: NotificationChannel | undefined): Promise<{ eventId: string }> {
      requireAdmin(p);
      // A test of a channel that is not set up would be accepted and then send nothing: say so instead.
      if (channel !== undefined && !(await configuredNow())[channel]) {
        const message =
          channel === "webhook"
            ? "No webhook is registered yet: add one, then test it."
            : `The ${channel} channel is not configured on this server (see docs/notifications.md).`;
        throw new ValidationError(message, [{ path: "channel", message }]);
      }
      await ensureUser(p);
      // A test on one channel the asking admin cannot receive would be accepted and reach nobody.
      if (channel === "email" && !(await emailOf(p))) {
        const message =
          "Your account has no email address for alerts: sign in with a token that carries an email claim, or use a Parley account with one.";
        throw new ValidationError(message, [{ path: "channel", message }]);
      }
      if (
        channel === "push" &&
        !(await repo.pushSubscriptionIdsByUser(repo.db, [p.userId])).get(p.userId)?.length
      ) {
        const message =
          "No browser of yours is subscribed to push alerts: turn them on in this browser first.";
        throw new ValidationError(message, [{ path: "channel", message }]);
      }
      const eventId = await deps.outbox.recordStandalone("test", {
        ticket: null,
        test: { requestedBy: p.userId, channel: channel ?? null },
      });
      return { eventId };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
