import type { Knex } from "knex";

/**
 * Storage keys whose bytes Parley meant to delete and could not (backend/src/domains/attachments): an upload
 * refused after its file was stored while the bucket was failing, or a swept upload whose bytes the bucket
 * would not delete. No attachments row points at them any more, so without this list nothing would ever
 * find them again; the hourly sweep retries each one until storage confirms it is gone.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE attachment_orphans (
      storage_key varchar(255) PRIMARY KEY,
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("attachment_orphans");
}
