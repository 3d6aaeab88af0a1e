import type { Knex } from "knex";

/**
 * A timeline event's from/to values were varchar(255), written for a status, a priority or an assignee id.
 * A tags change records the whole list (`a,b,c`), and a ticket may hold 20 tags of 40 characters: 819
 * characters, so a change to a long list failed its INSERT, and `PUT /api/tickets/:id/tags` answered 500.
 * text has no length limit. varchar(n) to text needs no rewrite of the table or its index in PostgreSQL.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `ALTER TABLE support_ticket_events ALTER COLUMN from_value TYPE text, ALTER COLUMN to_value TYPE text`,
  );
}

export async function down(knex: Knex): Promise<void> {
  // Values longer than 255 characters cannot go back into varchar(255): they are cut to fit.
  await knex.raw(
    `ALTER TABLE support_ticket_events
       ALTER COLUMN from_value TYPE varchar(255) USING left(from_value, 255),
       ALTER COLUMN to_value TYPE varchar(255) USING left(to_value, 255)`,
  );
}
