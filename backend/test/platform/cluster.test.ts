/**
 * WEB_CONCURRENCY: several server processes behind one port (node:cluster). On PostgreSQL only (the
 * embedded database is one process): the workers really share the port, and a rate limit counts across
 * them (counters in PostgreSQL), where per-process memory would let each worker allow the full limit.
 */
import http from "node:http";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { ConfigError, loadConfig } from "../../src/config/env";
import { createTokenService } from "../../src/platform/auth/token";
import { TEST_SECRET } from "../support/test-context";

const ROOT = path.resolve(__dirname, "../../..");
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
const METRICS_TOKEN = "cluster-test-metrics-token-0123";
const WRITES_PER_MINUTE = 4;

test("when WEB_CONCURRENCY is above 1 without DATABASE_URL, then the configuration is refused", () => {
  expect(() => loadConfig({ WEB_CONCURRENCY: "2" })).toThrow(ConfigError);
  expect(() => loadConfig({ WEB_CONCURRENCY: "2" })).toThrow(/WEB_CONCURRENCY/);
  expect(loadConfig({ WEB_CONCURRENCY: "1" }).webConcurrency).toBe(1);
});

/** One request on a connection of its own, so the cluster's round robin picks the worker afresh. */
function freshRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? "GET", headers: opts.headers, agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

onPostgres("two worker processes on one port (WEB_CONCURRENCY=2)", () => {
  let child: ChildProcess;
  let url: string;
  let output = "";

  beforeAll(async () => {
    child = spawn(process.execPath, ["--import", "tsx", "backend/src/main.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        DATABASE_URL: process.env.DATABASE_URL,
        JWT_SECRET: TEST_SECRET,
        PORT: "0",
        LOG_LEVEL: "info",
        WEB_CONCURRENCY: "2",
        METRICS_TOKEN,
        RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES_PER_MINUTE),
        // Counters of this run only (they live in the shared database).
        RATE_LIMIT_NAMESPACE: `cluster-test-${process.pid}-${Date.now()}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    url = await new Promise<string>((resolve, reject) => {
      const seen = new Set<string>();
      const onData = (d: Buffer) => {
        output += d.toString();
        for (const m of output.matchAll(/listening on (http:\/\/[^\s"]+)/g)) seen.add(m[1]!);
        // Both workers listen (on the same shared port).
        const listening = output.match(/listening on/g)?.length ?? 0;
        if (listening >= 2) resolve([...seen][0]!);
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      child.once("exit", (code) => reject(new Error(`cluster exited ${code}: ${output}`)));
    });
  }, 90_000);

  afterAll(async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }, 30_000);

  test("when requests arrive on fresh connections, then both worker processes answer them", async () => {
    const pids = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await freshRequest(`${url}/metrics`, {
        headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(res.status).toBe(200);
      const m = /^parley_process_info\{pid="(\d+)"\} 1$/m.exec(res.text);
      expect(m).not.toBeNull();
      pids.add(m![1]!);
    }
    expect(pids.size).toBe(2);
    expect(pids.has(String(child.pid))).toBe(false); // the primary serves nothing itself
  });

  test("when one user writes past the limit through both workers, then the limit counts across them", async () => {
    const token = createTokenService(TEST_SECRET).sign({
      userId: `cluster-shop-user-${Date.now()}`,
      role: "shop",
      shopId: `cluster-shop-${Date.now()}`,
      name: "Cluster Shop",
    });
    const statuses: number[] = [];
    for (let i = 0; i < WRITES_PER_MINUTE + 3; i++) {
      const res = await freshRequest(`${url}/api/tickets`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ subject: `Cluster ${i}`, message: "Counting across processes" }),
      });
      statuses.push(res.status);
    }
    // Per-process memory would have allowed WRITES_PER_MINUTE on each worker: all seven would pass.
    expect(statuses.filter((s) => s === 201)).toHaveLength(WRITES_PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });
});
