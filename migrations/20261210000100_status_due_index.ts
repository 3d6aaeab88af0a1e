import type { Knex } from "knex";

/**
 * The due-sorted queue walks one index range per status (ticket.repository listPage), as the updated,
 * created and priority sorts do through their (status, …, id) indexes; the due sort had only
 * (sla_due_key, id), so a status was found by filtering that walk. Where the tickets of one status come
 * late in due order (open tickets without a due date behind 20,000 in-progress ones with one), a first
 * page read 200,000 rows and ran past the statement timeout (docs/benchmarks.md, session 16).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX support_tickets_status_due_idx ON support_tickets (status, sla_due_key, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_status_due_idx`);
}
