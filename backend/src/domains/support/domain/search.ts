/** At most this many words of a search take part; the rest are ignored. */
export const MAX_SEARCH_WORDS = 12;
const MAX_WORD = 64;

/**
 * Builds a prefix tsquery ("refu" finds "refund") from free text. Only runs of letters and digits
 * survive, so no tsquery operator (& | ! : * ( ) < > quotes, backslashes) ever reaches to_tsquery:
 * every word becomes `word:*` and the words are joined with &. Null when nothing searchable is left.
 */
export function toPrefixTsquery(text: string): string | null {
  const words =
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words.map((w) => w.slice(0, MAX_WORD)))].slice(0, MAX_SEARCH_WORDS);
  if (unique.length === 0) return null;
  return unique.map((w) => `${w}:*`).join(" & ");
}

function wordsOf(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * The text that goes into the search index: the same runs of letters and digits the query side
 * makes, so every query word can match. PostgreSQL's parser alone would index "order-1042" as
 * "order" and "-1042" and "user@example.com" as one token, which "1042" or "example" never find.
 */
export function toSearchText(text: string): string {
  return wordsOf(text).join(" ");
}

/**
 * The "looks like" search (duplicate suggestions for a draft ticket, the FAQ suggester's OR fallback):
 * any word of three or more characters, as a prefix, joined with |. Null when nothing is left.
 */
export function toAnyPrefixTsquery(text: string): string | null {
  const unique = [
    ...new Set(
      wordsOf(text)
        .filter((w) => w.length >= 3)
        .map((w) => w.slice(0, MAX_WORD)),
    ),
  ].slice(0, MAX_SEARCH_WORDS * 2);
  if (unique.length === 0) return null;
  return unique.map((w) => `${w}:*`).join(" | ");
}
