import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type pg from "pg";
import { cpuSecondsOf } from "./cpu";

export const REPO_ROOT = path.resolve(__dirname, "../..");

export type Cluster = {
  url: string;
  dataDir: string;
  /** Restarts the server on the same data with fsync on or off (scripts/pg-throwaway.sh halt, resume). */
  restart(fsync: "on" | "off"): void;
  stop(): void;
};

/** Starts scripts/pg-throwaway.sh's cluster; null when Debian's PostgreSQL binaries are missing. */
export function startThrowawayCluster(port: number): Cluster | null {
  const script = path.join(REPO_ROOT, "scripts/pg-throwaway.sh");
  const dataDir = `/tmp/parley-bench-pg-${port}`;
  const run = spawnSync(script, ["start", String(port), dataDir], { encoding: "utf8" });
  if (run.status === 2) return null;
  if (run.status !== 0) {
    throw new Error(`pg-throwaway.sh start failed (exit ${run.status}): ${run.stderr.trim()}`);
  }
  const url = run.stdout.trim().split("\n").pop()!;
  let stopped = false;
  return {
    url,
    dataDir,
    restart(fsync) {
      for (const action of ["halt", "resume"]) {
        const r = spawnSync(script, [action, String(port), dataDir], {
          encoding: "utf8",
          env: { ...process.env, PG_FSYNC: fsync },
        });
        if (r.status !== 0) throw new Error(`pg-throwaway.sh ${action} failed: ${r.stderr.trim()}`);
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      spawnSync(script, ["stop", String(port), dataDir], { stdio: "ignore" });
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export type Server = {
  origin: string;
  pid: number;
  /** Resident set size now and at its peak, in MB (from /proc/<pid>/status). */
  memory(): { rssMb: number; peakMb: number };
  /** CPU seconds used so far by the server (all its processes). */
  cpuSeconds(): number;
  /**
   * The same by process role (PARLEY_PROCESS_ROLE, as the cluster primary sets it: "web", "jobs"); the
   * started process itself is "main" (the one server, or with a cluster its primary).
   */
  cpuSecondsByRole(): Record<string, number>;
  output(): string;
  /** Null while the server runs; how it ended otherwise. */
  exitReason(): string | null;
  stop(): Promise<void>;
};

/** The compiled server (`npm run build:server`), what `npm start` runs with NODE_ENV=production. */
export const COMPILED_MAIN = "backend/dist/backend/src/main.js";
/**
 * V8 flags of the production server, read from package.json's `start:prod` (the Docker image's CMD says
 * the same): a 4 MB young generation, and a heap that grows 40% past its live data before a full
 * collection (docs/operations.md, "Memory"). BENCH_NODE_FLAGS replaces them, to compare a setting
 * (e.g. "--max-semi-space-size=4").
 */
export const SERVER_NODE_FLAGS =
  process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? productionNodeFlags();

function productionNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts["start:prod"]!.split(" ").filter((w) => w.startsWith("--"));
}

/** Compiles the server to backend/dist (about 10 s); the benchmark measures what production runs. */
export function buildServer(): void {
  const run = spawnSync("npm", ["run", "build:server"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`npm run build:server failed:\n${run.stdout}\n${run.stderr}`);
}

export type ServerMode = "compiled" | "tsx";

/** The process and, with WEB_CONCURRENCY, its worker processes. */
function processTree(pid: number): number[] {
  const out = [pid];
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const kids = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      for (const k of kids ? kids.split(" ") : []) out.push(...processTree(Number(k)));
    }
  } catch {
    // gone
  }
  return out;
}

/** A cluster worker's role, from the PARLEY_PROCESS_ROLE its primary put in its environment. */
function roleOf(pid: number): string {
  try {
    const env = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    return (
      env.find((e) => e.startsWith("PARLEY_PROCESS_ROLE="))?.slice("PARLEY_PROCESS_ROLE=".length) ?? "all"
    );
  } catch {
    return "gone";
  }
}

/**
 * Runs the real server as a child process and waits for /api/health: the compiled build by default
 * (production), or the TypeScript sources through tsx (what `npm start` ran before).
 */
export async function startServer(opts: {
  databaseUrl: string;
  jwtSecret: string;
  mode?: ServerMode;
  webConcurrency?: number;
  /** Write a V8 CPU profile (--cpu-prof) into this directory when the server exits. */
  cpuProfDir?: string;
  /** Open the inspector on this loopback port (--inspect), e.g. for bench/allocations.ts. */
  inspectPort?: number;
  /** Extra environment (e.g. DATA_DIR for the upload benchmark's storage). */
  env?: Record<string, string>;
}): Promise<Server> {
  const port = await freePort();
  const entry =
    (opts.mode ?? "compiled") === "compiled"
      ? [...SERVER_NODE_FLAGS, COMPILED_MAIN]
      : ["--import", "tsx", "backend/src/main.ts"];
  const prof = [
    ...(opts.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProfDir}`] : []),
    ...(opts.inspectPort ? [`--inspect=127.0.0.1:${opts.inspectPort}`] : []),
  ];
  const child: ChildProcess = spawn(process.execPath, [...prof, ...entry], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      WEB_CONCURRENCY: String(opts.webConcurrency ?? 1),
      DATABASE_URL: opts.databaseUrl,
      JWT_SECRET: opts.jwtSecret,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      RATE_LIMIT_WRITES_PER_MINUTE: "100000000",
      RATE_LIMIT_LOGIN_PER_MINUTE: "100000000",
      RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: "100000000",
      RATE_LIMIT_READS_PER_MINUTE: "100000000",
      SOCKET_EVENTS_PER_10S: "100000000",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  // BENCH_SERVER_LOG=<file> keeps the servers' whole output (warnings and errors) for a look afterwards.
  const logFile = process.env.BENCH_SERVER_LOG;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (logFile) fs.appendFileSync(logFile, chunk);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited: number | null = null;
  let exitReason = "";
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = code ?? -1;
      exitReason = signal ? `killed by ${signal}` : `exited with ${code}`;
      resolve();
    }),
  );

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null)
      throw new Error(`the server ${exitReason || "exited"} before it was healthy:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server was not healthy within 60 s:\n${output}`);
    }
    try {
      const res = await fetch(`${origin}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const statusKb = (pid: number, field: string) => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
      return m ? Number(m[1]) : NaN;
    } catch {
      return NaN;
    }
  };
  // Per process (the goal's unit): with WEB_CONCURRENCY or WORKER_PROCESS the largest of the processes.
  const largestKb = (field: string) =>
    Math.max(
      ...processTree(child.pid!)
        .map((p) => statusKb(p, field))
        .filter(Number.isFinite),
    );
  return {
    origin,
    pid: child.pid!,
    memory: () => ({ rssMb: largestKb("VmRSS") / 1024, peakMb: largestKb("VmHWM") / 1024 }),
    cpuSeconds: () => processTree(child.pid!).reduce((sum, p) => sum + cpuSecondsOf(p), 0),
    cpuSecondsByRole: () => {
      const out: Record<string, number> = {};
      for (const p of processTree(child.pid!)) {
        const role = p === child.pid ? "main" : roleOf(p);
        out[role] = (out[role] ?? 0) + cpuSecondsOf(p);
      }
      return out;
    },
    output: () => output,
    exitReason: () => exitReason || null,
    async stop() {
      if (exited !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/**
 * Waits until the analytics start-up refresh of a server started at `since` (database clock) is done, at
 * most 120 s; false when it was not done by then.
 */
export async function waitForStartRefresh(monitor: pg.Client, since: Date): Promise<boolean> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const { rows } = await monitor.query<{ done: boolean }>(
      `SELECT complete_until >= $1 AS done FROM analytics_daily_state`,
      [since],
    );
    if (rows[0]?.done) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
