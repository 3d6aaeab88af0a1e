import type { Knex } from "knex";

/**
 * The failed and retried attempts by time, for `/metrics` (`parley_notification_failures_15m`): a scrape
 * counts the last 15 minutes' failures from this index alone, however long the attempt log grows. Successful
 * attempts are kept on their delivery (20261208000200), so the log's rows are mostly these; the index starts
 * with them and stays as small as the failures.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX notification_attempts_failed_created ON notification_attempts (created_at)
       WHERE outcome IN ('retried', 'failed')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS notification_attempts_failed_created`);
}
