import type { Knex } from "knex";

/**
 * Notifications (backend/src/domains/notifications, docs/notifications.md).
 * notification_events is the transactional outbox: one row per notable change, written in the same
 * transaction as the ticket or message. The worker plans each event into notification_deliveries (one per
 * channel and recipient) and delivers them; every attempt is a row of notification_attempts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE notification_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      type varchar(40) NOT NULL,
      ticket_id uuid,
      payload jsonb NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
      planned_at timestamptz(3)
    )
  `);
  await knex.raw(
    `CREATE INDEX notification_events_unplanned ON notification_events (created_at) WHERE planned_at IS NULL`,
  );
  await knex.raw(`
    CREATE TABLE notification_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      event_id uuid NOT NULL REFERENCES notification_events (id) ON DELETE CASCADE,
      event_type varchar(40) NOT NULL,
      ticket_id uuid,
      channel varchar(16) NOT NULL,
      target varchar(2000) NOT NULL,
      recipient_user_id varchar(255),
      suppress_if_read uuid,
      status varchar(16) NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      not_before timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
      locked_until timestamptz(3),
      last_error text,
      created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
      sent_at timestamptz(3),
      CONSTRAINT notification_deliveries_status_check
        CHECK (status IN ('pending', 'sent', 'failed', 'suppressed')),
      CONSTRAINT notification_deliveries_channel_check
        CHECK (channel IN ('telegram', 'whatsapp', 'email', 'push', 'webhook'))
    )
  `);
  await knex.raw(
    `CREATE INDEX notification_deliveries_due ON notification_deliveries (not_before) WHERE status = 'pending'`,
  );
  await knex.raw(`CREATE INDEX notification_deliveries_created ON notification_deliveries (created_at DESC)`);
  await knex.raw(`CREATE INDEX notification_deliveries_target ON notification_deliveries (channel, target)`);
  await knex.raw(`
    CREATE TABLE notification_attempts (
      id bigserial PRIMARY KEY,
      delivery_id uuid NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
      channel varchar(16) NOT NULL,
      attempt integer NOT NULL,
      outcome varchar(16) NOT NULL,
      status_code integer,
      detail text,
      created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT notification_attempts_outcome_check
        CHECK (outcome IN ('queued', 'sent', 'retried', 'failed', 'suppressed'))
    )
  `);
  await knex.raw(`CREATE INDEX notification_attempts_delivery ON notification_attempts (delivery_id, id)`);
  await knex.raw(
    `CREATE INDEX notification_attempts_channel ON notification_attempts (channel, outcome, id DESC)`,
  );
  await knex.raw(`
    CREATE TABLE notification_users (
      user_id varchar(255) PRIMARY KEY,
      role varchar(16) NOT NULL,
      shop_id varchar(255),
      email varchar(320),
      preferences jsonb,
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )
  `);
  await knex.raw(`CREATE INDEX notification_users_shop ON notification_users (shop_id)`);
  await knex.raw(`
    CREATE TABLE notification_webhooks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      url varchar(2000) NOT NULL,
      events jsonb NOT NULL,
      secret varchar(128) NOT NULL,
      created_by varchar(255) NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )
  `);
  await knex.raw(`
    CREATE TABLE notification_push_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id varchar(255) NOT NULL,
      endpoint varchar(2000) NOT NULL UNIQUE,
      p256dh varchar(200) NOT NULL,
      auth varchar(100) NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )
  `);
  await knex.raw(`CREATE INDEX notification_push_user ON notification_push_subscriptions (user_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE notification_push_subscriptions`);
  await knex.raw(`DROP TABLE notification_webhooks`);
  await knex.raw(`DROP TABLE notification_users`);
  await knex.raw(`DROP TABLE notification_attempts`);
  await knex.raw(`DROP TABLE notification_deliveries`);
  await knex.raw(`DROP TABLE notification_events`);
}
