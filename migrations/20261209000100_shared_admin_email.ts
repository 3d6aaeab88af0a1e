import type { Knex } from "knex";

/**
 * One delivery for an email to several admins (issue 12's speed goal): with 51 admins each emailed about
 * every shop message, a message made 55 deliveries, and writing, claiming and finishing them cost PostgreSQL
 * 4-7 ms of CPU per post (docs/benchmarks.md). Such an email is now one delivery whose `recipients` lists its
 * addresses (target "admins"); an address the mail server refuses is split off into a delivery of its own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE notification_deliveries ADD COLUMN recipients text[]`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE notification_deliveries DROP COLUMN recipients`);
}
