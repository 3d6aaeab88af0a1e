/**
 * What a word is, for every search (the ticket index and its queries, the FAQ's queries): one rule, so
 * a query's words are the words the index holds.
 *
 * NFKC first (full-width letters and ligatures become plain ones), then lower case. A word is a letter or
 * digit followed by letters, digits and combining marks: the marks belong to the word they sit in, so
 * "नमस्ते" (Devanagari vowel signs and virama) and "ภาษาไทย" (Thai vowels) stay one word instead of falling
 * apart into consonants that match any text sharing them. Only runs of letters, digits and marks survive,
 * so no tsquery operator (& | ! : * ( ) < > quotes, backslashes) ever reaches PostgreSQL.
 *
 * Marks that writing leaves out as often as it puts in are dropped on both sides, so either spelling finds
 * the other: Arabic short vowels and other tashkeel (and the tatweel that stretches a word), Hebrew points,
 * and the dot that lower-casing a Turkish "İ" leaves above its i ("istanbul" finds "İSTANBUL").
 */
const OPTIONAL_MARKS =
  // The classes list combining marks on purpose (the rule is there for marks typed into a class by accident).
  // eslint-disable-next-line no-misleading-character-class
  /[\u0610-\u061A\u0640\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]|[\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7]|(?<=i)\u0307/g;
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

export function searchWords(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().replace(OPTIONAL_MARKS, "").match(WORD) ?? [];
}
