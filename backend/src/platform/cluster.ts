import cluster from "node:cluster";
import type { Logger } from "./logger";

/** More worker exits than this within CRASH_WINDOW_MS means something is wrong with every worker: give up. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;

/**
 * WEB_CONCURRENCY > 1: this (primary) process serves nothing itself. It forks `workers` copies of `exec`
 * (main), which share the listening port through node:cluster (the primary hands each new connection to
 * a worker in turn), replaces a worker that dies, and passes SIGTERM/SIGINT on to all of them.
 * Cross-process state lives in PostgreSQL: socket events (postgres adapter), presence (fetchSockets across
 * processes), rate-limit counters (rate-limiter-flexible's PostgreSQL store).
 */
export function runClusterPrimary(opts: { workers: number; exec: string; logger: Logger }): void {
  const { logger } = opts;
  cluster.setupPrimary({ exec: opts.exec });
  let stopping = false;
  const crashes: number[] = [];
  for (let i = 0; i < opts.workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    const alive = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (alive === 0) {
        logger.info("all workers stopped");
        process.exit(0);
      }
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length > MAX_CRASHES) {
      logger.error(`workers keep exiting (${crashes.length} in a minute): stopping`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      if (alive === 0) process.exit(1);
      return;
    }
    logger.error(`worker ${worker.process.pid} ended (${signal ?? `exit ${code}`}): starting another`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
