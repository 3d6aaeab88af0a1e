import type { Knex } from "knex";

/**
 * Analytics compares a ticket's category without regard to letter case (`lower(category) = lower(?)`;
 * docs/analytics.md, "Drill-down and breakdowns"). The planner has no statistics for that expression and
 * guesses 0.5% of the rows: on 200,000 seeded tickets it estimated 83 of a month's 2,098 "billing" tickets
 * and read them all to sort out the drill-down's first page (1.3 ms with the exact match before, 74 ms).
 *
 * Statistics on the expression give it the real share, as it had for the column. An index on it would
 * do that too, but every post rewrites the ticket's row outside a HOT update and so adds an entry to every
 * index of the table (issue 17's write path, docs/benchmarks.md session 21); a filter used by a report does
 * not pay for that. ANALYZE fills the statistics now: on a large table autovacuum may not analyze it again
 * for a long time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE STATISTICS IF NOT EXISTS support_tickets_category_folded_stats
       ON (lower(category)) FROM support_tickets`,
  );
  await knex.raw(`ANALYZE support_tickets`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP STATISTICS IF EXISTS support_tickets_category_folded_stats`);
}
