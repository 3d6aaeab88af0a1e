import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import type { Logger } from "./logger";

/**
 * What a process does: `all` (no cluster, or WEB_CONCURRENCY workers without WORKER_PROCESS) serves
 * requests and runs the background work; with WORKER_PROCESS, `web` processes only serve and one `jobs`
 * process only runs the background work (alerts, SLA checks, analytics refresh, upload sweep).
 */
export type ProcessRole = "all" | "web" | "jobs";
const ROLE_ENV = "PARLEY_PROCESS_ROLE";

/** This process's role, as its cluster primary set it. */
export function processRole(): ProcessRole {
  const role = process.env[ROLE_ENV];
  return cluster.isWorker && (role === "web" || role === "jobs") ? role : "all";
}

/** More worker exits than this within CRASH_WINDOW_MS means something is wrong with every worker: give up. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;

/**
 * WEB_CONCURRENCY > 1 or WORKER_PROCESS: this (primary) process serves nothing itself. It forks `workers`
 * copies of `exec` (main), which share the listening port through node:cluster (the primary hands each new
 * connection to a worker in turn), and with `jobs` one more copy for the background work, at niceness
 * `jobs.nice` so that on a busy machine requests get the cores first and alerts go out when they idle.
 * It replaces a worker that dies (in the same role), and passes SIGTERM/SIGINT on to all of them.
 * Cross-process state lives in PostgreSQL: socket events (postgres adapter), presence (fetchSockets across
 * processes), rate-limit counters (rate-limiter-flexible's PostgreSQL store), the alerts' outbox.
 */
export function runClusterPrimary(opts: {
  workers: number;
  jobs: { nice: number } | null;
  exec: string;
  logger: Logger;
}): void {
  const { logger } = opts;
  cluster.setupPrimary({ exec: opts.exec });
  let stopping = false;
  const crashes: number[] = [];
  const roles = new Map<Worker, ProcessRole>();
  const fork = (role: ProcessRole) => {
    const worker = cluster.fork({ [ROLE_ENV]: role });
    roles.set(worker, role);
    if (role === "jobs" && opts.jobs && opts.jobs.nice > 0) {
      try {
        // Nicer than this process by `nice`, as `nice -n` would start it: under a primary started with
        // `nice -n -10` (a benchmark shielding Parley from other load) the background process stays 10 below
        // the server, rather than 20 (at 10 against -10 it got about one 87th of a busy core, not one 9th).
        os.setPriority(worker.process.pid!, Math.min(19, os.getPriority() + opts.jobs.nice));
      } catch (err) {
        logger.warn(`could not lower the background process's priority: ${(err as Error).message}`);
      }
    }
  };
  const webRole: ProcessRole = opts.jobs ? "web" : "all";
  for (let i = 0; i < opts.workers; i++) fork(webRole);
  if (opts.jobs) fork("jobs");
  cluster.on("exit", (worker, code, signal) => {
    const role = roles.get(worker) ?? webRole;
    roles.delete(worker);
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
    logger.error(
      `${role === "jobs" ? "background" : "worker"} process ${worker.process.pid} ended (${signal ?? `exit ${code}`}): starting another`,
    );
    fork(role);
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
