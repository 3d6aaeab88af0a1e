import type { Knex } from "knex";

/**
 * Uploaded files (backend/src/domains/attachments). A row belongs to its uploader until a message claims it
 * (message_id set, once); unattached rows older than 24 hours are swept. ticket_shop_id and internal are copied
 * from the ticket and the message when attached, so a download is authorised from this row alone. The bytes live
 * in storage (a folder under DATA_DIR, or S3) under storage_key and thumbnail_key.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE attachments (
      id uuid PRIMARY KEY,
      uploader_id varchar(255) NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      name varchar(255) NOT NULL,
      content_type varchar(255) NOT NULL,
      size bigint NOT NULL,
      storage_key varchar(255) NOT NULL,
      thumbnail_key varchar(255),
      ticket_id uuid REFERENCES support_tickets (id) ON DELETE CASCADE,
      message_id uuid REFERENCES support_messages (id) ON DELETE CASCADE,
      ticket_shop_id varchar(255),
      internal boolean NOT NULL DEFAULT false,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      attached_at timestamptz(3),
      CONSTRAINT attachments_size_check CHECK (size >= 0),
      CONSTRAINT attachments_name_check CHECK (char_length(name) BETWEEN 1 AND 255),
      CONSTRAINT attachments_attached_check CHECK (
        (message_id IS NULL) = (ticket_id IS NULL) AND (message_id IS NULL) = (attached_at IS NULL)
      )
    )
  `);
  await knex.raw(
    `CREATE INDEX attachments_unattached_idx ON attachments (created_at) WHERE message_id IS NULL`,
  );
  await knex.raw(
    `CREATE INDEX attachments_message_idx ON attachments (message_id) WHERE message_id IS NOT NULL`,
  );
  await knex.raw(`CREATE INDEX attachments_uploader_idx ON attachments (uploader_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("attachments");
}
