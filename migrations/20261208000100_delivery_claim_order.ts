import type { Knex } from "knex";

/**
 * Due deliveries are claimed by time and then by destination, so that a claim takes each destination's
 * alerts of one paced slot together (one digest, and one email shared by the admins who get the same alerts)
 * rather than an arbitrary part of them. The index serves that order, as the old one served time alone.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX notification_deliveries_due_dest ON notification_deliveries (not_before, channel, target) WHERE status = 'pending'`,
  );
  await knex.raw(`DROP INDEX IF EXISTS notification_deliveries_due`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS notification_deliveries_due ON notification_deliveries (not_before) WHERE status = 'pending'`,
  );
  await knex.raw(`DROP INDEX IF EXISTS notification_deliveries_due_dest`);
}
