/**
 * `npx tsx backend/bench/queue-quick.ts` with DATABASE_URL of a seeded bench database: the admin queue's
 * first page (10 clients) against the compiled server, with the V8 flags of BENCH_NODE_FLAGS (and any
 * server setting from the environment, e.g. DB_POOL_MAX or WEB_CONCURRENCY). A quick A/B of one server
 * setting, not a report.
 * - `--ten-views`: ten admins on ten different views (bench/queue-views.ts) instead of one admin's page;
 * - QUEUE_PATH: another page than the open and in-progress tickets by last update;
 * - `--profile=DIR`: the server runs with --cpu-prof into DIR, and the measured runs' self time is printed
 *   by area and function.
 */
import { randomBytes } from "node:crypto";
import jwt from "jsonwebtoken";
import { load } from "./load";
import { renderProfile, summariseProfile, withCpu } from "./cpu";
import { ids } from "./seed";
import { startServer } from "./server";
import { tenViewsInTurn } from "./queue-views";

async function main() {
  const databaseUrl = process.env.DATABASE_URL!;
  const secret = randomBytes(32).toString("hex");
  const adminToken = (a: number) =>
    jwt.sign({ role: "admin", name: ids.adminName(a) }, secret, {
      algorithm: "HS256",
      subject: ids.admin(a),
      expiresIn: "1h",
    });
  const token = adminToken(1);
  const path = process.env.QUEUE_PATH ?? "/api/tickets?status=open,in_progress&sort=updated&limit=25";
  const next = process.argv.includes("--ten-views") ? tenViewsInTurn(adminToken) : () => ({ path, token });
  const profileDir = process.argv.find((a) => a.startsWith("--profile="))?.slice("--profile=".length);
  const srv = await startServer({
    databaseUrl,
    jwtSecret: secret,
    cpuProfDir: profileDir,
    webConcurrency: Number(process.env.WEB_CONCURRENCY ?? 1),
  });
  let measuredFrom = 0;
  try {
    await load({ origin: srv.origin, connections: 10, seconds: 3, next });
    measuredFrom = performance.now();
    for (let i = 0; i < 3; i++) {
      const { result, cpu } = await withCpu(
        () => srv.cpuSeconds(),
        () => load({ origin: srv.origin, connections: 10, seconds: 10, next }),
      );
      console.log(
        `queue: ${result.perSecond.toFixed(0)}/s p50 ${result.p50.toFixed(1)} p95 ${result.p95.toFixed(1)} ms, ` +
          `server CPU ${cpu.serverMsPerRequest.toFixed(2)} ms/request, PostgreSQL CPU ${cpu.databaseMsPerRequest.toFixed(2)} ms/request, ` +
          `idle ${Math.round((1 - cpu.serverShare - cpu.databaseShare - cpu.loadGeneratorShare) * 100)}%, RSS ${srv.memory().rssMb.toFixed(0)} MB`,
      );
    }
  } finally {
    await srv.stop();
  }
  if (profileDir) {
    const summary = summariseProfile(profileDir, performance.now() - measuredFrom, 25);
    if (summary) console.log(renderProfile(summary, "CPU profile of the measured runs"));
  }
}

void main();
