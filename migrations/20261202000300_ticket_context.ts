import type { Knex } from "knex";

/**
 * Issue 18: the order, listing, payout or booking a ticket is about (its host platform's id), and a link
 * back to it. The queue filters by context id, and a ticket lists the shop's other tickets about the same
 * one, hence the index on (shop_id, context_id). Types are copied from the contract's TICKET_CONTEXT_TYPES.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE support_tickets
      ADD COLUMN context_type varchar(16),
      ADD COLUMN context_id varchar(255),
      ADD COLUMN context_title varchar(200),
      ADD COLUMN context_url varchar(2048),
      ADD CONSTRAINT support_tickets_context_check CHECK (
        (context_type IS NULL) = (context_id IS NULL)
        AND (context_type IS NULL OR context_type IN ('order', 'listing', 'payout', 'booking'))
        AND (context_url IS NULL OR lower(left(context_url, 8)) LIKE 'http://%' OR lower(left(context_url, 8)) = 'https://')
      )
  `);
  await knex.raw(
    `CREATE INDEX support_tickets_context_idx ON support_tickets (context_id, shop_id) WHERE context_id IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_context_idx`);
  await knex.raw(`
    ALTER TABLE support_tickets
      DROP CONSTRAINT IF EXISTS support_tickets_context_check,
      DROP COLUMN IF EXISTS context_url,
      DROP COLUMN IF EXISTS context_title,
      DROP COLUMN IF EXISTS context_id,
      DROP COLUMN IF EXISTS context_type
  `);
}
