import { percentileAtRank } from "./percentile";

/**
 * Log-spaced histograms of business milliseconds (the daily summary's percentiles, docs/analytics.md).
 *
 * Bucket 0 holds 0 ms; bucket k ≥ 1 holds [1.01^(k-1), 1.01^k) ms, so each bucket is 1% wide. A value is
 * read back as its bucket's geometric middle, at most 0.5% from any value the bucket holds; a percentile
 * interpolated between two such values is therefore within 0.5% of `percentile_cont` over the real values.
 * The same formula runs in SQL (`bucketSql`) when the refresh builds a day's histograms.
 */
export const BUCKET_GROWTH = 1.01;
const LN_GROWTH = Math.log(BUCKET_GROWTH);

/** Sparse histogram: bucket number → count. */
export type Histogram = Map<number, number>;

export function bucketOf(ms: number): number {
  return ms < 1 ? 0 : 1 + Math.floor(Math.log(ms) / LN_GROWTH);
}

/** The value a bucket stands for (its geometric middle). */
export function bucketValue(bucket: number): number {
  return bucket <= 0 ? 0 : Math.exp((bucket - 0.5) * LN_GROWTH);
}

/** The SQL expression of `bucketOf` for a bigint column or expression. */
export function bucketSql(expr: string): string {
  return `(CASE WHEN ${expr} < 1 THEN 0 ELSE 1 + floor(ln((${expr})::float8) / ${LN_GROWTH.toPrecision(17)})::int END)`;
}

export function addTo(h: Histogram, bucket: number, count: number): Histogram {
  if (count > 0) h.set(bucket, (h.get(bucket) ?? 0) + count);
  return h;
}

/** Takes `count` values out of a bucket (a value counted elsewhere again); an emptied bucket is dropped. */
export function removeFrom(h: Histogram, bucket: number, count: number): Histogram {
  const left = (h.get(bucket) ?? 0) - count;
  if (left > 0) h.set(bucket, left);
  else h.delete(bucket);
  return h;
}

export function histogramOf(values: number[]): Histogram {
  const h: Histogram = new Map();
  for (const v of values) addTo(h, bucketOf(v), 1);
  return h;
}

export function mergeHistograms(...hs: Histogram[]): Histogram {
  const out: Histogram = new Map();
  for (const h of hs) for (const [b, n] of h) addTo(out, b, n);
  return out;
}

/**
 * The continuous percentile (as `percentile_cont(p)`: position p·(n−1) in the sorted values, interpolated
 * between its two neighbours), each value read as its bucket's middle. Null for an empty histogram.
 */
export function percentileOf(h: Histogram, p: number): number | null {
  const buckets = [...h.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, n]) => s + n, 0);
  return percentileAtRank(total, p, (rank) => {
    let seen = 0;
    for (const [b, n] of buckets) {
      seen += n;
      if (rank < seen) return bucketValue(b);
    }
    return bucketValue(buckets[buckets.length - 1]![0]);
  });
}

/** How many values a histogram holds. */
export function countOf(h: Histogram): number {
  let total = 0;
  for (const n of h.values()) if (n > 0) total += n;
  return total;
}

/** Adds a sparse histogram (parallel bucket and count arrays) into a dense one (index = bucket), in place. */
export function addSparse(dense: number[], buckets: readonly number[], counts: readonly number[]): number[] {
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    while (dense.length <= b) dense.push(0);
    dense[b]! += counts[i]!;
  }
  return dense;
}

/** What a run of days holds: the running total at its last day minus the one before its first day. */
export function denseDifference(upper: number[], lower: number[], into: Histogram = new Map()): Histogram {
  for (let b = 0; b < upper.length; b++) addTo(into, b, upper[b]! - (lower[b] ?? 0));
  return into;
}
