/**
 * Bulk speed (issue 16): one `POST /api/tickets/bulk` that resolves N tickets (10,000 by default), each
 * with a running SLA clock, measured through the real server on PostgreSQL.
 *
 * `npm run bench:bulk -w backend [-- --tickets=N]` starts a throwaway PostgreSQL cluster (or uses
 * DATABASE_URL) and the server (through tsx), seeds one shop's N open tickets with their SLA clocks in SQL,
 * then times the request from send to answer and checks what it did: every ticket resolved, one status
 * event per ticket in the timeline, every clock paused.
 */
import { randomBytes, randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import pg from "pg";
import { migrateToLatest, openDatabase } from "../src/platform/db";
import { startServer, startThrowawayCluster, type Server } from "./server";
import { loadAverage, printSummary, runStandalone } from "./report";

export type BulkBenchResult = {
  tickets: number;
  seconds: number;
  /** CPU seconds the server process used during the request (the rest of the wall time: waiting). */
  serverCpuSeconds: number | null;
  updated: number;
  skipped: number;
  statusEvents: number;
  pausedClocks: number;
};

/** N open tickets of one new shop, half of them in progress, each with a clock started hours ago. */
async function seedTickets(client: pg.Client, shopId: string, n: number): Promise<void> {
  const user = `${shopId}-user`;
  await client.query(`INSERT INTO shops (id, name) VALUES ($1, 'Bulk bench shop')`, [shopId]);
  await client.query(`INSERT INTO users (id, role, shop_id, name) VALUES ($1, 'shop', $2, 'Bulk bench')`, [
    user,
    shopId,
  ]);
  await client.query(
    `WITH ins AS (
       INSERT INTO support_tickets (shop_id, subject, status, priority, created_by, created_at, updated_at,
         last_message_at, first_response_at, search_vector)
       SELECT $1, 'Outage ticket ' || s, CASE WHEN s % 2 = 0 THEN 'in_progress' ELSE 'open' END,
         (ARRAY['low', 'medium', 'high', 'urgent'])[1 + s % 4], $2,
         now() - interval '3 hours', now() - interval '3 hours', now() - interval '3 hours',
         CASE WHEN s % 2 = 0 THEN now() - interval '2 hours' END,
         to_tsvector('simple', 'outage ticket ' || s)
       FROM generate_series(1, $3::int) s
       RETURNING id, status, priority, created_at, created_by
     ), events AS (
       INSERT INTO support_ticket_events (ticket_id, type, actor_id, from_value, to_value, created_at)
       SELECT id, 'created', created_by, NULL, 'open', created_at FROM ins
     )
     INSERT INTO sla_clocks (ticket_id, calendar, first_response_target_ms, resolution_target_ms,
       next_response_target_ms, running_since, status, first_responded, resolution_due_at, next_alert_at)
     SELECT i.id, p.calendar, (tg->>'firstResponseMinutes')::bigint * 60000,
       (tg->>'resolutionMinutes')::bigint * 60000,
       COALESCE(tg->>'nextResponseMinutes', tg->>'firstResponseMinutes')::bigint * 60000,
       i.created_at, i.status, i.status = 'in_progress',
       now() + interval '1 day', now() + interval '1 day'
     FROM ins i CROSS JOIN sla_policy p
     CROSS JOIN LATERAL jsonb_array_elements(p.targets) tg
     WHERE tg->>'priority' = i.priority`,
    [shopId, user, n],
  );
}

export async function measureBulk(opts: {
  origin: string;
  databaseUrl: string;
  secret: string;
  tickets: number;
  cpuSeconds?: () => number;
}): Promise<BulkBenchResult> {
  const shopId = `bench-bulk-${randomUUID()}`;
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    await seedTickets(client, shopId, opts.tickets);
    await client.query(`ANALYZE support_tickets; ANALYZE sla_clocks`);
    const token = jwt.sign({ role: "admin", name: "Bulk Bench Admin" }, opts.secret, {
      algorithm: "HS256",
      subject: `bench-bulk-admin-${randomUUID()}`,
      expiresIn: "1h",
    });
    const cpu0 = opts.cpuSeconds?.();
    const t0 = performance.now();
    const res = await fetch(`${opts.origin}/api/tickets/bulk`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        filter: { shopId, status: ["open", "in_progress"] },
        set: { status: "resolved" },
      }),
    });
    const body = (await res.json()) as { updated?: number; skipped?: unknown[] };
    const seconds = (performance.now() - t0) / 1000;
    const serverCpuSeconds = cpu0 === undefined ? null : opts.cpuSeconds!() - cpu0;
    if (res.status !== 200) throw new Error(`bulk answered ${res.status}: ${JSON.stringify(body)}`);

    const count = async (sql: string) =>
      Number((await client.query<{ c: string }>(sql, [shopId])).rows[0]?.c ?? 0);
    const resolved = await count(
      `SELECT count(*) AS c FROM support_tickets WHERE shop_id = $1 AND status = 'resolved' AND resolved_at IS NOT NULL`,
    );
    if (resolved !== opts.tickets) throw new Error(`${resolved} of ${opts.tickets} tickets resolved`);
    return {
      tickets: opts.tickets,
      seconds,
      serverCpuSeconds,
      updated: body.updated ?? 0,
      skipped: body.skipped?.length ?? 0,
      statusEvents: await count(
        `SELECT count(*) AS c FROM support_ticket_events e JOIN support_tickets t ON t.id = e.ticket_id
         WHERE t.shop_id = $1 AND e.type = 'status' AND e.to_value = 'resolved'`,
      ),
      pausedClocks: await count(
        `SELECT count(*) AS c FROM sla_clocks c JOIN support_tickets t ON t.id = c.ticket_id
         WHERE t.shop_id = $1 AND c.status = 'resolved' AND c.running_since IS NULL`,
      ),
    };
  } finally {
    await client.end();
  }
}

export function describeBulk(r: BulkBenchResult): string {
  return (
    `Bulk resolve of ${r.tickets.toLocaleString("en")} tickets (each with a running SLA clock) in one request: ` +
    `**${r.seconds.toFixed(2)} s** (${Math.round(r.tickets / r.seconds).toLocaleString("en")} tickets/s); ` +
    `${r.updated} updated, ${r.skipped} skipped, ${r.statusEvents} status events written, ${r.pausedClocks} clocks paused` +
    (r.serverCpuSeconds === null ? "." : `; server CPU ${r.serverCpuSeconds.toFixed(2)} s.`)
  );
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let tickets = 10_000;
  for (const a of argv) {
    const m = /^--tickets=(\d+)$/.exec(a);
    if (!m) {
      console.error(`Unknown argument ${a}. Usage: npm run bench:bulk -- [--tickets=N]`);
      return 2;
    }
    tickets = Number(m[1]);
  }
  const cluster = process.env.DATABASE_URL
    ? null
    : startThrowawayCluster(Number(process.env.BENCH_PG_PORT ?? 54352));
  const databaseUrl = process.env.DATABASE_URL ?? cluster?.url;
  if (!databaseUrl) {
    console.error(
      "PostgreSQL's server binaries were not found (apt-get install -y postgresql), and DATABASE_URL is not set.",
    );
    return 1;
  }
  let server: Server | undefined;
  try {
    const database = await openDatabase({ databaseUrl });
    try {
      await migrateToLatest(database.knex);
    } finally {
      await database.close();
    }
    const secret = randomBytes(32).toString("hex");
    server = await startServer({ databaseUrl, jwtSecret: secret, mode: "tsx" });
    const srv = server;
    console.log(loadAverage("start"));
    const result = await measureBulk({
      origin: srv.origin,
      databaseUrl,
      secret,
      tickets,
      cpuSeconds: () => srv.cpuSeconds(),
    });
    printSummary(describeBulk(result));
    const ok =
      result.updated === tickets && result.statusEvents === tickets && result.pausedClocks === tickets;
    return ok ? 0 : 1;
  } finally {
    await server?.stop();
    cluster?.stop();
  }
}

if (require.main === module) runStandalone(main);
