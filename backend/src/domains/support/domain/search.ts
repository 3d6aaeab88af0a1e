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

/** Whether one of `words` (prefixes) begins a word that searchWords reads from `written`. */
function begunBy(written: string, words: readonly string[]): boolean {
  return searchWords(written).some((w) => words.some((prefix) => w.startsWith(prefix)));
}

/** `text` with each written word that one of `words` begins (read by searchWords) as a match of its own. */
function markWords(text: string, words: readonly string[]): HeadlinePart[] {
  const parts: HeadlinePart[] = [];
  let last = 0;
  for (const m of words.length ? text.matchAll(WRITTEN_WORD) : []) {
    if (!begunBy(m[0], words)) continue;
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

/**
 * What the snippet's second step (messageSnippetParts) reads of each ticket: of its newest 50 visible
 * messages (nearly every ticket's whole conversation), those newer than the SQL pass's match if it has one;
 * of those only the non-ASCII ones (the only ones the SQL pass can have misread), and no more than about
 * 64 KB of them, so a page of 100 long threads reads a few MB, not up to 100 × 50 × 10,000 characters.
 */
export const SNIPPET_SCAN = { messages: 50, bytes: 64 * 1024 };
/** A snippet built here shows at most this many written words, at most SNIPPET_LEAD of them before its first match. */
const SNIPPET_WORDS = 24;
const SNIPPET_LEAD = 8;
/** What searchSnippets strips from a message before ts_headline (its marks are control characters). */
// The class is control characters on purpose: the ones the SQL side strips too.
// eslint-disable-next-line no-control-regex
const CONTROL_MARKS = /[\u0001-\u0008]/g;

/**
 * A search snippet built from a message in TypeScript, for the messages the SQL first pass cannot match:
 * its plain word split (`[^[:alnum:]]`) misreads full-width, vowelled Arabic and Hindi words, which the
 * index's rule (searchWords) reads. Null unless the message has every one of `words` as a prefix of one of
 * its words, as the tsquery `w1:* & w2:*` asks of one message. Otherwise the parts of a window of at most
 * SNIPPET_WORDS written words around the first match, in the shape headlineParts gives, with every written
 * word a query word begins marked.
 */
export function messageSnippetParts(body: string, words: readonly string[]): HeadlinePart[] | null {
  if (words.length === 0) return null;
  const own = searchWords(body);
  if (!words.every((prefix) => own.some((w) => w.startsWith(prefix)))) return null;
  const text = body.replace(CONTROL_MARKS, "");
  const written = [...text.matchAll(WRITTEN_WORD)];
  const first = written.findIndex((m) => begunBy(m[0], words));
  // A word only NFKC makes (a "㎏" read as "kg") matches the whole text but no written word: no window.
  if (first < 0) return null;
  const end = Math.min(written.length, Math.max(first - SNIPPET_LEAD, 0) + SNIPPET_WORDS);
  const start = Math.max(0, Math.min(first - SNIPPET_LEAD, end - SNIPPET_WORDS));
  const from = written[start]!;
  const to = written[end - 1]!;
  return markWords(text.slice(from.index, to.index + to[0].length), words);
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
