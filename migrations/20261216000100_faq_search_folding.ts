import type { Knex } from "knex";

/**
 * The FAQ search folds accents and hyphens: "cafe" finds "Café", "resume" finds "résumé", "email" finds
 * "e-mail" (and the other way round: the service folds the query's words with parley_search_fold).
 *
 * PostgreSQL's unaccent extension (a trusted extension: the database owner may create it; the embedded
 * database loads it in platform/db.ts) does the folding. The search column keeps every field's vector as
 * it was and adds, with the field's weight, only the words folding changes: accented words without their
 * accents, and hyphenated words also written together. Plain ASCII text indexes exactly as before, so its
 * ranking stays; an accented query matches both spellings of an accented article, so the exact spelling
 * ranks above a folded one.
 *
 * Both functions name their schemas: a generated column is also computed where search_path is empty
 * (pg_dump's restore).
 */
const WORD_TOKENS = ["word", "numword", "hword", "asciihword", "numhword", "hword_part", "hword_numpart"];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function unaccentSchema(knex: Knex): Promise<string | undefined> {
  const { rows } = await knex.raw(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname = 'unaccent'`,
  );
  return (rows as Array<{ schema: string }>)[0]?.schema;
}

async function installUnaccent(knex: Knex): Promise<string> {
  const installed = await unaccentSchema(knex);
  if (installed) return installed;
  try {
    await knex.raw(`CREATE EXTENSION IF NOT EXISTS unaccent`);
  } catch (err) {
    throw new Error(
      `The FAQ search needs PostgreSQL's unaccent extension, and this role may not create it ` +
        `(${(err as Error).message}). Run "CREATE EXTENSION unaccent;" in this database as its owner ` +
        `or a superuser, then start Parley again.`,
      { cause: err },
    );
  }
  const schema = await unaccentSchema(knex);
  if (!schema) throw new Error("CREATE EXTENSION unaccent did not install it");
  return schema;
}

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
  const ext = ident(await installUnaccent(knex));
  const own = ident(
    ((await knex.raw(`SELECT current_schema() AS schema`)).rows as Array<{ schema: string }>)[0]!.schema,
  );
  const unaccent = (arg: string) => `${ext}.unaccent('${ext}.unaccent'::regdictionary, ${arg})`;
  // A word as the query side folds it (the service sends the query's words here).
  await knex.raw(`
    CREATE OR REPLACE FUNCTION ${own}.parley_search_fold(text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT ${unaccent("$1")} $$`);
  // The words of a text that folding changes, folded: "Café" gives "Cafe", "e-mail" gives "email",
  // "Zürich-Genève" gives "ZurichGeneve Zurich Geneve"; ASCII words, e-mail addresses and URLs give nothing.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION ${own}.parley_search_variants(text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT coalesce(pg_catalog.string_agg(w.folded, ' '), '')
          FROM (SELECT pg_catalog.replace(${unaccent("p.token")}, '-', '') AS folded, p.token
                  FROM pg_catalog.ts_parse('pg_catalog.default', $1) p
                 WHERE p.tokid IN (SELECT t.tokid FROM pg_catalog.ts_token_type('pg_catalog.default') t
                                    WHERE t.alias IN (${WORD_TOKENS.map((t) => `'${t}'`).join(", ")}))) w
         WHERE w.folded <> w.token
      $$`);
  // Underscores become spaces first, as before (20261201000100: the parser is quadratic on them).
  await replaceSearchColumn(
    knex,
    `${vector((c) => `translate(${c}, '_', ' ')`)} ||
     ${vector((c) => `${own}.parley_search_variants(translate(${c}, '_', ' '))`)}`,
  );
}

/** The extension stays: something else may use it, and dropping it needs the rights creating it did. */
export async function down(knex: Knex): Promise<void> {
  await replaceSearchColumn(
    knex,
    vector((c) => `translate(${c}, '_', ' ')`),
  );
  await knex.raw(`DROP FUNCTION parley_search_variants(text)`);
  await knex.raw(`DROP FUNCTION parley_search_fold(text)`);
}
