import type { Knex } from "knex";
import { NOTIFICATION_CHANNELS } from "@parley/contract";
import type {
  DeliveryOutcome,
  DeliveryStatus,
  NotificationChannel,
  NotificationPreferences,
  WebhookEventType,
} from "@parley/contract";
import type { OutboxEvent, OutboxEventType, OutboxPayload, PlannedDelivery } from "../domain/notification";
import { insertSql, SqlExpression, type SqlPiece } from "../../../platform/sql-piece";

type Q = Knex | Knex.Transaction;

export type StoredDelivery = {
  id: string;
  eventId: string;
  eventType: string;
  ticketId: string | null;
  channel: NotificationChannel;
  target: string;
  recipientUserId: string | null;
  suppressIfRead: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** The successful attempt's provider status and answer (kept here, not as an attempt row). */
  sentStatusCode: number | null;
  sentDetail: string | null;
  /** One email to several admins (target "admins"): its addresses; null for one destination. */
  recipients: string[] | null;
};

type DeliveryRow = {
  id: string;
  event_id: string;
  event_type: string;
  ticket_id: string | null;
  channel: NotificationChannel;
  target: string;
  recipient_user_id: string | null;
  suppress_if_read: string | null;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  sent_status_code: number | null;
  sent_detail: string | null;
  recipients: string[] | null;
};

const toDelivery = (r: DeliveryRow): StoredDelivery => ({
  id: r.id,
  eventId: r.event_id,
  eventType: r.event_type,
  ticketId: r.ticket_id,
  channel: r.channel,
  target: r.target,
  recipientUserId: r.recipient_user_id,
  suppressIfRead: r.suppress_if_read,
  status: r.status,
  attempts: Number(r.attempts),
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  sentStatusCode: r.sent_status_code,
  sentDetail: r.sent_detail,
  recipients: r.recipients ?? null,
});

/** An alert to a person waiting for its time (see `waitingFor`). */
export type WaitingDelivery = {
  id: string;
  createdAt: Date;
  notBefore: Date;
  suppressIfRead: string | null;
  /** A shared admin email's addresses; null for one person's delivery. */
  recipients: string[] | null;
};

/** A delivery written already claimed by the process that planned it: its id and the end of its lease. */
export type HeldLease = { id: string; lockedUntil: Date };

/** A claimed delivery with what sending it needs. */
export type ClaimedDelivery = StoredDelivery & {
  event: OutboxEvent;
  webhook: StoredWebhook | null;
  pushSubscription: PushSubscriptionRow | null;
};

export type StoredAttempt = {
  deliveryId: string;
  attempt: number;
  outcome: DeliveryOutcome;
  statusCode: number | null;
  detail: string | null;
  at: Date;
};

export type StoredWebhook = {
  id: string;
  url: string;
  events: WebhookEventType[];
  secret: string;
  createdAt: Date;
};
type WebhookRow = { id: string; url: string; events: WebhookEventType[]; secret: string; created_at: Date };
const toWebhook = (r: WebhookRow): StoredWebhook => ({
  id: r.id,
  url: r.url,
  events: r.events,
  secret: r.secret,
  createdAt: r.created_at,
});

export type NotificationUser = {
  userId: string;
  role: "admin" | "shop";
  shopId: string | null;
  email: string | null;
  preferences: Partial<NotificationPreferences> | null;
};

type UserRow = {
  user_id: string;
  role: "admin" | "shop";
  shop_id: string | null;
  email: string | null;
  preferences: Partial<NotificationPreferences> | null;
};
const toUser = (r: UserRow): NotificationUser => ({
  userId: r.user_id,
  role: r.role,
  shopId: r.shop_id,
  email: r.email,
  preferences: r.preferences,
});

export type PushSubscriptionRow = {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
};

/** One attempt's outcome, as the worker hands it over for recording. */
export type AttemptResult = {
  id: string;
  channel: NotificationChannel;
  attempt: number;
  outcome: Exclude<DeliveryOutcome, "queued">;
  statusCode: number | null;
  detail: string | null;
  /** When a retried delivery is next due. */
  retryAt?: Date;
};

type UserFacts = { userId: string; role: "admin" | "shop"; shopId: string | null; email: string | null };

/**
 * Remembers the user, writing only when the row would change. Every post records its sender, and
 * `ON CONFLICT DO UPDATE` locks the row until commit even when it writes the same values: one agent's
 * concurrent posts then queued for each other's commit (docs/benchmarks.md, session 20). An unchanged row
 * is now only read (no lock); a new or changed one is upserted as before. A missing email keeps the known one.
 */
const UPSERT_USER_SQL = `INSERT INTO notification_users (user_id, role, shop_id, email)
  SELECT v.user_id, v.role, v.shop_id, v.email
  FROM (VALUES (?::varchar, ?::varchar, ?::varchar, ?::varchar)) v (user_id, role, shop_id, email)
  WHERE NOT EXISTS (
    SELECT 1 FROM notification_users u
    WHERE u.user_id = v.user_id AND u.role = v.role AND u.shop_id IS NOT DISTINCT FROM v.shop_id
      AND (v.email IS NULL OR u.email = v.email))
  ON CONFLICT (user_id) DO UPDATE SET role = excluded.role, shop_id = excluded.shop_id,
    email = COALESCE(excluded.email, notification_users.email)`;
const upsertUserPiece = (u: UserFacts): SqlPiece => ({
  sql: UPSERT_USER_SQL,
  bindings: [u.userId, u.role, u.shopId, u.email],
});

/** Details are provider answers: bounded, so a huge error page cannot bloat the log. */
const clip = (s: string | null) => (s === null ? null : s.length > 2000 ? `${s.slice(0, 2000)}…` : s);

export function createNotificationRepository(db: Knex) {
  return {
    db,
    async insertEvents(
      trx: Q,
      events: Array<{ type: OutboxEventType; ticketId: string | null; payload: OutboxPayload }>,
    ): Promise<string[]> {
      if (events.length === 0) return [];
      const rows = await trx("notification_events")
        .insert(
          events.map((e) => ({ type: e.type, ticket_id: e.ticketId, payload: JSON.stringify(e.payload) })),
        )
        .returning<Array<{ id: string }>>("id");
      return rows.map((r) => r.id);
    },

    /** Remembers who a user is for notifications (role, shop, the token's email); keeps a known email. */
    async upsertUser(trx: Q, u: UserFacts) {
      const { sql, bindings } = upsertUserPiece(u);
      await trx.raw(sql, bindings as Knex.RawBinding[]);
    },

    /**
     * The same two writes as statements (`?` placeholders and values) for another domain's single
     * write statement (the support domain's message post, issue 17).
     */
    upsertUserSql(u: UserFacts): SqlPiece {
      return upsertUserPiece(u);
    },
    insertEventsSql(
      events: Array<{ type: OutboxEventType; ticketId: string | null; payload: OutboxPayload }>,
      shopNameSql?: (shopId: string) => SqlPiece,
    ): SqlPiece | null {
      if (events.length === 0) return null;
      // With shopNameSql, a ticket's payload gets its shop's name set inside the statement.
      const payloadOf = (p: OutboxPayload) => {
        const shopId = p.ticket?.shopId;
        if (!shopNameSql || !shopId) return JSON.stringify(p);
        const name = shopNameSql(shopId);
        return new SqlExpression(
          `jsonb_set(?::jsonb, '{ticket,shopName}', coalesce(to_jsonb(${name.sql}), 'null'::jsonb))`,
          [JSON.stringify(p), ...name.bindings],
        );
      };
      return insertSql(
        "notification_events",
        events.map((e) => ({ type: e.type, ticket_id: e.ticketId, payload: payloadOf(e.payload) })),
      );
    },

    /** `lock`: FOR UPDATE, for a transaction that writes the row after reading it. */
    async findUser(q: Q, userId: string, opts: { lock?: boolean } = {}): Promise<NotificationUser | null> {
      const query = q("notification_users").where({ user_id: userId });
      if (opts.lock) void query.forUpdate();
      const r = await query.first<UserRow | undefined>();
      return r ? toUser(r) : null;
    },

    /** The users among these ids, and the admins with these addresses (a shared admin email's recipients). */
    async findRecipients(userIds: string[], adminEmails: string[]): Promise<NotificationUser[]> {
      if (userIds.length === 0 && adminEmails.length === 0) return [];
      const rows = await db("notification_users")
        .whereIn("user_id", userIds)
        .orWhere((w) => void w.where({ role: "admin" }).whereIn("email", adminEmails))
        .select<UserRow[]>("user_id", "role", "shop_id", "email", "preferences");
      return rows.map(toUser);
    },

    /**
     * Sets the keys of `patch` over the stored preferences in one statement and returns the result, so two
     * concurrent changes of different keys (two switches flipped at once) both stay: a read, merge and
     * write in the service let the later write put back the other's key as it had read it.
     */
    async mergePreferences(
      q: Q,
      userId: string,
      patch: Partial<NotificationPreferences>,
    ): Promise<Partial<NotificationPreferences> | null> {
      const rows = await q("notification_users")
        .update({
          preferences: q.raw(
            "(CASE WHEN jsonb_typeof(preferences) = 'object' THEN preferences ELSE '{}'::jsonb END) || ?::jsonb",
            [JSON.stringify(patch)],
          ),
          updated_at: q.fn.now(),
        })
        .where({ user_id: userId })
        .returning<Array<{ preferences: Partial<NotificationPreferences> | null }>>("preferences");
      return rows[0]?.preferences ?? null;
    },

    /** The admins, or the users of the given shops. */
    async listUsers(q: Q, where: { role: "admin" } | { shopIds: string[] }): Promise<NotificationUser[]> {
      if ("shopIds" in where && where.shopIds.length === 0) return [];
      const query = q("notification_users");
      if ("role" in where) void query.where({ role: "admin" });
      else void query.whereIn("shop_id", where.shopIds).andWhere({ role: "shop" });
      const rows = await query.select<UserRow[]>("*");
      return rows.map(toUser);
    },

    /** Claims unplanned outbox rows; another process's claims are skipped, not waited for. */
    async lockUnplanned(trx: Knex.Transaction, limit: number): Promise<OutboxEvent[]> {
      const rows = await trx("notification_events")
        .whereNull("planned_at")
        .orderBy("created_at")
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .select<Array<{ id: string; type: OutboxEventType; created_at: Date; payload: OutboxPayload }>>(
          "id",
          "type",
          "created_at",
          "payload",
        );
      return rows.map((r) => ({ id: r.id, type: r.type, createdAt: r.created_at, payload: r.payload }));
    },

    /**
     * Writes the plans of a batch of events in one statement whatever their number: the deliveries and the
     * events marked planned (a pass's writes were three round trips). A delivery's "queued" log entry is
     * its own creation (see the service's `withLog`), not a row of its own: one row fewer per alert.
     */
    async insertPlans(
      trx: Knex.Transaction,
      plans: Array<{ event: OutboxEvent; planned: Array<PlannedDelivery & { held?: HeldLease }> }>,
    ): Promise<void> {
      if (plans.length === 0) return;
      const deliveries = plans.flatMap(({ event, planned }) =>
        planned.map((d) => ({
          id: d.held?.id ?? null,
          // Held by the planning process (outbox.service.ts, HOLD_SLACK_MS): written claimed, as claimDue
          // leaves a row.
          attempts: d.held ? 1 : 0,
          locked_until: d.held ? d.held.lockedUntil.toISOString() : null,
          event_id: event.id,
          event_type: event.type,
          ticket_id: event.payload.ticket?.id ?? null,
          channel: d.channel,
          target: d.target,
          recipient_user_id: d.recipientUserId,
          suppress_if_read: d.suppressIfRead,
          not_before: d.notBefore.toISOString(),
          recipients: d.recipients ?? null,
        })),
      );
      await trx.raw(
        `
        WITH planned AS (
          INSERT INTO notification_deliveries
            (id, attempts, locked_until, event_id, event_type, ticket_id, channel, target, recipient_user_id,
             suppress_if_read, not_before, recipients)
          SELECT COALESCE(id, gen_random_uuid()), attempts, locked_until, event_id, event_type, ticket_id, channel,
            target, recipient_user_id, suppress_if_read, not_before, recipients
          FROM jsonb_to_recordset(?::jsonb) AS d(id uuid, attempts int, locked_until timestamptz, event_id uuid,
            event_type text, ticket_id uuid, channel text, target text, recipient_user_id text,
            suppress_if_read uuid, not_before timestamptz, recipients text[])
        )
        UPDATE notification_events SET planned_at = now() WHERE id = ANY(?::uuid[])
        `,
        [JSON.stringify(deliveries), plans.map((p) => p.event.id)],
      );
    },

    /**
     * Claims due deliveries for `leaseMs`: each is taken by one worker (SKIP LOCKED), and a worker that
     * dies mid-send loses its lease, so the delivery is tried again (at least once). Each comes with its
     * event and, for a webhook or a push delivery, the webhook or subscription it goes to (null when it was
     * deleted meanwhile): one statement, so a send needs no lookup of its own.
     */
    async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
      const result = await db.raw<{
        rows: Array<
          DeliveryRow & {
            e_type: OutboxEventType;
            e_created_at: Date;
            e_payload: OutboxPayload | null;
            w_id: string | null;
            w_url: string;
            w_events: WebhookEventType[];
            w_secret: string;
            w_created_at: Date;
            s_id: string | null;
            s_user_id: string;
            s_endpoint: string;
            s_p256dh: string;
            s_auth: string;
          }
        >;
      }>(
        `
        WITH due AS (
          SELECT id FROM notification_deliveries
          WHERE status = 'pending' AND not_before <= clock_timestamp()
            AND (locked_until IS NULL OR locked_until < clock_timestamp())
          ORDER BY not_before, channel, target
          LIMIT ?
          FOR UPDATE SKIP LOCKED
        ), claimed AS (
          UPDATE notification_deliveries d
          SET locked_until = clock_timestamp() + (? * interval '1 millisecond'), attempts = d.attempts + 1
          FROM due WHERE d.id = due.id
          RETURNING d.*
        )
        SELECT c.*, e.type AS e_type, e.created_at AS e_created_at,
          -- Each event's payload once, however many deliveries it has (51 admins' emails): the rest read it
          -- from the first, so neither side serializes and parses the same JSON fifty times.
          CASE WHEN row_number() OVER (PARTITION BY c.event_id) = 1 THEN e.payload END AS e_payload,
          w.id AS w_id, w.url AS w_url, w.events AS w_events, w.secret AS w_secret, w.created_at AS w_created_at,
          s.id AS s_id, s.user_id AS s_user_id, s.endpoint AS s_endpoint, s.p256dh AS s_p256dh, s.auth AS s_auth
        FROM claimed c JOIN notification_events e ON e.id = c.event_id
        LEFT JOIN notification_webhooks w ON c.channel = 'webhook' AND w.id::text = c.target
        LEFT JOIN notification_push_subscriptions s ON c.channel = 'push' AND s.id::text = c.target
        `,
        [limit, leaseMs],
      );
      const payloads = new Map(
        result.rows.filter((r) => r.e_payload !== null).map((r) => [r.event_id, r.e_payload] as const),
      );
      return result.rows.map((r) => ({
        ...toDelivery(r),
        event: {
          id: r.event_id,
          type: r.e_type,
          createdAt: r.e_created_at,
          payload: payloads.get(r.event_id)!,
        },
        webhook: r.w_id
          ? toWebhook({
              id: r.w_id,
              url: r.w_url,
              events: r.w_events,
              secret: r.w_secret,
              created_at: r.w_created_at,
            })
          : null,
        pushSubscription: r.s_id
          ? { id: r.s_id, userId: r.s_user_id, endpoint: r.s_endpoint, p256dh: r.s_p256dh, auth: r.s_auth }
          : null,
      }));
    },

    /**
     * Splits addresses off a claimed email to several admins (the mail server refused them while taking the
     * others): each becomes a delivery of its own, claimed like its source and queued when it was, so that
     * its outcome (retried, failed) is its own. Returns the new deliveries' ids by address. `owners` names
     * the admin of an address where known (the delivery is then theirs, judged by their preferences).
     */
    async splitRecipients(
      source: { id: string; attempts: number },
      addresses: string[],
      owners: Record<string, string> = {},
    ): Promise<Map<string, string>> {
      if (addresses.length === 0) return new Map();
      const result = await db.raw<{ rows: Array<{ id: string; target: string }> }>(
        `
        WITH src AS (
          -- Only a claim that is still ours (see releaseClaims).
          SELECT * FROM notification_deliveries WHERE id = ? AND attempts = ? AND status = 'pending'
        ), narrowed AS (
          UPDATE notification_deliveries d
          SET recipients = ARRAY(SELECT r FROM unnest(d.recipients) AS r WHERE r <> ALL(?::text[]))
          FROM src WHERE d.id = src.id
        )
        INSERT INTO notification_deliveries (event_id, event_type, ticket_id, channel, target, recipient_user_id,
          not_before, attempts, locked_until, created_at)
        SELECT src.event_id, src.event_type, src.ticket_id, src.channel, a.address, ?::jsonb ->> a.address,
          src.not_before, src.attempts, src.locked_until, src.created_at
        FROM src CROSS JOIN unnest(?::text[]) AS a(address)
        WHERE a.address = ANY(src.recipients)
        RETURNING id, target
        `,
        [source.id, source.attempts, addresses, JSON.stringify(owners), addresses],
      );
      return new Map(result.rows.map((r) => [r.target, r.id] as const));
    },

    /**
     * Gives back claims never started. Only a claim that is still ours: one whose attempt count is the one
     * our claim set (another worker claiming it after our lease ran out counted one more), so we never
     * unlock a delivery another worker is sending, which a third would then send again.
     */
    async releaseClaims(claims: Array<{ id: string; attempts: number }>): Promise<void> {
      if (claims.length === 0) return;
      await db.raw(
        `
        UPDATE notification_deliveries d
        SET locked_until = NULL, attempts = d.attempts - 1
        FROM jsonb_to_recordset(?::jsonb) AS c(id uuid, attempts int)
        WHERE d.id = c.id AND d.attempts = c.attempts AND d.status = 'pending'
        `,
        [JSON.stringify(claims)],
      );
    },

    /**
     * Gives back claims that may not go yet (their destination rests until `notBefore`, a provider's wait):
     * due again then, for any worker, without an attempt counted. Only claims still ours, as releaseClaims.
     */
    async postponeClaims(claims: Array<{ id: string; attempts: number }>, notBefore: Date): Promise<void> {
      if (claims.length === 0) return;
      await db.raw(
        `
        UPDATE notification_deliveries d
        SET locked_until = NULL, attempts = d.attempts - 1, not_before = GREATEST(d.not_before, ?::timestamptz)
        FROM jsonb_to_recordset(?::jsonb) AS c(id uuid, attempts int)
        WHERE d.id = c.id AND d.attempts = c.attempts AND d.status = 'pending'
        `,
        [notBefore.toISOString(), JSON.stringify(claims)],
      );
    },

    /**
     * A person's alerts that wait for a later time and were never tried nor claimed (quiet hours, an unread
     * reply's delay, a paced slot), locked for this transaction: their own email and push deliveries, an
     * admin email split off for their address, and shared admin emails that carry their address. A claimed
     * one is the worker's (it judges it again as it goes, see outbox.service.ts `stillGoing`); a retry keeps
     * its backoff.
     */
    async waitingFor(
      trx: Knex.Transaction,
      who: { userId: string; email: string | null },
    ): Promise<WaitingDelivery[]> {
      const rows = await trx.raw<{
        rows: Array<{
          id: string;
          created_at: Date;
          not_before: Date;
          suppress_if_read: string | null;
          recipients: string[] | null;
        }>;
      }>(
        `
        SELECT id, created_at, not_before, suppress_if_read, recipients FROM notification_deliveries
        WHERE status = 'pending' AND not_before > clock_timestamp() AND attempts = 0 AND locked_until IS NULL
          AND event_type <> 'test' AND channel IN ('email', 'push')
          AND (recipient_user_id = ?
            OR (channel = 'email' AND recipient_user_id IS NULL AND ?::text IS NOT NULL
              AND (target = ? OR ? = ANY(recipients))))
        ORDER BY not_before
        FOR UPDATE
        `,
        [who.userId, who.email, who.email, who.email],
      );
      return rows.rows.map((r) => ({
        id: r.id,
        createdAt: r.created_at,
        notBefore: r.not_before,
        suppressIfRead: r.suppress_if_read,
        recipients: r.recipients ?? null,
      }));
    },

    /** Sets when waiting deliveries (see waitingFor, in the same transaction) go. */
    async retime(trx: Knex.Transaction, changes: Array<{ id: string; notBefore: Date }>): Promise<void> {
      if (changes.length === 0) return;
      await trx.raw(
        `
        UPDATE notification_deliveries d SET not_before = c.not_before
        FROM jsonb_to_recordset(?::jsonb) AS c(id uuid, not_before timestamptz)
        WHERE d.id = c.id AND d.status = 'pending' AND d.attempts = 0 AND d.locked_until IS NULL
        `,
        [JSON.stringify(changes.map((c) => ({ id: c.id, not_before: c.notBefore.toISOString() })))],
      );
    },

    /**
     * Takes one admin's address out of a waiting shared admin email (see waitingFor, in the same
     * transaction) into a delivery of its own for that admin, queued when the shared one was and due at
     * `notBefore`: their quiet hours changed, the others' did not.
     */
    async splitWaiting(
      trx: Knex.Transaction,
      source: { id: string; address: string; userId: string; notBefore: Date },
    ): Promise<void> {
      await trx.raw(
        `
        WITH src AS (
          SELECT * FROM notification_deliveries
          WHERE id = ? AND status = 'pending' AND attempts = 0 AND locked_until IS NULL AND ? = ANY(recipients)
        ), narrowed AS (
          UPDATE notification_deliveries d
          SET recipients = ARRAY(SELECT r FROM unnest(d.recipients) AS r WHERE r <> ?)
          FROM src WHERE d.id = src.id
        )
        INSERT INTO notification_deliveries (event_id, event_type, ticket_id, channel, target, recipient_user_id,
          not_before, created_at)
        SELECT src.event_id, src.event_type, src.ticket_id, src.channel, ?, ?, ?::timestamptz, src.created_at
        FROM src
        `,
        [
          source.id,
          source.address,
          source.address,
          source.address,
          source.userId,
          source.notBefore.toISOString(),
        ],
      );
    },

    /**
     * Records the outcomes of a batch of attempts and moves each delivery on, in one statement: the log rows
     * and the deliveries' new states from one JSON list (it was four round trips a batch).
     */
    async finishAttempts(results: AttemptResult[]): Promise<void> {
      if (results.length === 0) return;
      // A retried delivery stays pending until its retry time; the others end in their outcome.
      const rows = results.map((r) => ({
        id: r.id,
        channel: r.channel,
        attempt: r.attempt,
        outcome: r.outcome,
        status_code: r.statusCode,
        detail: clip(r.detail),
        status: r.outcome === "retried" ? null : r.outcome,
        last_error: r.outcome === "retried" || r.outcome === "failed" ? clip(r.detail) : null,
        not_before: r.outcome === "retried" ? (r.retryAt ?? new Date()).toISOString() : null,
      }));
      await db.raw(
        `
        WITH m AS (
          SELECT * FROM jsonb_to_recordset(?::jsonb) AS m(id uuid, channel text, attempt int, outcome text,
            status_code int, detail text, status text, last_error text, not_before timestamptz)
        ), logged AS (
          -- A success is kept on the delivery (sent_*): one write per alert instead of two.
          INSERT INTO notification_attempts (delivery_id, channel, attempt, outcome, status_code, detail)
          SELECT id, channel, attempt, outcome, status_code, detail FROM m WHERE outcome <> 'sent'
        )
        UPDATE notification_deliveries d
        SET status = COALESCE(m.status, d.status),
            last_error = m.last_error,
            not_before = COALESCE(m.not_before, d.not_before),
            sent_at = CASE WHEN m.status = 'sent' THEN now() ELSE d.sent_at END,
            sent_status_code = CASE WHEN m.status = 'sent' THEN m.status_code ELSE d.sent_status_code END,
            sent_detail = CASE WHEN m.status = 'sent' THEN m.detail ELSE d.sent_detail END,
            locked_until = NULL
        FROM m
        WHERE d.id = m.id
        `,
        [JSON.stringify(rows)],
      );
    },

    /** Newest first; `before`: only those after that key in this order (the next page). */
    async listDeliveries(filter: {
      channel?: NotificationChannel;
      target?: string;
      before?: { at: Date; id: string };
      limit: number;
    }): Promise<StoredDelivery[]> {
      const q = db<DeliveryRow>("notification_deliveries").orderBy([
        { column: "created_at", order: "desc" },
        { column: "id", order: "desc" },
      ]);
      if (filter.channel) void q.where({ channel: filter.channel });
      if (filter.target) void q.where({ target: filter.target });
      // A row comparison: PostgreSQL reads it as a range on the created_at indexes (by target for a
      // webhook's list) and checks the id within the cursor's own millisecond.
      if (filter.before) void q.whereRaw(`(created_at, id) < (?, ?)`, [filter.before.at, filter.before.id]);
      const rows = await q.limit(filter.limit).select("*");
      return rows.map(toDelivery);
    },

    async attemptsOf(ids: string[]): Promise<StoredAttempt[]> {
      if (ids.length === 0) return [];
      const rows = await db("notification_attempts").whereIn("delivery_id", ids).orderBy("id").select<
        Array<{
          delivery_id: string;
          attempt: number;
          outcome: DeliveryOutcome;
          status_code: number | null;
          detail: string | null;
          created_at: Date;
        }>
      >("*");
      return rows.map((r) => ({
        deliveryId: r.delivery_id,
        attempt: Number(r.attempt),
        outcome: r.outcome,
        statusCode: r.status_code,
        detail: r.detail,
        at: r.created_at,
      }));
    },

    /**
     * How far behind the outbox is, in seconds (0 when nothing waits): the oldest event not yet planned into
     * deliveries, and the oldest delivery that is due and not yet sent. Each is one step along its partial
     * index (`notification_events_unplanned`, `notification_deliveries_due_dest`).
     */
    async outboxLag(): Promise<{ planning: number; delivery: number }> {
      const { rows } = await db.raw<{ rows: Array<{ planning: number | null; delivery: number | null }> }>(`
        SELECT
          EXTRACT(EPOCH FROM clock_timestamp() -
            (SELECT min(created_at) FROM notification_events WHERE planned_at IS NULL))::float8 AS planning,
          EXTRACT(EPOCH FROM clock_timestamp() -
            (SELECT min(not_before) FROM notification_deliveries
              WHERE status = 'pending' AND not_before <= clock_timestamp()))::float8 AS delivery`);
      const row = rows[0];
      return { planning: Math.max(0, row?.planning ?? 0), delivery: Math.max(0, row?.delivery ?? 0) };
    },

    /**
     * Attempts that failed in the last `minutes`, by channel and outcome (`retried`: tried again later;
     * `failed`: given up), from the `notification_attempts_failed_created` index alone.
     */
    async recentFailures(
      minutes: number,
    ): Promise<Array<{ channel: NotificationChannel; outcome: "retried" | "failed"; count: number }>> {
      const { rows } = await db.raw<{
        rows: Array<{ channel: NotificationChannel; outcome: "retried" | "failed"; count: number }>;
      }>(
        `SELECT channel, outcome, count(*)::int AS count FROM notification_attempts
         WHERE outcome IN ('retried', 'failed') AND created_at > clock_timestamp() - ? * interval '1 minute'
         GROUP BY channel, outcome`,
        [minutes],
      );
      return rows;
    },

    /** Per channel: the last success, and the last error with the provider's answer. */
    async channelHealth(): Promise<
      Map<
        NotificationChannel,
        { lastSuccessAt: Date | null; lastError: string | null; lastErrorAt: Date | null }
      >
    > {
      // The newest sent delivery per channel, each one step down the `notification_deliveries_sent` index;
      // successes recorded before the sent_* columns are attempt rows, so the newer of the two counts.
      const ok = (
        await db.raw<{ rows: Array<{ channel: NotificationChannel; at: Date | null }> }>(
          `
          SELECT c.channel, GREATEST(
            (SELECT sent_at FROM notification_deliveries d WHERE d.channel = c.channel AND d.status = 'sent'
              ORDER BY sent_at DESC LIMIT 1),
            (SELECT created_at FROM notification_attempts a WHERE a.channel = c.channel AND a.outcome = 'sent'
              ORDER BY id DESC LIMIT 1)
          ) AS at
          FROM unnest(?::text[]) AS c(channel)`,
          [[...NOTIFICATION_CHANNELS]],
        )
      ).rows.filter((r): r is { channel: NotificationChannel; at: Date } => r.at !== null);
      const bad = await db.raw<{
        rows: Array<{ channel: NotificationChannel; detail: string | null; created_at: Date }>;
      }>(`
        SELECT DISTINCT ON (channel) channel, detail, created_at FROM notification_attempts
        WHERE outcome IN ('retried', 'failed') ORDER BY channel, id DESC`);
      const out = new Map<
        NotificationChannel,
        { lastSuccessAt: Date | null; lastError: string | null; lastErrorAt: Date | null }
      >();
      const get = (c: NotificationChannel) =>
        out.get(c) ?? { lastSuccessAt: null, lastError: null, lastErrorAt: null };
      for (const r of ok) out.set(r.channel, { ...get(r.channel), lastSuccessAt: r.at });
      for (const r of bad.rows)
        out.set(r.channel, { ...get(r.channel), lastError: r.detail, lastErrorAt: r.created_at });
      return out;
    },

    async insertWebhook(w: {
      url: string;
      events: WebhookEventType[];
      secret: string;
      createdBy: string;
    }): Promise<StoredWebhook> {
      const [row] = await db("notification_webhooks")
        .insert({ url: w.url, events: JSON.stringify(w.events), secret: w.secret, created_by: w.createdBy })
        .returning<WebhookRow[]>("*");
      return toWebhook(row!);
    },
    async countWebhooks(): Promise<number> {
      const row = await db("notification_webhooks").count<Array<{ n: string | number }>>({ n: "*" }).first();
      return Number(row?.n ?? 0);
    },
    async listWebhooks(q: Q = db): Promise<StoredWebhook[]> {
      const rows = await q<WebhookRow>("notification_webhooks").orderBy("created_at").select("*");
      return rows.map(toWebhook);
    },
    async findWebhook(id: string): Promise<StoredWebhook | null> {
      const row = await db<WebhookRow>("notification_webhooks").where({ id }).first();
      return row ? toWebhook(row) : null;
    },
    async deleteWebhook(id: string): Promise<boolean> {
      const rows = await db("notification_webhooks")
        .where({ id })
        .delete()
        .returning<Array<{ id: string }>>("id");
      return rows.length > 0;
    },

    /** Saves a browser's subscription (newest first by created_at) and keeps the user's `keep` newest. */
    async upsertPushSubscription(s: Omit<PushSubscriptionRow, "id">, keep: number): Promise<void> {
      await db.transaction(async (trx) => {
        await trx("notification_push_subscriptions")
          .insert({ user_id: s.userId, endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth })
          .onConflict("endpoint")
          .merge(["user_id", "p256dh", "auth", "created_at"]);
        await trx("notification_push_subscriptions")
          .where({ user_id: s.userId })
          .whereNotIn(
            "id",
            trx("notification_push_subscriptions")
              .select("id")
              .where({ user_id: s.userId })
              .orderBy([
                { column: "created_at", order: "desc" },
                { column: "id", order: "desc" },
              ])
              .limit(keep),
          )
          .delete();
      });
    },
    async deletePushSubscription(
      where: { endpoint: string; userId?: string } | { id: string },
    ): Promise<void> {
      const q = db("notification_push_subscriptions");
      if ("id" in where) await q.where({ id: where.id }).delete();
      else
        await q
          .where({ endpoint: where.endpoint, ...(where.userId ? { user_id: where.userId } : {}) })
          .delete();
    },
    async pushSubscriptionIdsByUser(q: Q, userIds: string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      if (userIds.length === 0) return out;
      const rows = await q("notification_push_subscriptions")
        .whereIn("user_id", userIds)
        .select<Array<{ id: string; user_id: string }>>("id", "user_id");
      for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.id]);
      return out;
    },
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
