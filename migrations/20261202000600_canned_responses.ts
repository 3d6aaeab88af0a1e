import type { Knex } from "knex";

/** Saved replies for admins (backend/src/domains/canned). Shared by the whole admin team. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE canned_responses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title varchar(100) NOT NULL,
      body text NOT NULL,
      created_by varchar(255) REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT canned_responses_title_check CHECK (char_length(title) BETWEEN 1 AND 100),
      CONSTRAINT canned_responses_body_check CHECK (char_length(body) BETWEEN 1 AND 10000)
    )
  `);
  await knex.raw(`CREATE INDEX canned_responses_title_idx ON canned_responses (lower(title))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS canned_responses`);
}
