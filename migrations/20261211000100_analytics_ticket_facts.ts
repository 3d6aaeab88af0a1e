import type { Knex } from "knex";

/**
 * What each ticket adds to the analytics daily summary (docs/analytics.md, "Scale"): its creation day,
 * priority, whether it has a clock and was breached, its first-response bucket, and its resolution day and
 * bucket, as of the refresh that last wrote the row. The refresh compares a touched ticket's facts with these
 * and recomputes only the days whose facts changed: a reply that moves no figure (most replies to old
 * tickets) recomputes nothing, where every day a touched ticket was created or resolved on used to be
 * recomputed (a year of days, 35 s at 1,000,000 tickets, docs/benchmarks.md, session 17). Written only by
 * the refresh, read only by it.
 *
 * No foreign key: checking one for each of a rebuild's rows took 25 of its 40 s at 1,000,000 tickets.
 * Parley never deletes a ticket (a shop with tickets cannot be deleted); one deleted by hand keeps counting
 * in its days until the next rebuild (docs/analytics.md).
 *
 * The existing days were computed without these rows, so the state is cleared: the next refresh rebuilds
 * the days and the facts together (until then the summary is the live one).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE analytics_ticket_facts (
      ticket_id uuid PRIMARY KEY,
      created_day date NOT NULL,
      priority varchar(16) NOT NULL,
      clocked boolean NOT NULL,
      breached boolean NOT NULL,
      fr_bucket smallint,
      resolved_day date,
      res_bucket smallint
    )
  `);
  await knex.raw(`CREATE INDEX analytics_ticket_facts_created_idx ON analytics_ticket_facts (created_day)`);
  await knex.raw(
    `CREATE INDEX analytics_ticket_facts_resolved_idx ON analytics_ticket_facts (resolved_day)
       WHERE resolved_day IS NOT NULL`,
  );
  await knex.raw(`UPDATE analytics_daily_state SET complete_until = NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS analytics_ticket_facts`);
  await knex.raw(`UPDATE analytics_daily_state SET complete_until = NULL`);
}
