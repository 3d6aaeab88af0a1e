/**
 * WEB_CONCURRENCY: several server processes behind one port (node:cluster). On PostgreSQL only (the
 * embedded database is one process): the workers really share the port, and a rate limit counts across
 * them (counters in PostgreSQL), where per-process memory would let each worker allow the full limit.
 */
import os from "node:os";
import fs from "node:fs";
import http from "node:http";
import { ConfigError, loadConfig } from "../../src/config/env";
import { createTokenService } from "../../src/platform/auth/token";
import { TEST_SECRET } from "../support/test-context";
import { spawnParley, stopGracefully, type ParleyProcess } from "../support/parley-process";
import { eventually, startProviderStandIn, type ProviderStandIn } from "../notifications/stand-ins";

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

/** main.ts as production would run it on the test's PostgreSQL, with `env` on top. */
const startMain = (env: Record<string, string>) =>
  spawnParley({
    NODE_ENV: "production",
    DATABASE_URL: process.env.DATABASE_URL,
    JWT_SECRET: TEST_SECRET,
    METRICS_TOKEN,
    ...env,
  });

onPostgres("two worker processes on one port (WEB_CONCURRENCY=2)", () => {
  let parley: ParleyProcess;
  let url: string;

  beforeAll(async () => {
    parley = startMain({
      WEB_CONCURRENCY: "2",
      RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES_PER_MINUTE),
      // Counters of this run only (they live in the shared database).
      RATE_LIMIT_NAMESPACE: `cluster-test-${process.pid}-${Date.now()}`,
    });
    // Both workers listen (on the same shared port).
    const output = await parley.waitFor((o) => (o.match(/listening on/g)?.length ?? 0) >= 2);
    url = /listening on (http:\/\/[^\s"]+)/.exec(output)![1]!;
  }, 90_000);

  afterAll(async () => {
    if (parley) await stopGracefully(parley);
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
    expect(pids.has(String(parley.child.pid))).toBe(false); // the primary serves nothing itself
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

test("when WORKER_PROCESS is set without DATABASE_URL, then the configuration is refused", () => {
  expect(() => loadConfig({ WORKER_PROCESS: "true" })).toThrow(/WORKER_PROCESS/);
  expect(loadConfig({ WORKER_PROCESS: "true", DATABASE_URL: "postgres://x@h/db" }).workerProcess).toEqual({
    enabled: true,
    nice: 10,
  });
});

/** The primary's child processes and their niceness (field 19 of /proc/<pid>/stat). */
function childrenOf(pid: number): Array<{ pid: number; nice: number }> {
  const ids = fs
    .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return ids.map((id) => {
    const stat = fs.readFileSync(`/proc/${id}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid: Number(id), nice: Number(fields[16]) };
  });
}

onPostgres("a background process for alerts and timers (WORKER_PROCESS=true)", () => {
  let parley: ParleyProcess;
  let url: string;
  let telegram: ProviderStandIn;

  beforeAll(async () => {
    telegram = await startProviderStandIn();
    parley = startMain({
      WORKER_PROCESS: "true",
      PUBLIC_URL: "https://desk.example.test",
      TELEGRAM_BOT_TOKEN: "42:worker-process-test",
      TELEGRAM_CHAT_ID: "-100",
      TELEGRAM_API_URL: telegram.url,
      // Polls once a minute, longer than the test waits: the alert must come from the web process's
      // announcement that it wrote outbox rows, not from the background process's poll.
      NOTIFY_POLL_MS: "60000",
      RATE_LIMIT_NAMESPACE: `worker-process-test-${process.pid}-${Date.now()}`,
    });
    await parley.waitFor((o) => /listening on/.test(o) && /background process/.test(o));
    url = await parley.listening;
  }, 90_000);

  afterAll(async () => {
    await telegram?.close();
    if (parley) await stopGracefully(parley);
  }, 30_000);

  test("when it runs, then one process serves and another, at lower priority, serves nothing", async () => {
    const kids = childrenOf(parley.child.pid!);
    expect(kids).toHaveLength(2);
    const pids = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const res = await freshRequest(`${url}/metrics`, {
        headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
      });
      pids.add(/^parley_process_info\{pid="(\d+)"\} 1$/m.exec(res.text)![1]!);
    }
    expect(pids.size).toBe(1);
    const web = kids.find((k) => pids.has(String(k.pid)))!;
    const jobs = kids.find((k) => k !== web)!;
    // Ten nicer than the server, whatever niceness the test runs at.
    expect(web.nice).toBe(os.getPriority());
    expect(jobs.nice).toBe(Math.min(19, web.nice + 10));
  });

  test("when a shop files a ticket, then the web process wakes the background process, which sends the Telegram alert", async () => {
    const shopId = `worker-shop-${Date.now()}`;
    const token = createTokenService(TEST_SECRET).sign({
      userId: `${shopId}-user`,
      role: "shop",
      shopId,
      name: "Worker Shop",
    });
    const fileAndHear = async (subject: string) => {
      const res = await freshRequest(`${url}/api/tickets`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ subject, message: "Where is it?" }),
      });
      expect(res.status).toBe(201);
      const ticketId = (JSON.parse(res.text) as { id: string }).id;
      const call = await eventually(
        () => telegram.on("/bot").find((r) => JSON.stringify(r.json).includes(subject)),
        `the Telegram call for "${subject}"`,
        20_000,
      );
      expect(JSON.stringify(call.json)).toContain(`/admin?ticket=${ticketId}`);
    };
    // The first may still be found by the pass the background process runs as it starts; once that
    // pass is over, the next poll is a minute away, so the second can only come from the announcement.
    await fileAndHear(`Parcel lost ${shopId}`);
    await new Promise((r) => setTimeout(r, 1000));
    await fileAndHear(`Parcel damaged ${shopId}`);
  }, 60_000);
});
