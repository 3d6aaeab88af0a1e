import type { Knex } from "knex";

/**
 * Admin presence as a lease: `online` was set on connect and cleared on the
 * last disconnect, so a disconnect that never ran (a process killed, the database away at that moment) left
 * the admin online for good, and auto-assignment kept giving them tickets. Each process now renews its
 * connected admins' `seen_at`, and a row not renewed within the lease goes offline.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE admin_presence ADD COLUMN seen_at timestamptz(3) NOT NULL DEFAULT now()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE admin_presence DROP COLUMN seen_at`);
}
