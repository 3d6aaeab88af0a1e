import type { Knex } from "knex";

/**
 * The backlog count kept by the database (docs/analytics.md, "Scale"; issue 14). Counting a quarter of a
 * million open tickets at every summary request cost about a second at a million tickets, so the count is
 * kept instead:
 * - analytics_backlog: open and in-progress tickets per status and priority, as of its last compaction.
 *   Written only by the compaction (the analytics refresh), so no request ever waits on its rows.
 * - analytics_backlog_changes: +1 / −1 rows appended by triggers on support_tickets whenever a ticket enters,
 *   leaves or moves within the backlog (insert, delete, a change of status or priority). Appending never
 *   locks a shared row, so concurrent writers never queue or deadlock on it. The compaction folds the rows
 *   into analytics_backlog and deletes them in one transaction.
 * The count now is the sum of both tables, read in one statement (one snapshot), so it is exact. A trigger
 * rather than code in the write paths: every path that changes a ticket (a post, a bulk change, a reopen, a
 * merge, a visitor's first message) is counted, including ones written later.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE analytics_backlog (
      status varchar(16) NOT NULL,
      priority varchar(16) NOT NULL,
      n bigint NOT NULL,
      PRIMARY KEY (status, priority)
    )
  `);
  await knex.raw(`
    CREATE TABLE analytics_backlog_changes (
      status varchar(16) NOT NULL,
      priority varchar(16) NOT NULL,
      delta smallint NOT NULL
    )
  `);
  await knex.raw(`
    CREATE FUNCTION analytics_backlog_track() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO analytics_backlog_changes VALUES (NEW.status, NEW.priority, 1);
      ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO analytics_backlog_changes VALUES (OLD.status, OLD.priority, -1);
      ELSE
        INSERT INTO analytics_backlog_changes
          SELECT s, p, d FROM (VALUES (OLD.status, OLD.priority, -1), (NEW.status, NEW.priority, 1)) v (s, p, d)
          WHERE s IN ('open', 'in_progress');
      END IF;
      RETURN NULL;
    END
    $$
  `);
  // WHEN clauses run without calling the function: a write that leaves the backlog as it was (most message
  // posts) costs nothing.
  await knex.raw(`
    CREATE TRIGGER analytics_backlog_insert AFTER INSERT ON support_tickets
      FOR EACH ROW WHEN (NEW.status IN ('open', 'in_progress'))
      EXECUTE FUNCTION analytics_backlog_track()
  `);
  await knex.raw(`
    CREATE TRIGGER analytics_backlog_delete AFTER DELETE ON support_tickets
      FOR EACH ROW WHEN (OLD.status IN ('open', 'in_progress'))
      EXECUTE FUNCTION analytics_backlog_track()
  `);
  await knex.raw(`
    CREATE TRIGGER analytics_backlog_update AFTER UPDATE OF status, priority ON support_tickets
      FOR EACH ROW WHEN (
        (OLD.status, OLD.priority) IS DISTINCT FROM (NEW.status, NEW.priority)
        AND (OLD.status IN ('open', 'in_progress') OR NEW.status IN ('open', 'in_progress'))
      )
      EXECUTE FUNCTION analytics_backlog_track()
  `);
  // TRUNCATE fires no row trigger: the count starts again from nothing with the table.
  await knex.raw(`
    CREATE FUNCTION analytics_backlog_reset() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM analytics_backlog;
      DELETE FROM analytics_backlog_changes;
      RETURN NULL;
    END
    $$
  `);
  await knex.raw(`
    CREATE TRIGGER analytics_backlog_truncate AFTER TRUNCATE ON support_tickets
      FOR EACH STATEMENT EXECUTE FUNCTION analytics_backlog_reset()
  `);
  // Nothing reads the partial index the live count used (20261204000100); one index fewer for every write.
  await knex.raw(`DROP INDEX IF EXISTS analytics_backlog_idx`);
  // The tickets already there. Migrations run before the server takes writes.
  await knex.raw(`
    INSERT INTO analytics_backlog (status, priority, n)
      SELECT status, priority, count(*) FROM support_tickets
      WHERE status IN ('open', 'in_progress')
      GROUP BY status, priority
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS analytics_backlog_idx ON support_tickets (status, priority, created_at)
       WHERE status IN ('open', 'in_progress')`,
  );
  await knex.raw(`DROP TRIGGER IF EXISTS analytics_backlog_truncate ON support_tickets`);
  await knex.raw(`DROP TRIGGER IF EXISTS analytics_backlog_update ON support_tickets`);
  await knex.raw(`DROP TRIGGER IF EXISTS analytics_backlog_delete ON support_tickets`);
  await knex.raw(`DROP TRIGGER IF EXISTS analytics_backlog_insert ON support_tickets`);
  await knex.raw(`DROP FUNCTION IF EXISTS analytics_backlog_reset()`);
  await knex.raw(`DROP FUNCTION IF EXISTS analytics_backlog_track()`);
  await knex.raw(`DROP TABLE IF EXISTS analytics_backlog_changes`);
  await knex.raw(`DROP TABLE IF EXISTS analytics_backlog`);
}
