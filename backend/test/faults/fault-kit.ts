/**
 * Tools for the fault tests: a throwaway PostgreSQL cluster the test may stop and start, Parley as a
 * child process (so a crash is an exit, and kill -9 is real), and a client that posts messages at a
 * steady rate and retries each one with its clientMessageId until it is acknowledged.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { rawToken, inOneHour } from "../support/tokens";
import { spawnParley, stopGracefully, type ParleyProcess } from "../support/parley-process";

export const ROOT = path.resolve(__dirname, "../../..");
const SCRIPT = path.join(ROOT, "scripts/pg-throwaway.sh");
/** Long enough for any secret rule (the production checks want 32+ characters). */
export const FAULT_SECRET = "fault-tests-secret-0f3c9a7e5b2d4c1a8e6f";

/** Debian's PostgreSQL server binaries, needed to start, stop and restart our own cluster. */
export function postgresBinaries(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return undefined;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin/initdb")))
    .sort((a, b) => Number(a) - Number(b));
  const v = versions.at(-1);
  return v ? path.join(base, v, "bin") : undefined;
}

/** Runs in CI's PostgreSQL pass (DATABASE_URL set) when the server binaries are installed; skipped on PGlite. */
export const onOwnPostgres = process.env.DATABASE_URL && postgresBinaries() ? describe : describe.skip;

/**
 * A free port below the kernel's ephemeral range (32768+ on Linux). A port from that range can be taken,
 * while a killed server is down, by any outgoing connection's local end (other test files', or a client
 * retrying against the dead port and connecting to itself), and the restart then fails with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(false));
      srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("no free port between 20000 and 32000");
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A cluster of our own on a free port, so the test may stop and start it without touching anyone else's. */
export class Cluster {
  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly url: string,
  ) {}

  static async start(): Promise<Cluster> {
    const port = await freePort();
    const dir = path.join(os.tmpdir(), `parley-fault-pg-${port}-${process.pid}`);
    const url = execFileSync(SCRIPT, ["start", String(port), dir], { encoding: "utf8" }).trim();
    return new Cluster(port, dir, url);
  }

  /** Stops the server (fast shutdown: sessions are terminated), keeping the data. */
  async halt(): Promise<void> {
    await promisify(execFile)(SCRIPT, ["halt", String(this.port), this.dir]);
  }

  async resume(): Promise<void> {
    await promisify(execFile)(SCRIPT, ["resume", String(this.port), this.dir]);
  }

  stop(): void {
    try {
      execFileSync(SCRIPT, ["stop", String(this.port), this.dir], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }

  /** A superuser query (pg_terminate_backend, pg_stat_activity). */
  async superuser<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({
      host: "127.0.0.1",
      port: this.port,
      user: "postgres",
      database: "parley",
    });
    client.on("error", () => undefined);
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }
}

export type { ParleyProcess };
export { stopGracefully };

/** Parley for a fault test: production mode, JSON logs, limits out of the way, `env` on top. */
export function startParley(env: Record<string, string>): ParleyProcess {
  return spawnParley({
    NODE_ENV: "production",
    JWT_SECRET: FAULT_SECRET,
    SEED_DEMO: "false",
    HOST: "127.0.0.1",
    RATE_LIMIT_WRITES_PER_MINUTE: "1000000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "1000000",
    ...env,
  });
}

export type Who = { userId: string; role: "shop" | "admin"; shopId: string | null; token: string };

export function shopUser(): Who {
  const shopId = `fault-shop-${randomUUID()}`;
  const userId = `fault-user-${randomUUID()}`;
  return {
    userId,
    role: "shop",
    shopId,
    token: rawToken(
      { sub: userId, role: "shop", shopId, name: "Fault Shop", exp: inOneHour() },
      {},
      FAULT_SECRET,
    ),
  };
}

export function adminUser(): Who {
  const userId = `fault-admin-${randomUUID()}`;
  return {
    userId,
    role: "admin",
    shopId: null,
    token: rawToken({ sub: userId, role: "admin", name: "Fault Admin", exp: inOneHour() }, {}, FAULT_SECRET),
  };
}

export async function api(
  base: string,
  who: Who,
  method: string,
  url: string,
  body?: unknown,
  timeoutMs = 15_000,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${who.token}`,
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export type MessageDto = { id: string; ticketId: string; body: string; clientMessageId: string | null };

/** Every message of a ticket through the catch-up API, page by page, starting after `after`. */
export async function fetchMessagesAfter(base: string, who: Who, ticketId: string, after?: string) {
  const items: MessageDto[] = [];
  let cursor = after;
  for (;;) {
    const q = new URLSearchParams({ limit: "200", ...(cursor ? { after: cursor } : {}) });
    const res = await api(base, who, "GET", `/api/tickets/${ticketId}/messages?${q}`);
    if (res.status !== 200) throw new Error(`catch-up page: ${res.status} ${JSON.stringify(res.body)}`);
    const page = (res.body as { items: MessageDto[] }).items;
    items.push(...page);
    if (page.length < 200) return items;
    cursor = page.at(-1)!.id;
  }
}

/** What the posting clients saw, for the figures and the assertions. */
export type PostStats = {
  sent: number;
  acked: Map<string, string>; // clientMessageId → message id
  gaveUp: string[];
  byStatus: Record<string, number>;
  networkErrors: number;
  /** Slowest answer per status (ms). */
  slowestMs: Record<string, number>;
  retried: number;
  unavailable: { withRetryAfter: number; withContractShape: number };
  /** When each acknowledgement arrived (ms since the epoch). */
  ackTimes: number[];
  /** Answers slower than a second: when they started, status, duration. */
  slow: Array<{ at: number; status: number; ms: number }>;
  /** Every 503's duration (ms). */
  unavailableMs: number[];
};

export function newStats(): PostStats {
  return {
    sent: 0,
    acked: new Map(),
    gaveUp: [],
    byStatus: {},
    networkErrors: 0,
    slowestMs: {},
    retried: 0,
    unavailable: { withRetryAfter: 0, withContractShape: 0 },
    ackTimes: [],
    slow: [],
    unavailableMs: [],
  };
}

/**
 * Posts one message and retries it with the same clientMessageId until the server acknowledges it
 * (201 first time, 200 when it already had it) or the deadline passes. 503 waits Retry-After; a refused
 * connection (server restarting) backs off from 200 ms to 1 s. Anything else is recorded; the test decides.
 */
export async function postUntilAcked(opts: {
  base: () => string;
  who: Who;
  ticketId: string;
  clientMessageId: string;
  body: string;
  stats: PostStats;
  deadline: number;
}): Promise<void> {
  const { stats } = opts;
  stats.sent += 1;
  let refused = 0;
  for (let attempt = 0; Date.now() < opts.deadline; attempt++) {
    if (attempt > 0) stats.retried += 1;
    const started = Date.now();
    let res: Awaited<ReturnType<typeof api>>;
    try {
      res = await api(opts.base(), opts.who, "POST", `/api/tickets/${opts.ticketId}/messages`, {
        body: opts.body,
        clientMessageId: opts.clientMessageId,
      });
    } catch {
      // Refused or cut (the server is restarting): back off like a real client, 200 ms doubling to 1 s.
      stats.networkErrors += 1;
      refused += 1;
      await sleep(Math.min(1000, 200 * 2 ** (refused - 1)));
      continue;
    }
    const ms = Date.now() - started;
    const key = String(res.status);
    stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
    stats.slowestMs[key] = Math.max(stats.slowestMs[key] ?? 0, ms);
    if (ms > 1000) stats.slow.push({ at: started, status: res.status, ms });
    if (res.status === 201 || res.status === 200) {
      stats.acked.set(opts.clientMessageId, (res.body as MessageDto).id);
      stats.ackTimes.push(Date.now());
      return;
    }
    if (res.status === 503) {
      stats.unavailableMs.push(ms);
      const err = (res.body as { error?: { code?: string; message?: string; requestId?: string } }).error;
      if (
        err?.code === "SERVICE_UNAVAILABLE" &&
        typeof err.message === "string" &&
        typeof err.requestId === "string"
      )
        stats.unavailable.withContractShape += 1;
      const retryAfter = Number(res.headers.get("retry-after"));
      if (retryAfter > 0) stats.unavailable.withRetryAfter += 1;
      await sleep(Math.min(retryAfter > 0 ? retryAfter * 1000 : 1000, 2000));
      continue;
    }
    await sleep(500);
  }
  stats.gaveUp.push(opts.clientMessageId);
}

/** Starts one postUntilAcked every intervalMs for durationMs; resolves when every one has settled. */
export async function steadyLoad(opts: {
  base: () => string;
  who: Who;
  ticketId: string;
  stats: PostStats;
  intervalMs: number;
  durationMs: number;
  /** How long after the load ends a message may still be retried. */
  settleMs: number;
  label: string;
}): Promise<string[]> {
  const started = Date.now();
  const deadline = started + opts.durationMs + opts.settleMs;
  const pending: Array<Promise<void>> = [];
  const ids: string[] = [];
  for (let i = 0; Date.now() - started < opts.durationMs; i++) {
    const clientMessageId = `${opts.label}-${i}-${randomUUID()}`;
    ids.push(clientMessageId);
    pending.push(
      postUntilAcked({
        base: opts.base,
        who: opts.who,
        ticketId: opts.ticketId,
        clientMessageId,
        body: `${opts.label} message ${i}`,
        stats: opts.stats,
        deadline,
      }),
    );
    // Steady: the next one is due at a fixed time, whatever the previous ones are doing.
    const next = started + (i + 1) * opts.intervalMs;
    await sleep(Math.max(0, next - Date.now()));
  }
  await Promise.all(pending);
  return ids;
}

export async function fileTicket(base: string, shop: Who): Promise<{ id: string }> {
  const res = await api(base, shop, "POST", "/api/tickets", {
    subject: "Fault test ticket",
    message: "First",
  });
  if (res.status !== 201) throw new Error(`ticket not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Prints a figure block that shows up in the CI log. */
export function report(title: string, figures: Record<string, unknown>): void {
  const lines = Object.entries(figures).map(
    ([k, v]) => `  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`,
  );
  console.log(`[fault figures] ${title}\n${lines.join("\n")}`);
}
