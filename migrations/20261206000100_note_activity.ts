import type { Knex } from "knex";

/**
 * When a ticket last got an internal note. A note does not move `updated_at` (the shop would see that
 * something happened), so an admin catching up with `updatedSince` after a reconnect asks this column too
 * and misses no note. NULL until a ticket's first note; the partial index holds only tickets with notes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE support_tickets ADD COLUMN note_at timestamptz`);
  await knex.raw(`
    UPDATE support_tickets t SET note_at = n.at
      FROM (SELECT ticket_id, max(created_at) AS at FROM support_messages WHERE internal GROUP BY ticket_id) n
     WHERE n.ticket_id = t.id`);
  await knex.raw(
    `CREATE INDEX support_tickets_note_at_idx ON support_tickets (note_at) WHERE note_at IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_note_at_idx`);
  await knex.raw(`ALTER TABLE support_tickets DROP COLUMN IF EXISTS note_at`);
}
