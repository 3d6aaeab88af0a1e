import type { Knex } from "knex";

/**
 * A delivery's successful attempt is kept on the delivery itself (the provider's status and answer beside
 * `sent_at`) instead of as a row of `notification_attempts`: most deliveries are sent at their first try, and
 * with 51 admins emailed per message that row (three indexes and a foreign key check) was a third of the
 * worker's writes (docs/benchmarks.md). Retries, failures and suppressions are still rows of their own; the
 * log shown is the same. "Last success" per channel is read from the deliveries by this index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `ALTER TABLE notification_deliveries ADD COLUMN sent_status_code integer, ADD COLUMN sent_detail text`,
  );
  await knex.raw(
    `CREATE INDEX notification_deliveries_sent ON notification_deliveries (channel, sent_at DESC) WHERE status = 'sent'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS notification_deliveries_sent`);
  await knex.raw(
    `ALTER TABLE notification_deliveries DROP COLUMN IF EXISTS sent_status_code, DROP COLUMN IF EXISTS sent_detail`,
  );
}
