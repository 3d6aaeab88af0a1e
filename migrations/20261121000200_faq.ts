import type { Knex } from "knex";

/**
 * FAQ articles with a weighted full-text vector (question A, answer B, category C), votes (one per voter
 * and article), deflection events, searches that found nothing, and a small key/value table whose
 * `seeded` row records that the default articles were loaded once (so deleting them all does not bring
 * them back).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("faq_articles", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.string("audience", 16).notNullable();
    t.string("category", 64).notNullable();
    t.string("question", 300).notNullable();
    t.text("answer").notNullable();
    t.text("answer_html").notNullable();
    t.integer("position").notNullable().defaultTo(0);
    t.boolean("published").notNullable().defaultTo(true);
    t.integer("helpful_count").notNullable().defaultTo(0);
    t.integer("not_helpful_count").notNullable().defaultTo(0);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["published", "audience", "position"]);
  });
  await knex.raw(
    `ALTER TABLE faq_articles ADD CONSTRAINT faq_articles_audience_check CHECK (audience IN ('shop', 'customer', 'both'))`,
  );
  await knex.raw(`
    ALTER TABLE faq_articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('english'::regconfig, question), 'A') ||
      setweight(to_tsvector('english'::regconfig, answer), 'B') ||
      setweight(to_tsvector('english'::regconfig, category), 'C')
    ) STORED`);
  await knex.raw(`CREATE INDEX faq_articles_search_idx ON faq_articles USING GIN (search)`);

  await knex.schema.createTable("faq_votes", (t) => {
    t.uuid("article_id").notNullable().references("id").inTable("faq_articles").onDelete("CASCADE");
    // "user:<token sub>" or "browser:<uuid>"
    t.string("voter", 300).notNullable();
    t.boolean("helpful").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(["article_id", "voter"]);
  });

  await knex.schema.createTable("faq_events", (t) => {
    t.bigIncrements("id").primary();
    t.string("type", 32).notNullable();
    t.uuid("session_id").notNullable();
    t.jsonb("article_ids").notNullable().defaultTo(knex.raw(`'[]'::jsonb`));
    t.string("query", 200);
    t.integer("result_count");
    t.string("user_id", 255);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["session_id"]);
    t.index(["created_at"]);
  });
  await knex.raw(
    `ALTER TABLE faq_events ADD CONSTRAINT faq_events_type_check CHECK (type IN ('suggestions_shown', 'article_opened', 'ticket_filed', 'search'))`,
  );

  await knex.schema.createTable("faq_search_misses", (t) => {
    t.bigIncrements("id").primary();
    t.string("query", 200).notNullable();
    t.string("source", 16).notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["created_at"]);
  });

  await knex.schema.createTable("faq_meta", (t) => {
    t.string("key", 64).primary();
    t.text("value").notNullable();
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("faq_meta");
  await knex.schema.dropTable("faq_search_misses");
  await knex.schema.dropTable("faq_events");
  await knex.schema.dropTable("faq_votes");
  await knex.schema.dropTable("faq_articles");
}
