import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../..");

export type Cluster = { url: string; dataDir: string; stop(): void };

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
  output(): string;
  /** Null while the server runs; how it ended otherwise. */
  exitReason(): string | null;
  stop(): Promise<void>;
};

/** Runs the real server (backend/src/main.ts) as a child process and waits for /api/health. */
export async function startServer(opts: {
  databaseUrl: string;
  jwtSecret: string;
  /** Extra environment (e.g. DATA_DIR for the upload benchmark's storage). */
  env?: Record<string, string>;
}): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "backend/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
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
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
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

  const statusKb = (field: string) => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return m ? Number(m[1]) : NaN;
  };
  return {
    origin,
    pid: child.pid!,
    memory: () => ({ rssMb: statusKb("VmRSS") / 1024, peakMb: statusKb("VmHWM") / 1024 }),
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
