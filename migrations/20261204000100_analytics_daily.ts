import type { Knex } from "knex";

/**
 * The analytics daily summary (docs/analytics.md, "Scale"; issue 14).
 * - analytics_daily: per calendar day in the policy's time zone and per priority, what the summary adds up
 *   (tickets created, resolutions, tickets with a clock and those breached as of `computed_at`) and
 *   histograms of the first-response and resolution business milliseconds in log-spaced buckets (bucket k
 *   holds [1.01^(k-1), 1.01^k) ms, bucket 0 holds 0), as parallel arrays of bucket numbers and counts.
 *   cum_fr / cum_res: the same histograms summed over every day up to this one (this priority), dense
 *   (index = bucket), so the histogram of any run of whole days is two rows per priority subtracted,
 *   whatever its length. Written only by the refresh (analytics domain); a day's rows are replaced together.
 * - analytics_daily_state: the one row saying which zone the days are in and up to when they are complete
 *   (the start of the last finished refresh; null while a rebuild is under way).
 * - A partial index the live backlog count reads without touching the table (open and in-progress tickets).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE analytics_daily (
      day date NOT NULL,
      priority varchar(16) NOT NULL,
      created integer NOT NULL DEFAULT 0,
      resolved integer NOT NULL DEFAULT 0,
      sla_total integer NOT NULL DEFAULT 0,
      sla_breached integer NOT NULL DEFAULT 0,
      fr_buckets smallint[] NOT NULL DEFAULT '{}',
      fr_counts integer[] NOT NULL DEFAULT '{}',
      res_buckets smallint[] NOT NULL DEFAULT '{}',
      res_counts integer[] NOT NULL DEFAULT '{}',
      cum_fr integer[] NOT NULL DEFAULT '{}',
      cum_res integer[] NOT NULL DEFAULT '{}',
      computed_at timestamptz(3) NOT NULL,
      PRIMARY KEY (priority, day),
      CONSTRAINT analytics_daily_priority_check CHECK (priority IN ('low', 'medium', 'high', 'urgent'))
    )
  `);
  await knex.raw(`
    CREATE TABLE analytics_daily_state (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      time_zone varchar(64) NOT NULL,
      complete_until timestamptz(3),
      refreshed_at timestamptz(3) NOT NULL DEFAULT now()
    )
  `);
  await knex.raw(
    `CREATE INDEX analytics_backlog_idx ON support_tickets (status, priority, created_at)
       WHERE status IN ('open', 'in_progress')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS analytics_backlog_idx`);
  await knex.raw(`DROP TABLE IF EXISTS analytics_daily_state`);
  await knex.raw(`DROP TABLE IF EXISTS analytics_daily`);
}
