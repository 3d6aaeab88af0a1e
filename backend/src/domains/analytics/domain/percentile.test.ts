import { percentileOfValues } from "./percentile";

describe("percentileOfValues (percentile_cont)", () => {
  test("when values are given in any order, then the median and p90 interpolate as PostgreSQL does", () => {
    // docs/analytics.md: 60, 120, 180, 240 s → median 150 s; p90 at 0.9 × 3 = 2.7 → 180 + 0.7 × 60 = 222.
    expect(percentileOfValues([240, 60, 180, 120], 0.5)).toBe(150);
    expect(percentileOfValues([240, 60, 180, 120], 0.9)).toBeCloseTo(222, 12);
    expect(percentileOfValues([429], 0.5)).toBe(429);
    expect(percentileOfValues([], 0.5)).toBeNull();
  });
});
