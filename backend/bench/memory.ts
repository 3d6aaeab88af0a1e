/**
 * `DATABASE_URL=… npx tsx backend/bench/memory.ts [--rounds=2] [--no-build]`
 *
 * Where the compiled server's resident memory goes (issue 17's memory goal, docs/benchmarks.md "Session 24"):
 * a server started as in production, then eight 10 MB uploads at once (three rounds), 15 s of quiet, then
 * 1,000 socket.io clients (20 admins, 980 shops) and 15 s more. At each step it prints the resident size
 * (anonymous and file-backed), V8's heap and Node's external memory from /metrics, and after the uploads
 * the resident size by mapping (/proc/<pid>/smaps: `[heap]` is glibc's main arena). Each round starts one
 * server with MALLOC_TRIM_INTERVAL_S=0 and one with the default (10 s), in turn. Uses the seeded
 * benchmark database (`npm run bench -- --keep-db`, or writepath.ts's).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchTokens } from "./tokens";
import { ids } from "./seed";
import { buildServer, startServer, type Server } from "./server";
import { measureUploads } from "./uploads";
import { connectAll } from "./delivery";

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const rounds = Number(flag("rounds") ?? 2);
const databaseUrl = process.env.DATABASE_URL;
const METRICS_TOKEN = "bench-metrics-token-0123456789";
const secret = randomBytes(32).toString("hex");
const { admin: adminToken, shop: shopToken } = benchTokens(secret);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident size by mapping, in MB (anonymous mappings together, files by name). */
function byMapping(pid: number): string {
  const by: Record<string, number> = {};
  let name = "";
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = line.match(/^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/);
    if (head) {
      name = head[1] ? (head[1].includes("/") ? path.basename(head[1]) : head[1]) : "(anonymous)";
      continue;
    }
    const rss = line.match(/^Rss:\s+(\d+)/);
    if (rss) by[name] = (by[name] ?? 0) + Number(rss[1]) / 1024;
  }
  return Object.entries(by)
    .filter(([, mb]) => mb >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([k, mb]) => `${k} ${mb.toFixed(1)}`)
    .join(", ");
}

async function step(srv: Server, label: string): Promise<string> {
  const res = await fetch(`${srv.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  const mb = (metric: string) =>
    Number(text.match(new RegExp(`^${metric}(?:\\{[^}]*\\})? (\\S+)`, "m"))?.[1] ?? NaN) / 1048576;
  const status = fs.readFileSync(`/proc/${srv.pid}/status`, "utf8");
  const kb = (k: string) => Number(status.match(new RegExp(`${k}:\\s+(\\d+)`))?.[1]) / 1024;
  return (
    `| ${label} | ${kb("VmRSS").toFixed(0)} | ${kb("RssAnon").toFixed(0)} | ${kb("RssFile").toFixed(0)} ` +
    `| ${mb("nodejs_heap_size_total_bytes").toFixed(0)} | ${mb("nodejs_heap_size_used_bytes").toFixed(0)} ` +
    `| ${mb("nodejs_external_memory_bytes").toFixed(0)} |`
  );
}

async function measure(trimIntervalS: string): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-bench-memory-"));
  const srv = await startServer({
    databaseUrl: databaseUrl!,
    jwtSecret: secret,
    env: {
      DATA_DIR: path.join(dataDir, "server"),
      ANALYTICS_REFRESH_S: "0",
      METRICS_TOKEN,
      MALLOC_TRIM_INTERVAL_S: trimIntervalS,
    },
  });
  const out: string[] = [];
  try {
    await sleep(3000);
    const at = (label: string) => `MALLOC_TRIM_INTERVAL_S=${trimIntervalS}: ${label}`;
    out.push(await step(srv, at("started")));
    await measureUploads({
      origin: srv.origin,
      token: shopToken(1),
      memory: () => srv.memory(),
      workDir: path.join(dataDir, "uploads"),
      rounds: 3,
    });
    out.push(await step(srv, at("after the uploads")));
    await sleep(15_000);
    out.push(await step(srv, at("15 s later")));
    out.push(`|   by mapping: ${byMapping(srv.pid)} | | | | | | |`);
    const listeners = Array.from({ length: 1000 }, (_, i) =>
      i < 20 ? { token: adminToken(i + 1), shopId: null } : { token: shopToken(i), shopId: ids.shop(i) },
    );
    const sockets = await connectAll(srv.origin, listeners);
    await sleep(3000);
    out.push(await step(srv, at("1,000 sockets connected")));
    await sleep(15_000);
    out.push(await step(srv, at("15 s later")));
    for (const s of sockets) s.disconnect();
  } finally {
    await srv.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}

async function main() {
  if (!databaseUrl) throw new Error("set DATABASE_URL to the seeded benchmark database");
  if (!process.argv.includes("--no-build")) buildServer();
  const lines = [
    "| Server, step | Resident (MB) | anonymous | file-backed | V8 heap total | V8 heap used | external |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (let r = 0; r < rounds; r++) {
    for (const interval of ["0", "10"]) lines.push(...(await measure(interval)));
  }
  console.log(lines.join("\n"));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
