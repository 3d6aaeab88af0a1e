/**
 * "Did you mean …?" for a help-centre search that found nothing. The server's search matches words and
 * prefixes only (docs/faq.md), so a typo finds nothing; the articles' own words are a small vocabulary
 * to correct each word of the search against (one edit for short words, two from six letters).
 */
import type { FaqArticle } from "@parley/contract";

const WORD = /[\p{L}\p{N}]+/gu;
const MIN_LENGTH = 3;

/** The search with its misspelt words corrected, or null when no word is close to one of the articles'. */
export function suggestSearch(q: string, articles: FaqArticle[]): string | null {
  const vocabulary = new Set<string>();
  for (const a of articles) {
    for (const w of `${a.question} ${a.category}`.toLowerCase().match(WORD) ?? []) {
      if (w.length >= MIN_LENGTH) vocabulary.add(w);
    }
  }
  let changed = false;
  const words = (q.toLowerCase().match(WORD) ?? []).map((word) => {
    if (word.length < MIN_LENGTH || vocabulary.has(word)) return word;
    const limit = word.length >= 6 ? 2 : 1;
    let best: string | null = null;
    let bestDistance = limit + 1;
    for (const candidate of vocabulary) {
      if (Math.abs(candidate.length - word.length) > limit) continue;
      const d = editDistance(word, candidate);
      if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    if (!best) return word;
    changed = true;
    return best;
  });
  return changed ? words.join(" ") : null;
}

/** Edits (insert, delete, substitute, swap two neighbours) from a to b: "refnud" is one from "refund". */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
