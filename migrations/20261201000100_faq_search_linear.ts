import type { Knex } from "knex";

/**
 * PostgreSQL's text-search parser takes quadratic time on runs of underscores and letters: an answer of
 * "_a" repeated 10,000 times kept to_tsvector busy for 4.3 s on PostgreSQL 15 (and blocked the whole
 * process on the embedded database, which runs on the Node thread). The parser treats "_" as a word
 * separator anyway, so indexing the text with underscores turned into spaces gives the same vector
 * (`to_tsvector('foo_bar') = to_tsvector('foo bar')`) in linear time: 39 ms for the same answer.
 */
const vector = (wrap: (column: string) => string) => `
  setweight(to_tsvector('english'::regconfig, ${wrap("question")}), 'A') ||
  setweight(to_tsvector('english'::regconfig, ${wrap("answer")}), 'B') ||
  setweight(to_tsvector('english'::regconfig, ${wrap("category")}), 'C')`;

async function replaceSearchColumn(knex: Knex, expression: string): Promise<void> {
  await knex.raw(`ALTER TABLE faq_articles DROP COLUMN search`); // drops faq_articles_search_idx too
  await knex.raw(
    `ALTER TABLE faq_articles ADD COLUMN search tsvector GENERATED ALWAYS AS (${expression}) STORED`,
  );
  await knex.raw(`CREATE INDEX faq_articles_search_idx ON faq_articles USING GIN (search)`);
}

export async function up(knex: Knex): Promise<void> {
  await replaceSearchColumn(
    knex,
    vector((c) => `translate(${c}, '_', ' ')`),
  );
}

export async function down(knex: Knex): Promise<void> {
  await replaceSearchColumn(
    knex,
    vector((c) => c),
  );
}
