import type { Knex } from "knex";

/**
 * An FAQ article's category and question, and a saved reply's title, are one line: the contract's `line()`
 * (packages/contract/src/common.ts) turns each run of line breaks, tabs and other control characters into
 * one space, then trims. Rows saved before that rule still hold those characters, so an old category
 * showed as a separate filter chip from the same category saved since, and a list entry broke in two.
 * This folds them the same way, so old and new rows agree.
 *
 * The rule, copied (migrations never import app code):
 * - BREAKS is `line()`'s `[\p{Cc}\u2028\u2029]`: U+0000-U+001F, U+007F-U+009F (NUL excepted: PostgreSQL
 *   text cannot hold it) and the line and paragraph separators; a run becomes one space.
 * - SPACE is what JavaScript's `trim()` (in `text()`) takes off both ends afterwards.
 * - INVISIBLE is `text()`'s list of characters that take no room on screen.
 *
 * A value that folding would leave with nothing visible (say a title of one bell character, which the old
 * rule let through) keeps its characters: the empty string breaks canned_responses_title_check, and an
 * empty heading is worse than the odd one. The API refuses to save such a value again, so it goes at the
 * next edit.
 *
 * Neither table has a unique constraint on these columns, and the API already lets two saved replies (or
 * articles) share a title (or question). Two rows that differ only by a line break therefore both stay,
 * under the same text: merging them would delete what an admin wrote, and renaming one would invent a
 * title. Articles whose categories now read the same are one category, as they should have been.
 *
 * updated_at stays: it tells admins when someone last edited the row, and nothing syncs by it. The FAQ's
 * search column is generated from these columns (20261216000100), so PostgreSQL recomputes it with the
 * row; the expression index on lower(title) follows the same way.
 *
 * Only rows holding a character to fold are written, so a database without them is left untouched.
 */
const BREAKS = "[\\u0001-\\u001f\\u007f-\\u009f\\u2028\\u2029]";
const SPACE = "\\u0009-\\u000d\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
const INVISIBLE = "\\u00ad\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\ufeff";

const folded = (column: string) =>
  `regexp_replace(regexp_replace(${column}, '${BREAKS}+', ' ', 'g'), '^[${SPACE}]+|[${SPACE}]+$', '', 'g')`;

/** Whether the column holds something to fold and still shows text once folded. */
const foldable = (column: string) =>
  `(${column} ~ '${BREAKS}' AND ${folded(column)} ~ '[^${SPACE}${INVISIBLE}]')`;

/** Folds `columns` of `table`, each only where it is foldable. */
async function foldColumns(knex: Knex, table: string, columns: string[]): Promise<void> {
  const set = columns.map((c) => `${c} = CASE WHEN ${foldable(c)} THEN ${folded(c)} ELSE ${c} END`);
  await knex.raw(`UPDATE ${table} SET ${set.join(", ")} WHERE ${columns.map(foldable).join(" OR ")}`);
}

export async function up(knex: Knex): Promise<void> {
  await foldColumns(knex, "faq_articles", ["category", "question"]);
  await foldColumns(knex, "canned_responses", ["title"]);
}

/**
 * Nothing to undo: the line breaks are not kept anywhere, and the code before this migration reads folded
 * text as it reads any other (the API has saved only folded text since the rule came in).
 */
export async function down(): Promise<void> {}
