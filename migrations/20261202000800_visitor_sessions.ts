import type { Knex } from "knex";

/**
 * Issue 18: anonymous website visitors. A session is what a visitor token names; its conversation is a
 * support ticket under the reserved pseudo-shop `visitor:<id>` (ticket_id, set by the first message).
 * The page URL is where the visitor wrote from.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE visitor_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name varchar(120),
      email varchar(254),
      page_url varchar(2048),
      ticket_id uuid REFERENCES support_tickets (id) ON DELETE SET NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT visitor_sessions_page_url_check CHECK (
        page_url IS NULL OR lower(left(page_url, 8)) LIKE 'http://%' OR lower(left(page_url, 8)) = 'https://'
      )
    )
  `);
  await knex.raw(`CREATE UNIQUE INDEX visitor_sessions_ticket_idx ON visitor_sessions (ticket_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS visitor_sessions`);
}
