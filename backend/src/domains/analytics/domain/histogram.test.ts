import fc from "fast-check";
import {
  addSparse,
  bucketOf,
  bucketValue,
  denseDifference,
  histogramOf,
  mergeHistograms,
  percentileOf,
} from "./histogram";
import { percentileOfValues } from "./percentile";

describe("log-spaced histogram", () => {
  test("when a value is bucketed, then its bucket's middle is within 0.5% of it", () => {
    for (const v of [1, 2, 999, 1000, 59_999, 60_000, 3_600_000, 288_000_000, 31_536_000_000]) {
      expect(Math.abs(bucketValue(bucketOf(v)) - v) / v).toBeLessThanOrEqual(0.005);
    }
    expect(bucketOf(0)).toBe(0);
    expect(bucketValue(0)).toBe(0);
  });

  test("when four values are summarised, then median and p90 are percentile_cont's within 0.5%", () => {
    const h = histogramOf([60_000, 120_000, 180_000, 240_000]);
    expect(percentileOf(h, 0.5)! / 150_000).toBeCloseTo(1, 2);
    expect(percentileOf(h, 0.9)! / 222_000).toBeCloseTo(1, 2);
    expect(percentileOf(new Map(), 0.5)).toBeNull();
  });

  test("when any values are split in parts and merged, then percentiles stay within 0.5% of percentile_cont", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 * 3_600_000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom(0.5, 0.9),
        (values, cut, p) => {
          const merged = mergeHistograms(histogramOf(values.slice(0, cut)), histogramOf(values.slice(cut)));
          const got = percentileOf(merged, p)!;
          const want = percentileOfValues(values, p)!;
          expect(Math.abs(got - want)).toBeLessThanOrEqual(0.005 * want + 1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("when days are kept as running totals, then a run of days is the difference of two totals", () => {
    const day1 = histogramOf([1000, 1000, 5000]);
    const day2 = histogramOf([5000, 90_000]);
    const day3 = histogramOf([70]);
    const sparse = (h: Map<number, number>) => [[...h.keys()], [...h.values()]] as const;
    const upTo1 = addSparse([], ...sparse(day1));
    const upTo2 = addSparse([...upTo1], ...sparse(day2));
    const upTo3 = addSparse([...upTo2], ...sparse(day3));
    expect(denseDifference(upTo3, upTo1)).toEqual(mergeHistograms(day2, day3));
    expect(denseDifference(upTo2, [])).toEqual(mergeHistograms(day1, day2));
  });
});
