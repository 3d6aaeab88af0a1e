import type { Knex } from "knex";

/**
 * Cheaper writes per delivery (docs/benchmarks.md: with 51 admins emailed, a message makes 55 deliveries):
 * - Room on each page (fillfactor 70), so the claim's update (lease and attempt count, neither indexed) is a
 *   HOT update: no new entry in any index. Without room every claim wrote a new entry in each of them.
 * - Only webhooks' deliveries are looked up by target (a webhook's delivery list, newest first): the index
 *   over every delivery's (channel, target) becomes one over webhooks' alone, in the order the list reads.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE notification_deliveries SET (fillfactor = 70)`);
  await knex.raw(
    `CREATE INDEX notification_deliveries_webhook ON notification_deliveries (target, created_at DESC) WHERE channel = 'webhook'`,
  );
  await knex.raw(`DROP INDEX IF EXISTS notification_deliveries_target`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS notification_deliveries_target ON notification_deliveries (channel, target)`,
  );
  await knex.raw(`DROP INDEX IF EXISTS notification_deliveries_webhook`);
  await knex.raw(`ALTER TABLE notification_deliveries RESET (fillfactor)`);
}
