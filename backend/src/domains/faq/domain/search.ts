/** Search rules: how a free-text query becomes a PostgreSQL tsquery, and how misses are recorded. */
import { searchWords } from "../../../shared/search-words";
import { cutAtCharacter } from "../../../shared/text";

export const MAX_SEARCH_TERMS = 32;
const MAX_TERM_LENGTH = 64;
export const MAX_RECORDED_QUERY_LENGTH = 200;

/** A run of letters, digits and marks, with the runs that hyphens join to it ("e-mail", "state-of-the-art"). */
const HYPHENATED = /[\p{L}\p{M}\p{N}]+(?:[-\u2010\u2011][\p{L}\p{M}\p{N}]+)*/gu;

/**
 * The terms of a query: its words (shared/search-words.ts: letters, digits and their marks only, so no
 * tsquery operator can reach PostgreSQL), de-duplicated, capped in number and length. A hyphenated word is
 * one term, its words joined by "-" ("e-mail"): prefixQueries lets it match written apart or together.
 */
export function searchTerms(q: string): string[] {
  const unique: string[] = [];
  let words = 0;
  for (const [chunk] of q.normalize("NFKC").matchAll(HYPHENATED)) {
    const parts = searchWords(chunk)
      .slice(0, MAX_SEARCH_TERMS - words)
      .map((w) => cutAtCharacter(w, MAX_TERM_LENGTH));
    const terms = /[-\u2010\u2011]/.test(chunk) ? [parts.join("-")] : parts;
    for (const term of terms) {
      if (term === "" || unique.includes(term)) continue;
      unique.push(term);
      words += term.split("-").length;
    }
    if (words >= MAX_SEARCH_TERMS) break;
  }
  return unique;
}

/** The words of the terms that folding may change (unaccent maps only non-ASCII letters), for the database to fold. */
export function wordsToFold(terms: string[]): string[] {
  const words = new Set<string>();
  for (const term of terms) {
    const parts = term.split("-");
    for (const w of parts.length > 1 ? [...parts, joined(parts)] : parts) {
      if (/\P{ASCII}/u.test(w)) words.add(w);
    }
  }
  return [...words];
}

const joined = (parts: string[]) => cutAtCharacter(parts.join(""), MAX_TERM_LENGTH);
const prefix = (word: string) => `'${word.replace(/'/g, "''")}':*`;

/**
 * Each term as a quoted prefix query text ("payo" finds "payouts"), for the repository to join with AND
 * (`mode: "all"`) or OR (`"any"`: the fallback when no article has all the words). Quoted, so a word the
 * parser drops (a stop word such as "my") is ignored rather than breaking the query.
 *
 * Folding (`folded`: word to the database's parley_search_fold of it) adds the word without its accents,
 * "café" also as "cafe"; a hyphenated term matches its words apart or together, "e-mail" as
 * `('e':* & 'mail':*) | 'email':*`. The index holds the same folded forms (migration 20261216000100). A
 * folded word is read again as search words: folding may give punctuation ("ʼ" becomes "'").
 */
export function prefixQueries(terms: string[], folded: ReadonlyMap<string, string> = new Map()): string[] {
  const fold = (w: string) => {
    const f = folded.get(w);
    const words = f === undefined ? [] : searchWords(f).map((x) => cutAtCharacter(x, MAX_TERM_LENGTH));
    return words.length > 0 ? words : [w];
  };
  return terms.map((term) => {
    const parts = term.split("-");
    const spellings = parts.length > 1 ? [parts, [joined(parts)]] : [parts];
    for (const spelling of [...spellings]) spellings.push(spelling.flatMap(fold));
    const unique = [...new Map(spellings.map((s) => [s.join(" "), s])).values()];
    return unique
      .map((words) => (words.length === 1 ? prefix(words[0]!) : `(${words.map(prefix).join(" & ")})`))
      .join(" | ");
  });
}

export type SearchMode = "all" | "any";

/**
 * How a search that found nothing is stored for the stats: the terms the search read (searchTerms: NFKC,
 * lower case, words only), capped. Queries the search cannot tell apart ("ｒｅｆｕｎｄ", "Refund?" and
 * "refund") are then one entry with their count, not several that each look rare.
 */
export function missedSearch(q: string): string {
  return cutAtCharacter(searchTerms(q).join(" "), MAX_RECORDED_QUERY_LENGTH).trim();
}

/** How a search event's query is stored: trimmed, lowercased, spaces collapsed, capped. */
export function normalizeSearch(q: string): string {
  const flat = q
    .replace(/\p{Cc}/gu, " ")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");
  return cutAtCharacter(flat, MAX_RECORDED_QUERY_LENGTH).trim();
}
