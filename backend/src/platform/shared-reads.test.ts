import { setImmediate as nextTurn } from "node:timers/promises";
import { SharedReads } from "./shared-reads";

/** A read whose answer the test gives: `started` counts runs, `finish(v)` ends the oldest one. */
function controlledRead() {
  const pending: Array<{ resolve: (v: number) => void; reject: (e: Error) => void }> = [];
  let started = 0;
  const run = () => {
    started++;
    return new Promise<number>((resolve, reject) => pending.push({ resolve, reject }));
  };
  const settle = async (step: (p: (typeof pending)[number]) => void) => {
    const p = pending.shift();
    if (!p) throw new Error("no read is running");
    step(p);
    // Let the queued read gather and start.
    await nextTurn();
    await nextTurn();
  };
  return {
    run,
    get started() {
      return started;
    },
    finish: (v: number) => settle((p) => p.resolve(v)),
    fail: (e: Error) => settle((p) => p.reject(e)),
  };
}

test("when callers arrive in the same turn, then they share one read, which starts on the next turn", async () => {
  const reads = new SharedReads<number>();
  const r = controlledRead();
  const a = reads.read("k", r.run);
  const b = reads.read("k", r.run);
  expect(r.started).toBe(0);
  await nextTurn();
  expect(r.started).toBe(1);
  await r.finish(1);
  await expect(a).resolves.toBe(1);
  await expect(b).resolves.toBe(1);
  expect(reads.size).toBe(0);
});

test("when callers arrive while a read runs, then they share the next read, not the running one", async () => {
  const reads = new SharedReads<number>();
  const r = controlledRead();
  const first = reads.read("k", r.run);
  await nextTurn();
  const second = reads.read("k", r.run);
  const third = reads.read("k", r.run);
  // The running read may have taken its snapshot before the callers' writes: they wait for a new one.
  expect(r.started).toBe(1);
  await r.finish(1);
  await expect(first).resolves.toBe(1);
  expect(r.started).toBe(2);
  const fourth = reads.read("k", r.run);
  await r.finish(2);
  await expect(second).resolves.toBe(2);
  await expect(third).resolves.toBe(2);
  // Arrived while the second read ran: a third read.
  expect(r.started).toBe(3);
  await r.finish(3);
  await expect(fourth).resolves.toBe(3);
  expect(reads.size).toBe(0);
});

test("when keys differ, then their reads do not wait for each other", async () => {
  const reads = new SharedReads<number>();
  const r = controlledRead();
  void reads.read("a", r.run);
  await nextTurn();
  void reads.read("b", r.run);
  await nextTurn();
  expect(r.started).toBe(2);
  expect(reads.size).toBe(2);
});

test("when a read fails, then its callers get the error and the callers queued behind it get a new read", async () => {
  const reads = new SharedReads<number>();
  const r = controlledRead();
  const first = reads.read("k", r.run);
  await nextTurn();
  const second = reads.read("k", r.run);
  await r.fail(new Error("database down"));
  await expect(first).rejects.toThrow("database down");
  expect(r.started).toBe(2);
  await r.finish(7);
  await expect(second).resolves.toBe(7);
  expect(reads.size).toBe(0);
});

test("when a read throws before returning a promise, then the caller gets a rejection and the key is freed", async () => {
  const reads = new SharedReads<number>();
  await expect(
    reads.read("k", () => {
      throw new Error("bad input");
    }),
  ).rejects.toThrow("bad input");
  await nextTurn();
  expect(reads.size).toBe(0);
});
