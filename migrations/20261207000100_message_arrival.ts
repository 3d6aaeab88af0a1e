import type { Knex } from "knex";

/**
 * Where a message arrived on its current ticket, when that differs from `seq`. A merge moves the source's
 * messages to the target, and they keep their `seq` (the time order every thread is read in), so a client
 * catching up on the target with `after=<the target's last message>` would skip them. The move stamps each
 * with a fresh value of the same sequence (`moved_seq`, in their time order): `after=` returns what
 * arrived after the cursor. NULL for a message still on the ticket it was written on (nearly all), so
 * posts write nothing more and no index grows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE support_messages ADD COLUMN moved_seq bigint`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE support_messages DROP COLUMN IF EXISTS moved_seq`);
}
