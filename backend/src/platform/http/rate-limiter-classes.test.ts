/**
 * The rate limits load rate-limiter-flexible's three classes from their own files, never the package's index
 * with every other limiter it has (docs/benchmarks.md, "Session 46").
 */
describe("rate-limiter-flexible's classes", () => {
  it("come from their own files; the package's index is not loaded", () => {
    const loadedIndex: string[] = [];
    jest.isolateModules(() => {
      jest.doMock("rate-limiter-flexible", () => {
        loadedIndex.push("rate-limiter-flexible");
        return jest.requireActual<object>("rate-limiter-flexible");
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const limits = require("./rate-limit") as typeof import("./rate-limit");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const classes = require("./rate-limiter-classes") as typeof import("./rate-limiter-classes");
      expect(loadedIndex).toEqual([]);
      expect(limits).toBeDefined();
      // The same classes the index exports: rejections are still recognised by `instanceof`.
      const index = jest.requireActual<typeof import("rate-limiter-flexible")>("rate-limiter-flexible");
      expect(classes.RateLimiterMemory).toBe(index.RateLimiterMemory);
      expect(classes.RateLimiterPostgres).toBe(index.RateLimiterPostgres);
      expect(classes.RateLimiterRes).toBe(index.RateLimiterRes);
    });
  });
});
