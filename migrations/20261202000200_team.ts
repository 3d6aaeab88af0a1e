import type { Knex } from "knex";

/**
 * Team operations (issue 16):
 * - users.active / deactivated_at: a deactivated admin's tokens are refused; invite_* hold a one-time
 *   invite link (only its SHA-256 is stored).
 * - support_tickets.tags (text[], GIN-indexed for `tag=`), merged_into_id (the merge pointer).
 * - support_ticket_satisfaction: one rating per ticket.
 * - team_settings: the one auto-assignment configuration row; admin_skills: optional categories per admin.
 * - saved_views: named filter sets, personal (owner_id) or shared.
 * - support_ticket_events accepts the tags, merged and rated timeline events.
 */
const OLD_TYPES = `'created', 'status', 'priority', 'assignee', 'sla_started', 'sla_paused', 'sla_resumed', 'sla_breached'`;
const NEW_TYPES = `${OLD_TYPES}, 'tags', 'merged', 'rated'`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE users
      ADD COLUMN active boolean NOT NULL DEFAULT true,
      ADD COLUMN deactivated_at timestamptz(3),
      ADD COLUMN invite_token_hash varchar(64),
      ADD COLUMN invite_expires_at timestamptz(3)
  `);
  await knex.raw(
    `CREATE UNIQUE INDEX users_invite_token_idx ON users (invite_token_hash) WHERE invite_token_hash IS NOT NULL`,
  );

  await knex.raw(`
    ALTER TABLE support_tickets
      ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
      ADD COLUMN merged_into_id uuid REFERENCES support_tickets(id) ON DELETE SET NULL
  `);
  await knex.raw(`CREATE INDEX support_tickets_tags_idx ON support_tickets USING GIN (tags)`);
  // Auto-assignment counts each admin's open assigned tickets.
  await knex.raw(
    `CREATE INDEX support_tickets_assignee_open_idx ON support_tickets (assignee_id)
       WHERE assignee_id IS NOT NULL AND status IN ('open', 'in_progress')`,
  );

  await knex.raw(`
    CREATE TABLE support_ticket_satisfaction (
      ticket_id uuid PRIMARY KEY REFERENCES support_tickets(id) ON DELETE CASCADE,
      score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
      comment text CHECK (comment IS NULL OR char_length(comment) <= 2000),
      rated_by varchar(255) NOT NULL,
      assignee_id varchar(255),
      category varchar(64),
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )
  `);
  await knex.raw(
    `CREATE INDEX support_ticket_satisfaction_created_idx ON support_ticket_satisfaction (created_at)`,
  );

  await knex.raw(`
    CREATE TABLE team_settings (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      auto_assign boolean NOT NULL DEFAULT false,
      capacity integer NOT NULL DEFAULT 10 CHECK (capacity BETWEEN 1 AND 1000),
      offline_reassign_after_s integer CHECK (offline_reassign_after_s IS NULL OR offline_reassign_after_s >= 30),
      use_skills boolean NOT NULL DEFAULT false,
      -- Round robin among equals: the admin who last received a ticket goes to the back.
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )
  `);
  await knex.raw(`INSERT INTO team_settings (id) VALUES (1)`);
  await knex.raw(`
    CREATE TABLE admin_presence (
      user_id varchar(255) PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      online boolean NOT NULL DEFAULT false,
      changed_at timestamptz(3) NOT NULL DEFAULT now(),
      last_assigned_at timestamptz(3),
      skills text[] NOT NULL DEFAULT '{}'
    )
  `);

  await knex.raw(`
    CREATE TABLE saved_views (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      owner_id varchar(255) NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name varchar(80) NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
      shared boolean NOT NULL DEFAULT false,
      filters jsonb NOT NULL CHECK (jsonb_typeof(filters) = 'object'),
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )
  `);
  await knex.raw(`CREATE INDEX saved_views_owner_idx ON saved_views (owner_id)`);

  await knex.raw(
    `ALTER TABLE support_ticket_events DROP CONSTRAINT support_ticket_events_type_check,
     ADD CONSTRAINT support_ticket_events_type_check CHECK (type IN (${NEW_TYPES}))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DELETE FROM support_ticket_events WHERE type IN ('tags', 'merged', 'rated')`);
  await knex.raw(
    `ALTER TABLE support_ticket_events DROP CONSTRAINT support_ticket_events_type_check,
     ADD CONSTRAINT support_ticket_events_type_check CHECK (type IN (${OLD_TYPES}))`,
  );
  await knex.raw(`DROP TABLE IF EXISTS saved_views`);
  await knex.raw(`DROP TABLE IF EXISTS admin_presence`);
  await knex.raw(`DROP TABLE IF EXISTS team_settings`);
  await knex.raw(`DROP TABLE IF EXISTS support_ticket_satisfaction`);
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_assignee_open_idx`);
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_tags_idx`);
  await knex.raw(`ALTER TABLE support_tickets DROP COLUMN merged_into_id, DROP COLUMN tags`);
  await knex.raw(`DROP INDEX IF EXISTS users_invite_token_idx`);
  await knex.raw(`ALTER TABLE users
    DROP COLUMN invite_expires_at, DROP COLUMN invite_token_hash, DROP COLUMN deactivated_at, DROP COLUMN active`);
}
