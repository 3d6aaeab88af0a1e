import { RateLimiterMemory, RateLimiterRes } from "./rate-limiter-classes";
import { BlockConsumer } from "./rate-limit";

/** Spends `n` requests through `consumer`; returns how many were allowed. */
async function spend(consumer: BlockConsumer, key: string, n: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < n; i++) {
    try {
      await consumer.consume(key);
      allowed += 1;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
    }
  }
  return allowed;
}

// The shared counter is rate-limiter-flexible's own limiter (in memory here, PostgreSQL in production).
const sharedCounter = (points: number) => new RateLimiterMemory({ points, duration: 60 });

test("when one process spends in blocks, then exactly the limit is allowed, the last points one by one", async () => {
  const shared = sharedCounter(100);
  const consumer = new BlockConsumer(shared, 5);
  expect(await spend(consumer, "u", 103)).toBe(100);
  expect((await shared.get("u"))?.consumedPoints).toBeGreaterThanOrEqual(100);
});

test("when a block no longer fits, then it is given back and single points fill the limit", async () => {
  const shared = sharedCounter(100);
  await shared.consume("u", 98);
  const consumer = new BlockConsumer(shared, 5);
  expect(await spend(consumer, "u", 5)).toBe(2);
});

test("when two processes share the counter, then together they never pass the limit and lose at most a block each", async () => {
  const shared = sharedCounter(100);
  const a = new BlockConsumer(shared, 5);
  const b = new BlockConsumer(shared, 5);
  let allowed = 0;
  for (let i = 0; i < 120; i++) allowed += await spend(i % 3 === 0 ? b : a, "u", 1);
  expect(allowed).toBeLessThanOrEqual(100);
  expect(allowed).toBeGreaterThanOrEqual(100 - 2 * 4);
  // Other keys are counted apart.
  expect(await spend(a, "other", 3)).toBe(3);
});

test("when many requests of one user arrive at once, then they share blocks instead of taking one each", async () => {
  const shared = sharedCounter(100);
  const consumer = new BlockConsumer(shared, 5);
  const outcomes = await Promise.allSettled(Array.from({ length: 32 }, () => consumer.consume("u")));
  expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(32);
  // 32 points in blocks of 5: 7 blocks taken, not 32.
  expect((await shared.get("u"))?.consumedPoints).toBe(35);
  expect(await spend(consumer, "u", 80)).toBe(100 - 32);
});

test("when a takeover of the block fails, then waiting requests are not stuck and fall back to single points", async () => {
  const shared = sharedCounter(100);
  await shared.consume("u", 97);
  const consumer = new BlockConsumer(shared, 5);
  const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => consumer.consume("u")));
  expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
});

test("when the block is one point, then every request goes to the shared counter", async () => {
  const shared = sharedCounter(4);
  const a = new BlockConsumer(shared, 1);
  const b = new BlockConsumer(shared, 1);
  expect((await spend(a, "u", 3)) + (await spend(b, "u", 3))).toBe(4);
});
