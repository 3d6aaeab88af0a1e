import type { Knex } from "knex";

/**
 * Two queue views admins open all day, measured at 1,000,000 tickets: "my open tickets"
 * (assignee + status, newest first) and "my tickets by priority". Without these, PostgreSQL either
 * filters every one of the admin's tickets or walks the priority index past most of the table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX support_tickets_assignee_status_updated_idx ON support_tickets (assignee_id, status, updated_at, id)`,
  );
  await knex.raw(
    `CREATE INDEX support_tickets_assignee_priority_idx ON support_tickets (assignee_id, priority_rank, updated_at, id)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_assignee_priority_idx`);
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_assignee_status_updated_idx`);
}
