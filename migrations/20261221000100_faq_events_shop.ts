import type { Knex } from "knex";

/**
 * The shop a FAQ event came from (a shop user's new-ticket form), so deflection can be read for one shop,
 * beside that shop's tickets on the Analytics page. Events recorded before this have none: a shop's figures
 * start here. Customers' and visitors' events have none either. Adding a column without a default rewrites
 * nothing; the partial index starts empty.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE faq_events ADD COLUMN shop_id varchar(255)`);
  await knex.raw(
    `CREATE INDEX faq_events_shop_created_idx ON faq_events (shop_id, created_at) WHERE shop_id IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX faq_events_shop_created_idx`);
  await knex.raw(`ALTER TABLE faq_events DROP COLUMN shop_id`);
}
