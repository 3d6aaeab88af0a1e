import type { Knex } from "knex";

/**
 * Counters of rate-limiter-flexible's RateLimiterPostgres (login attempts per address and per account),
 * so every process behind one PostgreSQL counts against the same limits. The columns are the library's.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE IF NOT EXISTS rate_limits (
    key varchar(255) PRIMARY KEY,
    points integer NOT NULL DEFAULT 0,
    expire bigint
  )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("rate_limits");
}
