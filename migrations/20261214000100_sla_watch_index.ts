import type { Knex } from "knex";

/**
 * The queue's `sla=breached` filter (`sla_breached OR sla_due_at < now()`) had no index to read: its page
 * and its count (`GET /api/tickets/count`, which an admin's queue asks again after each burst of ticket
 * events) scanned the whole table, about 1 s at 1,000,000 tickets when few or none matched. Every ticket
 * the filter can match is in this partial index (a ticket with a due time, or one marked breached), so
 * PostgreSQL walks only those, in the queue's update order. `now()` cannot be in an index's predicate, so
 * the predicate is the wider `sla_due_at IS NOT NULL`, which `sla_due_at < now()` implies.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS support_tickets_sla_watch_idx ON support_tickets (updated_at, id)
     WHERE sla_breached OR sla_due_at IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_sla_watch_idx`);
}
