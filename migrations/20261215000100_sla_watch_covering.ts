import type { Knex } from "knex";

/**
 * The queue's count of `sla=breached` (`GET /api/tickets/count`, asked again after each burst of ticket
 * events) reads up to 10,000 matches. With session 33's partial index PostgreSQL still chose a sequential
 * scan that stops at the cap: about 55 ms at 1,000,000 tickets with 250,000 past due, but about 1 s one
 * time in twenty-five, when the scan (synchronized scans start where the last one stopped) crossed a stretch
 * with few matches; with a status or priority filter too, 280–450 ms every time. The same index, carrying
 * the columns those filters and the SLA condition read, answers the count from the index alone: 10–35 ms
 * each time (docs/benchmarks.md, "Session 35"). The queue's pages walk it by its key as before.
 */
const COVERING = `CREATE INDEX support_tickets_sla_watch_idx ON support_tickets (updated_at, id)
  INCLUDE (sla_breached, sla_due_at, status, priority_rank, assignee_id)
  WHERE sla_breached OR sla_due_at IS NOT NULL`;

const PLAIN = `CREATE INDEX support_tickets_sla_watch_idx ON support_tickets (updated_at, id)
  WHERE sla_breached OR sla_due_at IS NOT NULL`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_sla_watch_idx`);
  await knex.raw(COVERING);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_sla_watch_idx`);
  await knex.raw(PLAIN);
}
