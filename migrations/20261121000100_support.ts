import type { Knex } from "knex";

/**
 * The support domain: tickets, their messages, the timeline and per-side read state.
 *
 * Enumerations are copied from backend/src/domains/support/domain (migrations never import app code).
 * Every timestamp is timestamptz(3): millisecond precision round-trips exactly through a JS Date, so the
 * keyset cursors and `updatedSince` compare the very values the API returned.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE support_tickets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number bigint GENERATED ALWAYS AS IDENTITY,
      shop_id varchar(255) NOT NULL REFERENCES shops (id) ON DELETE RESTRICT,
      subject varchar(200) NOT NULL,
      status varchar(16) NOT NULL DEFAULT 'open',
      priority varchar(16) NOT NULL DEFAULT 'medium',
      -- The 'priority' sort: urgent first. Generated, so no writer can let it drift from priority.
      priority_rank smallint GENERATED ALWAYS AS (
        CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END
      ) STORED,
      category varchar(64),
      assignee_id varchar(255) REFERENCES users (id) ON DELETE SET NULL,
      created_by varchar(255) NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      last_message_at timestamptz(3),
      first_response_at timestamptz(3),
      resolved_at timestamptz(3),
      closed_at timestamptz(3),
      -- Subject plus every public message body; internal notes never enter it.
      search_vector tsvector NOT NULL DEFAULT ''::tsvector,
      CONSTRAINT support_tickets_number_unique UNIQUE (number),
      CONSTRAINT support_tickets_status_check CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
      CONSTRAINT support_tickets_priority_check CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
      CONSTRAINT support_tickets_subject_check CHECK (char_length(subject) BETWEEN 1 AND 200),
      CONSTRAINT support_tickets_category_check CHECK (category IS NULL OR char_length(category) BETWEEN 1 AND 64),
      CONSTRAINT support_tickets_resolved_at_check CHECK (status <> 'resolved' OR resolved_at IS NOT NULL),
      CONSTRAINT support_tickets_closed_at_check CHECK (status <> 'closed' OR closed_at IS NOT NULL)
    )
  `);
  // One index per filter and sort of the queue. Keyset pages read them backwards: (k1, k2, id) < cursor.
  await knex.raw(`CREATE INDEX support_tickets_updated_idx ON support_tickets (updated_at, id)`);
  await knex.raw(`CREATE INDEX support_tickets_created_idx ON support_tickets (created_at, id)`);
  await knex.raw(
    `CREATE INDEX support_tickets_priority_idx ON support_tickets (priority_rank, updated_at, id)`,
  );
  await knex.raw(
    `CREATE INDEX support_tickets_status_updated_idx ON support_tickets (status, updated_at, id)`,
  );
  await knex.raw(
    `CREATE INDEX support_tickets_status_created_idx ON support_tickets (status, created_at, id)`,
  );
  await knex.raw(
    `CREATE INDEX support_tickets_status_priority_idx ON support_tickets (status, priority_rank, updated_at, id)`,
  );
  await knex.raw(
    `CREATE INDEX support_tickets_shop_updated_idx ON support_tickets (shop_id, updated_at, id)`,
  );
  await knex.raw(
    `CREATE INDEX support_tickets_shop_created_idx ON support_tickets (shop_id, created_at, id)`,
  );
  await knex.raw(
    `CREATE INDEX support_tickets_assignee_updated_idx ON support_tickets (assignee_id, updated_at, id)`,
  );
  await knex.raw(`CREATE INDEX support_tickets_search_idx ON support_tickets USING GIN (search_vector)`);

  await knex.raw(`
    CREATE TABLE support_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- A total order: timestamps can tie, seq cannot. Used for 'after=', read pointers and unread counts.
      seq bigint GENERATED ALWAYS AS IDENTITY,
      ticket_id uuid NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
      sender_type varchar(16) NOT NULL,
      sender_id varchar(255) REFERENCES users (id) ON DELETE RESTRICT,
      sender_name varchar(255),
      body text NOT NULL,
      internal boolean NOT NULL DEFAULT false,
      attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
      client_message_id varchar(100),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      read_at timestamptz(3),
      CONSTRAINT support_messages_sender_type_check CHECK (sender_type IN ('shop', 'admin', 'system')),
      CONSTRAINT support_messages_sender_check CHECK ((sender_type = 'system') = (sender_id IS NULL)),
      CONSTRAINT support_messages_internal_check CHECK (NOT internal OR sender_type = 'admin'),
      CONSTRAINT support_messages_body_check CHECK (char_length(body) BETWEEN 1 AND 10000),
      CONSTRAINT support_messages_attachments_check CHECK (jsonb_typeof(attachments) = 'array'),
      CONSTRAINT support_messages_client_id_check CHECK (client_message_id IS NULL OR char_length(client_message_id) BETWEEN 1 AND 100)
    )
  `);
  await knex.raw(`CREATE INDEX support_messages_ticket_seq_idx ON support_messages (ticket_id, seq)`);
  await knex.raw(
    `CREATE UNIQUE INDEX support_messages_client_id_unique ON support_messages (sender_id, client_message_id)
     WHERE client_message_id IS NOT NULL`,
  );

  await knex.raw(`
    CREATE TABLE support_ticket_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ticket_id uuid NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
      type varchar(16) NOT NULL,
      actor_id varchar(255) REFERENCES users (id) ON DELETE SET NULL,
      from_value varchar(255),
      to_value varchar(255),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT support_ticket_events_type_check CHECK (type IN ('created', 'status', 'priority', 'assignee'))
    )
  `);
  await knex.raw(`CREATE INDEX support_ticket_events_ticket_idx ON support_ticket_events (ticket_id, id)`);

  await knex.raw(`
    CREATE TABLE support_ticket_reads (
      ticket_id uuid NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
      side varchar(8) NOT NULL,
      last_read_seq bigint NOT NULL DEFAULT 0,
      read_at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (ticket_id, side),
      CONSTRAINT support_ticket_reads_side_check CHECK (side IN ('shop', 'admin'))
    )
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS support_ticket_reads`);
  await knex.raw(`DROP TABLE IF EXISTS support_ticket_events`);
  await knex.raw(`DROP TABLE IF EXISTS support_messages`);
  await knex.raw(`DROP TABLE IF EXISTS support_tickets`);
}
