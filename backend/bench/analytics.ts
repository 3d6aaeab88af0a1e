/**
 * `npm run bench:analytics -w backend [-- --tickets=N] [-- --seconds=N] [-- --seed-only]`
 *
 * Issue 14's rows: GET /api/analytics/summary for a year, the breakdown, and the due-sorted queue, at
 * N tickets (default 1,000,000) spread over the last year, each with its SLA clock. A lighter data set
 * than `npm run bench` (tickets and clocks only, no messages: the analytics read neither messages nor
 * search vectors), so it fits on a busy machine. The real server runs as a child process (compiled, as in production);
 * requests go one at a time (the p95 of one request, not of a queue). Prints a Markdown table.
 * DATABASE_URL is used when set; otherwise a throwaway cluster on BENCH_PG_PORT (default 54341).
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import jwt from "jsonwebtoken";
import pg from "pg";
import { migrateToLatest, openDatabase } from "../src/platform/db";
import { createDailySummaryRepository } from "../src/domains/analytics/repository/daily-summary.repository";
import { createSlaRepository } from "../src/domains/analytics/repository/sla.repository";
import { createDailySummaryService } from "../src/domains/analytics/service/daily-summary.service";
import { sequential, type Stats } from "./load";
import { buildServer, startServer, startThrowawayCluster, type Cluster, type Server } from "./server";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
for (const a of argv) {
  if (!/^--(tickets|seconds)=\d+$/.test(a) && a !== "--seed-only") {
    console.error(
      `Unknown argument ${a}. Usage: bench/analytics.ts [--tickets=N] [--seconds=N] [--seed-only]`,
    );
    process.exit(2);
  }
}
const TICKETS = Number(flag("tickets") ?? 1_000_000);
const SECONDS = Number(flag("seconds") ?? 10);
const SHOPS = Math.max(10, Math.min(10_000, Math.floor(TICKETS / 100)));
const ADMINS = 50;
const CHUNK = 100_000;
const log = (s: string) => console.log(s);

/** Tickets over the last 365 days with the default policy's targets; clocks with the business time each took. */
const TICKETS_SQL = `
WITH base AS (
  SELECT g.i,
    md5('parley-analytics-' || g.i)::uuid AS id,
    1 + (hashint4(g.i) & 2147483647) % $3::int AS s,
    now() - ((hashint4(g.i * 7 + 1) & 2147483647)::float8 / 2147483647) * interval '365 days' AS created_at,
    (hashint4(g.i * 7 + 2) & 2147483647)::float8 / 2147483647 AS r_status,
    (hashint4(g.i * 7 + 3) & 2147483647)::float8 / 2147483647 AS r_prio,
    (hashint4(g.i * 7 + 4) & 2147483647)::float8 / 2147483647 AS r_fr,
    (hashint4(g.i * 7 + 5) & 2147483647)::float8 / 2147483647 AS r_res,
    1 + (hashint4(g.i * 7 + 6) & 2147483647) % $4::int AS a
  FROM generate_series($1::int, $2::int) g(i)
), t AS (
  SELECT b.*,
    CASE WHEN r_status < 0.05 THEN 'open' WHEN r_status < 0.10 THEN 'in_progress'
         WHEN r_status < 0.70 THEN 'resolved' ELSE 'closed' END AS status,
    CASE WHEN r_prio < 0.2 THEN 'low' WHEN r_prio < 0.7 THEN 'medium' WHEN r_prio < 0.92 THEN 'high' ELSE 'urgent' END AS priority,
    (ARRAY['orders','payouts','listings','shipping','account','billing','refunds','other'])[1 + (b.i % 8)] AS category,
    -- business milliseconds: first response up to 16 h, resolution up to 80 h (some beyond the targets)
    floor(r_fr * r_fr * 16 * 3600000)::bigint AS fr_ms,
    floor(r_res * r_res * 80 * 3600000)::bigint AS res_ms
  FROM base b
), targets AS (
  SELECT t.*,
    CASE priority WHEN 'urgent' THEN 60 WHEN 'high' THEN 240 WHEN 'medium' THEN 480 ELSE 960 END * 60000::bigint AS fr_t,
    CASE priority WHEN 'urgent' THEN 480 WHEN 'high' THEN 960 WHEN 'medium' THEN 2400 ELSE 4800 END * 60000::bigint AS res_t
  FROM t
), ins AS (
  INSERT INTO support_tickets (id, shop_id, subject, status, priority, category, assignee_id, created_by,
    created_at, updated_at, last_message_at, first_response_at, resolved_at, closed_at, sla_breached)
  SELECT id, 'an-shop-' || s, 'Analytics ticket ' || i, status, priority, category,
    CASE WHEN i % 10 = 0 THEN NULL ELSE 'an-admin-' || a END, 'an-user-' || s,
    created_at, created_at + interval '2 days', created_at + interval '1 day',
    created_at + fr_ms * interval '1 millisecond' * 2,
    CASE WHEN status IN ('resolved', 'closed') THEN least(now(), created_at + res_ms * interval '1 millisecond' * 3) END,
    CASE WHEN status = 'closed' THEN least(now(), created_at + res_ms * interval '1 millisecond' * 3 + interval '3 days') END,
    fr_ms > fr_t OR (status IN ('resolved', 'closed') AND res_ms > res_t)
  FROM targets
  RETURNING id
)
INSERT INTO sla_clocks (ticket_id, calendar, first_response_target_ms, next_response_target_ms, resolution_target_ms,
  first_response_consumed_ms, resolution_consumed_ms, status, waiting_on_shop, first_responded,
  first_response_breached, resolution_breached, first_response_alerted, resolution_alerted,
  first_response_ms, resolution_ms)
SELECT x.id, $5::jsonb, fr_t, fr_t, res_t, fr_ms, res_ms, status, status IN ('open', 'in_progress'), true,
  fr_ms > fr_t, status IN ('resolved', 'closed') AND res_ms > res_t,
  CASE WHEN fr_ms > fr_t THEN 100 ELSE 0 END, CASE WHEN res_ms > res_t THEN 100 ELSE 0 END,
  fr_ms, CASE WHEN status IN ('resolved', 'closed') THEN res_ms END
FROM targets x JOIN ins USING (id)`;

async function seedIfNeeded(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM support_tickets WHERE shop_id LIKE 'an-shop-%'`,
    );
    const present = rows[0]?.n ?? 0;
    if (present === TICKETS) return log(`Reusing the ${TICKETS.toLocaleString("en-US")}-ticket data set.`);
    if (present > 0)
      throw new Error(`The database holds ${present} analytics bench tickets: use a fresh one.`);
    const t0 = performance.now();
    await c.query(
      `INSERT INTO shops (id, name) SELECT 'an-shop-' || s, 'Shop ' || s FROM generate_series(1, $1::int) s`,
      [SHOPS],
    );
    await c.query(
      `INSERT INTO users (id, role, shop_id, name, email)
       SELECT 'an-user-' || s, 'shop', 'an-shop-' || s, 'Shop ' || s, 'o' || s || '@an.example' FROM generate_series(1, $1::int) s
       UNION ALL SELECT 'an-admin-' || a, 'admin', NULL, 'Admin ' || a, 'a' || a || '@an.example' FROM generate_series(1, $2::int) a`,
      [SHOPS, ADMINS],
    );
    const { rows: cal } = await c.query<{ calendar: unknown }>(
      `SELECT calendar FROM sla_policy WHERE id = 1`,
    );
    for (let lo = 1; lo <= TICKETS; lo += CHUNK) {
      const hi = Math.min(TICKETS, lo + CHUNK - 1);
      await c.query(TICKETS_SQL, [lo, hi, SHOPS, ADMINS, JSON.stringify(cal[0]!.calendar)]);
      log(`  ${hi.toLocaleString("en-US")} tickets (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    await c.query(`VACUUM ANALYZE support_tickets`);
    await c.query(`VACUUM ANALYZE sla_clocks`);
    log(`Seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
  } finally {
    await c.end();
  }
}

/**
 * The daily summary's refresh, as the server runs it: a rebuild of every day (the first run, or after the
 * policy's zone changed), then an incremental one (the days touched since: here the tickets the seed dated
 * in the future of the first). The server started below then finds the table complete.
 */
async function timeRefresh(
  url: string,
): Promise<{ rebuildMs: number; days: number; incrementalMs: number; touched: number }> {
  const db = await openDatabase({ databaseUrl: url, timeouts: { statementTimeoutMs: 600_000 } });
  try {
    const service = createDailySummaryService({
      db: db.knex,
      daily: createDailySummaryRepository(),
      sla: createSlaRepository(),
    });
    await db.knex.raw(`DELETE FROM analytics_daily_state`);
    let t0 = performance.now();
    const full = await service.refresh();
    const rebuildMs = performance.now() - t0;
    t0 = performance.now();
    const inc = await service.refresh();
    const incrementalMs = performance.now() - t0;
    await db.knex.raw(`VACUUM ANALYZE analytics_daily`);
    log(
      `Daily summary: rebuilt ${full.days} days from ${full.tickets} tickets in ${(rebuildMs / 1000).toFixed(1)} s; ` +
        `an incremental refresh of ${inc.tickets} touched tickets (${inc.changed} changed, ${inc.days} days) took ${incrementalMs.toFixed(0)} ms.`,
    );
    return { rebuildMs, days: full.days, incrementalMs, touched: inc.days };
  } finally {
    await db.close();
  }
}

async function main(): Promise<number> {
  let cluster: Cluster | null = null;
  let server: Server | undefined;
  try {
    let url = process.env.DATABASE_URL;
    if (!url) {
      cluster = startThrowawayCluster(Number(process.env.BENCH_PG_PORT ?? 54341));
      if (!cluster) throw new Error("PostgreSQL's server binaries were not found.");
      url = cluster.url;
    }
    const db = await openDatabase({ databaseUrl: url });
    try {
      await migrateToLatest(db.knex);
    } finally {
      await db.close();
    }
    await seedIfNeeded(url);
    // Prepares a database (DATABASE_URL) for a later run without measuring anything.
    if (argv.includes("--seed-only")) return 0;
    const refresh = await timeRefresh(url);
    if (cluster) cluster.restart("on");

    const secret = randomBytes(32).toString("hex");
    const token = jwt.sign({ role: "admin", name: "Admin 1" }, secret, {
      algorithm: "HS256",
      subject: "an-admin-1",
      expiresIn: "1h",
    });
    // The default statement timeout (5 s) would answer a slower summary 503: lifted, so the bench says how slow.
    log("Compiling the server (npm run build:server)...");
    buildServer();
    server = await startServer({
      databaseUrl: url,
      jwtSecret: secret,
      env: { DB_STATEMENT_TIMEOUT_MS: "120000" },
    });
    const year = new URLSearchParams({
      from: new Date(Date.now() - 365 * 86_400_000).toISOString(),
      to: new Date().toISOString(),
    }).toString();
    const month = new URLSearchParams({
      from: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      to: new Date().toISOString(),
    }).toString();
    const scenarios: Array<[string, string]> = [
      ["Analytics summary, a year", `/api/analytics/summary?${year}`],
      ["Analytics summary, a year, one priority", `/api/analytics/summary?${year}&priority=urgent`],
      ["Analytics summary, 30 days", `/api/analytics/summary?${month}`],
      ["Analytics summary, a year, one shop", `/api/analytics/summary?${year}&shopId=an-shop-1`],
      ["Analytics breakdown by admin, a year", `/api/analytics/breakdown?${year}&by=assignee`],
      ["Queue sorted by due, first page", `/api/tickets?status=open,in_progress&sort=due&limit=25`],
    ];
    const rows: Array<[string, Stats]> = [];
    for (const [name, path] of scenarios) {
      // One warm-up request (plans, caches), then requests one at a time.
      await sequential({ origin: server.origin, seconds: 0, min: 1, next: () => ({ path, token }) });
      const stats = await sequential({
        origin: server.origin,
        seconds: SECONDS,
        min: 5,
        next: () => ({ path, token }),
      });
      rows.push([name, stats]);
      log(
        `  ${name.padEnd(44)} p50 ${stats.p50.toFixed(0).padStart(6)} ms  p95 ${stats.p95.toFixed(0).padStart(6)} ms  (${stats.count} requests)`,
      );
    }
    const f = (v: number) => v.toFixed(0);
    log(
      `\n${TICKETS.toLocaleString("en-US")} tickets over a year; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ` +
        `load average ${os.loadavg()[0]!.toFixed(1)} at the end; daily summary rebuild ${(refresh.rebuildMs / 1000).toFixed(1)} s ` +
        `(${refresh.days} days), incremental refresh ${refresh.incrementalMs.toFixed(0)} ms (${refresh.touched} days)\n\n| scenario (one client) | requests | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|\n` +
        rows.map(([n, s]) => `| ${n} | ${s.count} | ${f(s.p50)} | ${f(s.p95)} | ${f(s.p99)} |`).join("\n"),
    );
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return 1;
  } finally {
    await server?.stop().catch(() => {});
    cluster?.stop();
  }
}

void main().then((code) => process.exit(code));
