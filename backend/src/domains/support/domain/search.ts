import { searchWords } from "../../../shared/search-words";
import { cutAtCharacter } from "../../../shared/text";

/** At most this many words of a search take part; the rest are ignored. */
export const MAX_SEARCH_WORDS = 12;
const MAX_WORD = 64;

/**
 * Builds a prefix tsquery ("refu" finds "refund") from free text: every word (shared/search-words.ts,
 * which lets no tsquery operator through) becomes `word:*`, joined with &. Null when nothing searchable
 * is left.
 */
export function toPrefixTsquery(text: string): string | null {
  const unique = prefixWords(text);
  if (unique.length === 0) return null;
  return unique.map((w) => `${w}:*`).join(" & ");
}

/** The words of a search that take part, each a prefix: what toPrefixTsquery joins. */
export function prefixWords(text: string): string[] {
  return [...new Set(searchWords(text).map((w) => cutAtCharacter(w, MAX_WORD)))].slice(0, MAX_SEARCH_WORDS);
}

/**
 * The text that goes into the search index: the same words the query side makes, so every query word
 * can match. PostgreSQL's parser alone would index "order-1042" as "order" and "-1042" and
 * "user@example.com" as one token, which "1042" or "example" never find.
 */
export function toSearchText(text: string): string {
  return searchWords(text).join(" ");
}

/**
 * A ticket-number query: `#87` (the number only) or a bare `87` (that ticket first, then tickets
 * whose text has 87, e.g. an order number). Null for anything else.
 */
export function parseTicketNumberQuery(text: string): { number: number; only: boolean } | null {
  // NFKC first: full-width digits (＃７７, as a Japanese keyboard types them) are a number too.
  const m = /^\s*(#?)(-?\d{1,15})\s*$/.exec(text.normalize("NFKC"));
  if (!m) return null;
  const n = Number(m[2]);
  // `#0` or `#-1` asks for a ticket number no ticket has: nothing, not a text search for "0" or "1".
  if (m[1] === "#") return { number: n, only: true };
  if (!Number.isSafeInteger(n) || n < 1) return null;
  return { number: n, only: false };
}

/**
 * What a queue's free-text `q` selects, read one way for the queue, bulk changes and saved views (so a
 * view's count and "apply to all matching" mean the tickets the list shows): `#87` ticket 87 only; a bare
 * `87` ticket 87 and every ticket whose text has 87; other text a prefix search. Blank text sets no
 * condition; text with nothing searchable in it (`!!!`, `:*`) matches no ticket (`none`), never every
 * ticket (a bulk change to "all matching" `!!!` once changed the whole queue).
 */
export type TicketQuery = {
  number: number | null;
  numberOnly: boolean;
  tsquery: string | null;
  none: boolean;
};

export function readTicketQuery(text: string): TicketQuery {
  const n = parseTicketNumberQuery(text);
  if (n?.only) return { number: n.number, numberOnly: true, tsquery: null, none: false };
  const tsquery = toPrefixTsquery(text);
  const none = tsquery === null && n === null && text.trim() !== "";
  return { number: n?.number ?? null, numberOnly: false, tsquery, none };
}

/** Marks ts_headline puts around matches; control characters are stripped from the text first. */
export const HEADLINE_START = "\u0002";
export const HEADLINE_STOP = "\u0003";

type HeadlinePart = { text: string; match: boolean };

/** A run of letters, digits and marks as the message writes it: what searchWords reads one or more words from. */
const WRITTEN_WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** `text` with each written word that one of `words` begins (read by searchWords) as a match of its own. */
function markWords(text: string, words: readonly string[]): HeadlinePart[] {
  const parts: HeadlinePart[] = [];
  let last = 0;
  for (const m of words.length ? text.matchAll(WRITTEN_WORD) : []) {
    if (!searchWords(m[0]).some((w) => words.some((prefix) => w.startsWith(prefix)))) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index), match: false });
    parts.push({ text: m[0], match: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}

/**
 * ts_headline's output to text parts, so no markup ever travels: the client renders them as text.
 * ts_headline compares words as the message writes them, so the search's `words` (prefixWords) are also
 * marked wherever it missed them: full-width letters, vowelled Arabic, "1042" in "order-1042".
 */
export function headlineParts(headline: string, words: readonly string[] = []): HeadlinePart[] {
  const parts: HeadlinePart[] = [];
  const re = new RegExp(`${HEADLINE_START}([^${HEADLINE_STOP}]*)${HEADLINE_STOP}`, "g");
  let last = 0;
  for (const m of headline.matchAll(re)) {
    if (m.index > last) parts.push({ text: headline.slice(last, m.index), match: false });
    if (m[1]) parts.push({ text: m[1], match: true });
    last = m.index + m[0].length;
  }
  if (last < headline.length) parts.push({ text: headline.slice(last), match: false });
  const marks = new RegExp(`[${HEADLINE_START}${HEADLINE_STOP}]`, "g");
  return parts
    .map((p) => ({ ...p, text: p.text.replace(marks, "") }))
    .filter((p) => p.text)
    .flatMap((p) => (p.match ? [p] : markWords(p.text, words)));
}

/** The words of a "looks like" search: each distinct word of three or more characters, capped. */
export function lookAlikeWords(text: string): string[] {
  return [
    ...new Set(
      searchWords(text)
        .filter((w) => w.length >= 3)
        .map((w) => cutAtCharacter(w, MAX_WORD)),
    ),
  ].slice(0, MAX_SEARCH_WORDS * 2);
}

/**
 * The "looks like" search (duplicate suggestions for a draft ticket): any of lookAlikeWords, as a prefix,
 * joined with |. Null when nothing is left.
 */
export function toAnyPrefixTsquery(text: string): string | null {
  const words = lookAlikeWords(text);
  return words.length === 0 ? null : words.map((w) => `${w}:*`).join(" | ");
}
