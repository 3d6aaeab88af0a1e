/**
 * timestamptz from PostgreSQL's text format into a Date, faster than node-postgres's default
 * (postgres-date, a few regular expressions per value). A queue page carries about forty timestamps,
 * and their parsing was 4% of the server's CPU under the queue benchmark (docs/benchmarks.md, session 19).
 *
 * The fast path reads the shape PostgreSQL writes with DateStyle ISO for years 1000-9999:
 * `YYYY-MM-DD HH:MM:SS[.f{1,6}]±HH[:MM]`. Anything else (infinity, BC, other years, an offset in
 * seconds) goes to the default parser, which stays the reference: the tests compare the two.
 */
type Parse = (value: string) => unknown;

const ZERO = 48;
/** Where `YYYY-MM-DD HH:MM:SS` has its separators, and which. */
const SEPARATORS: ReadonlyArray<[number, number]> = [
  [4, 45 /* - */],
  [7, 45],
  [10, 32 /* space */],
  [13, 58 /* : */],
  [16, 58],
];

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

export function createTimestamptzParser(fallback: Parse): Parse {
  return (s: string) => {
    // "2026-12-03 18:42:27" is 19 characters; the offset needs at least 3 more.
    if (s.length < 22 || s.charCodeAt(0) === ZERO || SEPARATORS.some(([at, c]) => s.charCodeAt(at) !== c)) {
      return fallback(s);
    }
    const year = digits(s, 0, 4);
    const month = digits(s, 5, 2);
    const day = digits(s, 8, 2);
    const hour = digits(s, 11, 2);
    const minute = digits(s, 14, 2);
    const second = digits(s, 17, 2);
    let i = 19;
    let ms = 0;
    if (s.charCodeAt(i) === 46 /* . */) {
      i += 1;
      const start = i;
      while (i < s.length && i - start < 6 && s.charCodeAt(i) >= ZERO && s.charCodeAt(i) <= ZERO + 9) i++;
      const count = i - start;
      if (count === 0) return fallback(s);
      // Milliseconds are the first three digits; a Date keeps no finer precision (postgres-date truncates too).
      ms = digits(s, start, Math.min(3, count)) * (count === 1 ? 100 : count === 2 ? 10 : 1);
    }
    const sign = s.charCodeAt(i);
    if (sign !== 43 /* + */ && sign !== 45 /* - */) return fallback(s);
    const rest = s.length - i - 1;
    let offsetMinutes: number;
    if (rest === 2) offsetMinutes = digits(s, i + 1, 2) * 60;
    else if (rest === 5 && s.charCodeAt(i + 3) === 58 /* : */) {
      offsetMinutes = digits(s, i + 1, 2) * 60 + digits(s, i + 4, 2);
    } else return fallback(s);
    const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    if (Number.isNaN(local) || Number.isNaN(offsetMinutes)) return fallback(s);
    return new Date(local - (sign === 43 ? 1 : -1) * offsetMinutes * 60_000);
  };
}
