/**
 * The continuous percentile as PostgreSQL's `percentile_cont(p)` computes it (docs/analytics.md, "The
 * summary"): position p·(n−1) in the sorted values, interpolated between its two neighbours. The live
 * report leaves it to SQL; the daily table's answer computes it here, over exact values or over a
 * histogram's bucket values, with the same arithmetic so that both paths give the same number.
 */
export function percentileAtRank(count: number, p: number, valueAt: (rank: number) => number): number | null {
  if (count === 0) return null;
  const pos = p * (count - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = valueAt(lo);
  return lo === hi ? a : a + (pos - lo) * (valueAt(hi) - a);
}

/** `percentile_cont(p)` over the values themselves (any order). Null without any. */
export function percentileOfValues(values: readonly number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return percentileAtRank(sorted.length, p, (rank) => sorted[rank]!);
}
