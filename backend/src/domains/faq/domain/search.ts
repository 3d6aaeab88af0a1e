/** Search rules: how a free-text query becomes a PostgreSQL tsquery, and how misses are recorded. */
import { searchWords } from "../../../shared/search-words";
import { cutAtCharacter } from "../../../shared/text";

export const MAX_SEARCH_TERMS = 32;
const MAX_TERM_LENGTH = 64;
export const MAX_RECORDED_QUERY_LENGTH = 200;

/**
 * The words of a query (shared/search-words.ts: letters, digits and their marks only, so no tsquery
 * operator can reach PostgreSQL), de-duplicated, capped in number and length.
 */
export function searchTerms(q: string): string[] {
  const unique: string[] = [];
  for (const w of searchWords(q)) {
    const term = w.slice(0, MAX_TERM_LENGTH);
    if (!unique.includes(term)) unique.push(term);
    if (unique.length >= MAX_SEARCH_TERMS) break;
  }
  return unique;
}

/**
 * Each word as a quoted prefix query text ("payo" finds "payouts"), for the repository to join with AND
 * (`mode: "all"`) or OR (`"any"`: the fallback when no article has all the words). Quoted, so a word the
 * parser drops (a stop word such as "my") is ignored rather than breaking the query.
 */
export function prefixQueries(terms: string[]): string[] {
  return terms.map((t) => `'${t.replace(/'/g, "''")}':*`);
}

export type SearchMode = "all" | "any";

/** How a search that found nothing is stored for the stats: trimmed, lowercased, spaces collapsed, capped. */
export function normalizeSearch(q: string): string {
  const flat = q
    .replace(/\p{Cc}/gu, " ")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");
  return cutAtCharacter(flat, MAX_RECORDED_QUERY_LENGTH).trim();
}
