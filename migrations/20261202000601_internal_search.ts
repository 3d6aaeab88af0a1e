import type { Knex } from "knex";

/**
 * Internal notes become searchable by admins: their words go into a vector of their own, so a shop's
 * search (search_vector only) can never match a note. NULL until a ticket gets its first note; the
 * partial GIN index holds only tickets that have notes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE support_tickets ADD COLUMN internal_search_vector tsvector`);
  // Notes written before this migration: the same normalisation as domain/search.ts toSearchText.
  await knex.raw(`
    UPDATE support_tickets t SET internal_search_vector = n.v
      FROM (SELECT ticket_id,
                   strip(to_tsvector('simple', string_agg(regexp_replace(lower(body), '[^[:alnum:]]+', ' ', 'g'), ' '))) AS v
              FROM support_messages WHERE internal GROUP BY ticket_id) n
     WHERE n.ticket_id = t.id`);
  await knex.raw(
    `CREATE INDEX support_tickets_internal_search_idx ON support_tickets USING GIN (internal_search_vector)
       WHERE internal_search_vector IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_internal_search_idx`);
  await knex.raw(`ALTER TABLE support_tickets DROP COLUMN IF EXISTS internal_search_vector`);
}
