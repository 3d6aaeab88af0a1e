/**
 * The delivery runs' other admin sockets, connected from a worker thread of the benchmark's process.
 *
 * Every admin socket receives every post's `message:created`: with 100 admin sockets (5,000 sockets in all)
 * that is 20,000 events a second at 200 posts/s for the load generator to parse. On the benchmark's own
 * event loop that work sat in front of the two sockets whose arrival times are measured, so their latency
 * included the load generator's queue (docs/benchmarks.md, session 26). In a worker thread the events are
 * still received and parsed on this machine (its CPU counts in the load generator's share: process.cpuUsage
 * covers every thread), but not on the measuring thread, as each real client is its own browser.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
// delivery.ts imports this module too; connectAll is only called once both are loaded.
import { connectAll, type Listener } from "./delivery";

type Start = { origin: string; listeners: Listener[]; prefix: string };
type FromWorker = { connected: true } | { error: string } | { received: number };

export type Crowd = {
  /**
   * Waits up to 5 s for `expected` `message:created` events of the run (its clientMessageId prefix) across
   * the sockets, disconnects them all, and says how many arrived.
   */
  stop(expected?: number): Promise<number>;
};

/** Connects `listeners` in a worker thread; resolves once all are connected. */
export function connectCrowd(origin: string, listeners: Listener[], prefix: string): Promise<Crowd> {
  // The benchmark runs as TypeScript through tsx, whose loader a worker thread does not inherit: the
  // worker registers it, then loads this file.
  const entry = `require("tsx/cjs"); require(${JSON.stringify(__filename)});`;
  const worker = new Worker(entry, { eval: true, workerData: { origin, listeners, prefix } satisfies Start });
  const next = () =>
    new Promise<FromWorker>((resolve, reject) => {
      const onError = (err: Error) => {
        worker.off("message", onMessage);
        reject(err);
      };
      const onMessage = (m: FromWorker) => {
        worker.off("error", onError);
        resolve(m);
      };
      worker.once("message", onMessage);
      worker.once("error", onError);
    });
  return next().then((first) => {
    if ("error" in first) {
      void worker.terminate();
      throw new Error(first.error);
    }
    return {
      async stop(expected = 0) {
        const answer = next();
        worker.postMessage(expected);
        const last = await answer;
        await worker.terminate();
        return "received" in last ? last.received : 0;
      },
    };
  });
}

async function runWorker(start: Start): Promise<void> {
  let received = 0;
  try {
    const sockets = await connectAll(start.origin, start.listeners);
    for (const s of sockets) {
      s.on("message:created", (m: { clientMessageId?: string | null }) => {
        if (m.clientMessageId?.startsWith(start.prefix)) received++;
      });
    }
    const stop = async (expected: number) => {
      const settle = performance.now() + 5_000;
      while (received < expected && performance.now() < settle) await new Promise((r) => setTimeout(r, 50));
      for (const s of sockets) s.disconnect();
      parentPort!.postMessage({ received } satisfies FromWorker);
    };
    parentPort!.once("message", (expected: number) => void stop(expected));
    parentPort!.postMessage({ connected: true } satisfies FromWorker);
  } catch (err) {
    parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies FromWorker);
  }
}

if (!isMainThread && (workerData as Start | undefined)?.listeners) void runWorker(workerData as Start);
