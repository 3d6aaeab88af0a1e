/**
 * `npx tsx backend/bench/writepath.ts [--tickets=50000] [--seconds=10] [--sockets=1000,5000|none] [--rate=200]
 *   [--skip-posts] [--no-build] [--profile] [--alloc-profile] [--worker-process]`
 *
 * The write path and delivery, at a moderate size (issue 17; the full run is `npm run bench`):
 *  1. message posts at concurrency 32 beside the raw single-row INSERT rate, with the search GIN index's
 *     fastupdate on and off (alternating, twice each, so drift on a shared machine shows);
 *  2. the ticket row's UPDATE with and without the search-text append (the cost of keeping the search
 *     vector on the hot row), straight on PostgreSQL, 8 clients;
 *  3. delivery with 1,000 and 5,000 socket.io clients: post → commit → emit → written → received, from
 *     process.hrtime stamps (the server's DELIVERY_TRACE_FILE and this process's: one monotonic clock).
 * PostgreSQL runs with fsync=on, synchronous_commit=on. Prints Markdown.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchTokens } from "./tokens";
import pg from "pg";
import { migrateToLatest, openDatabase } from "../src/platform/db";
import { seedFaqDefaults } from "../src/domains/faq";
import { existingSeed, ids, seed } from "./seed";
import { renderAllocations, sampleAllocations } from "./allocations";
import {
  buildServer,
  freePort,
  startServer,
  startThrowawayCluster,
  waitForStartRefresh,
  type Cluster,
  type Server,
} from "./server";
import { renderProfile, summariseProfile, withCpu } from "./cpu";
import { flameGraph } from "./flame";
import { load, percentile, summarize, type Stats } from "./load";
import { measureDelivery, type DeliveryResult, type Listener } from "./delivery";

const PORT = Number(process.env.BENCH_PG_PORT ?? 55505);
const flag = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? undefined;
const tickets = Number(flag("tickets") ?? 50_000);
const seconds = Number(flag("seconds") ?? 10);
const socketCounts =
  flag("sockets") === "none" ? [] : (flag("sockets") ?? "1000,5000").split(",").map(Number);
const rate = Number(flag("rate") ?? 200);
const size = { tickets, shops: Math.max(10, Math.min(10_000, Math.floor(tickets / 10))), admins: 50 };
const log = (s: string) => console.log(s);
const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : "n/a");
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : "n/a");

async function main() {
  let cluster: Cluster | null = null;
  let server: Server | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    cluster = startThrowawayCluster(PORT);
    if (!cluster) throw new Error("PostgreSQL's server binaries are missing (apt-get install postgresql)");
    url = cluster.url;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-writepath-"));
  try {
    const database = await openDatabase({ databaseUrl: url });
    try {
      await migrateToLatest(database.knex);
      await seedFaqDefaults(database.knex);
    } finally {
      await database.close();
    }
    const present = await existingSeed(url);
    if (present !== size.tickets) {
      if (present > 0) throw new Error(`the database holds another data set (${present} tickets)`);
      const t0 = performance.now();
      await seed(url, size, () => {});
      log(`Seeded ${tickets} tickets in ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
    }
    cluster?.restart("on");
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const show = async (n: string) => (await c.query<Record<string, string>>(`SHOW ${n}`)).rows[0]![n];
    const durability = `fsync=${await show("fsync")}, synchronous_commit=${await show("synchronous_commit")}`;
    const open = (
      await c.query<{ id: string; shop_id: string }>(
        `SELECT DISTINCT ON (shop_id) id, shop_id FROM support_tickets
         WHERE status IN ('open', 'in_progress') AND shop_id LIKE 'bench-shop-%' ORDER BY shop_id, id`,
      )
    ).rows.map((r) => ({ ticketId: r.id, shopId: r.shop_id }));

    const secret = randomBytes(32).toString("hex");
    const { admin, shop } = benchTokens(secret);
    const adminToken = admin(1);

    if (!process.argv.includes("--no-build")) buildServer();
    // The posts of every part below: admin replies, each to the next shop's open ticket.
    const runId = randomBytes(4).toString("hex");
    let turn = 0;
    const post = () => {
      const i = turn++;
      const t = open[i % open.length]!;
      return {
        path: `/api/tickets/${t.ticketId}/messages`,
        token: adminToken,
        body: {
          body: `We are checking this for you now, reference ${i}.`,
          clientMessageId: `wp-${runId}-${i}`,
        },
      };
    };
    // Before the main server starts: a second process on the database would hear it, and then publish every
    // broadcast to it (platform/pg-listener.ts), which a server alone does not.
    if (process.argv.includes("--profile")) await profilePosts(url, secret, post, dataDir, c);
    if (process.argv.includes("--alloc-profile")) await allocationsOfPosts(url, secret, post, dataDir, c);
    const dbNow = async () => (await c.query<{ now: Date }>("SELECT now() AS now")).rows[0]!.now;
    const startedAt = await dbNow();
    const traceFile = path.join(dataDir, "delivery-trace.txt");
    server = await startServer({
      databaseUrl: url,
      jwtSecret: secret,
      env: {
        DATA_DIR: path.join(dataDir, "server"),
        DELIVERY_TRACE_FILE: traceFile,
        // The machine is shared: a post may wait for a pooled connection longer than the default 1.5 s
        // before the server sheds it with 503; here it waits, and the wait shows in the latency.
        DB_ACQUIRE_TIMEOUT_MS: "10000",
        ...(process.argv.includes("--worker-process") ? { WORKER_PROCESS: "true" } : {}),
      },
    });
    const srv = server;
    // The server's analytics start-up refresh (a fresh seed: every day rebuilt) is not the write path.
    await waitForStartRefresh(c, startedAt);
    const loadStart = os.loadavg()[0]!;

    // 1. Posts at c=32 and raw inserts, fastupdate on / off / on / off.
    const postRows: string[] = [];
    const skipPosts = process.argv.includes("--skip-posts");
    for (const fastupdate of skipPosts ? [] : ["on", "off", "on", "off"]) {
      await c.query(`ALTER INDEX support_tickets_search_idx SET (fastupdate = ${fastupdate})`);
      await c.query(`SELECT gin_clean_pending_list('support_tickets_search_idx')`);
      const { result: posts, cpu } = await withCpu(
        () => srv.cpuSeconds(),
        () => load({ origin: srv.origin, connections: 32, seconds, method: "POST", next: post }),
      );
      const raw = await rawInserts(url, open, Math.max(2, seconds / 2));
      postRows.push(
        `| ${fastupdate} | ${Math.round(posts.perSecond)} | ${ms(posts.p50)} | ${ms(posts.p99)} | ${Math.round(raw.perSecond)} | ${(posts.perSecond / raw.perSecond).toFixed(2)} | ${ms(cpu.serverMsPerRequest)} | ${ms(cpu.databaseMsPerRequest)} | ${pct(1 - cpu.serverShare - cpu.databaseShare - cpu.loadGeneratorShare)} |`,
      );
      log(postRows.at(-1)!);
    }
    await c.query(`ALTER INDEX support_tickets_search_idx RESET (fastupdate)`);

    // 2. The hot row's UPDATE with and without the search-text append (8 clients, straight on pg).
    const hotRows: string[] = [];
    for (const withSearch of skipPosts ? [] : [true, false, true, false]) {
      const s = await hotRowUpdates(url, open, withSearch, Math.max(2, seconds / 2));
      hotRows.push(
        `| ${withSearch ? "yes" : "no"} | ${Math.round(s.perSecond)} | ${ms(s.p50)} | ${ms(s.p99)} |`,
      );
      log(hotRows.at(-1)!);
    }

    // 3. Delivery with N sockets: the segments from the stamps.
    // `--settle=S`: wait first, e.g. past the adapter's start-up grace (a process alone keeps its
    // broadcasts local only once it has seen no peer for a while), as the full benchmark does by then.
    await new Promise((r) => setTimeout(r, Number(flag("settle") ?? 0) * 1000));
    const deliveryRows: string[] = [];
    for (const [k, n] of socketCounts.entries()) {
      const admins = Math.max(1, Math.round(n / 50));
      const shopTargets = open.slice(0, n - admins);
      const listeners: Listener[] = [
        ...Array.from({ length: admins }, (_, i) => {
          const a = 1 + (i % (size.admins - 1));
          return { token: admin(a), shopId: null };
        }),
        ...shopTargets.map((t) => {
          const s = Number(t.shopId.replace("bench-shop-", ""));
          return { token: shop(s), shopId: ids.shop(s) };
        }),
      ];
      fs.writeFileSync(traceFile, "");
      let rss = 0;
      const result = await measureDelivery({
        origin: srv.origin,
        listeners,
        adminToken: admin(size.admins),
        targets: shopTargets,
        rate,
        seconds,
        runId: `${runId}-${k}-${n}`,
        beforeDisconnect: () => (rss = srv.memory().rssMb),
      });
      await new Promise((r) => setTimeout(r, 300)); // the server flushes its trace every 100 ms
      const trace = fs.readFileSync(traceFile, "utf8");
      deliveryRows.push(...segments(result, trace, n, rss));
      const dump = flag("delivery-dump");
      if (dump) fs.writeFileSync(`${dump}.${k + 1}.${n}.tsv`, stageTable(result, trace));
      log(deliveryRows.slice(-1)[0]!);
    }
    await c.end();

    const loadEnd = os.loadavg()[0]!;
    const out = [
      `Measured ${new Date().toISOString()} with \`npx tsx backend/bench/writepath.ts ${process.argv.slice(2).join(" ")}\`,`,
      `${tickets.toLocaleString("en-US")} tickets, PostgreSQL ${durability}; load average ${loadStart.toFixed(1)} → ${loadEnd.toFixed(1)} (${os.cpus().length} cores shared with other work).`,
      "",
      "| GIN fastupdate | Posts/s (c=32) | p50 (ms) | p99 (ms) | Raw INSERTs/s (1 client) | Posts / raw | Server CPU / post (ms) | PostgreSQL CPU / post (ms) | Cores left idle (or to other work) |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...postRows,
      "",
      "| Ticket UPDATE appends search text | UPDATE transactions/s (8 clients) | p50 (ms) | p99 (ms) |",
      "|---|---:|---:|---:|",
      ...hotRows,
      "",
      `| Sockets | Posts (offered ${rate}/s) | Segment | p50 (ms) | p99 (ms) |`,
      "|---:|---:|---|---:|---:|",
      ...deliveryRows,
    ];
    console.log(`\n${out.join("\n")}`);
  } finally {
    await server?.stop().catch(() => {});
    cluster?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A server of its own for a profile of posts, run before the script's main server starts and stopped before it
 * (a second process on the database would hear it and publish every broadcast to it, which a lone server does
 * not), handed over 32 s after its start: past the socket.io adapter's 30 s grace, after which a lone process
 * keeps its broadcasts local, as the full run's server does by its write scenarios.
 */
async function loneServer(
  url: string,
  secret: string,
  dataDir: string,
  monitor: pg.Client,
  probe: { cpuProfDir?: string; inspectPort?: number },
): Promise<Server> {
  const startedAt = (await monitor.query<{ now: Date }>("SELECT now() AS now")).rows[0]!.now;
  const server = await startServer({
    databaseUrl: url,
    jwtSecret: secret,
    ...probe,
    env: { DATA_DIR: dataDir, DB_ACQUIRE_TIMEOUT_MS: "10000" },
  });
  await waitForStartRefresh(monitor, startedAt);
  await new Promise((r) => setTimeout(r, 32_000));
  return server;
}

/**
 * `--alloc-profile`: what a post allocates (bench/allocations.ts), on a lone server with the inspector open:
 * 3 s of posts at c=32 to warm up, then the measured posts.
 */
async function allocationsOfPosts(
  url: string,
  secret: string,
  next: () => { path: string; token: string; body: unknown },
  dataDir: string,
  monitor: pg.Client,
) {
  const inspectPort = await freePort();
  const sampled = await loneServer(url, secret, path.join(dataDir, "sampled"), monitor, { inspectPort });
  try {
    await load({ origin: sampled.origin, connections: 32, seconds: 3, method: "POST", next });
    const { result: stats, summary } = await sampleAllocations(inspectPort, () =>
      load({ origin: sampled.origin, connections: 32, seconds, method: "POST", next }),
    );
    log(
      renderAllocations(
        summary,
        stats.count,
        `Allocations of posts at c=32 (${Math.round(stats.perSecond)}/s under the sampler)`,
      ),
    );
  } finally {
    await sampled.stop();
  }
}

/**
 * `--profile`: posts at c=32 against a lone server started with --cpu-prof, summarised by self time, and the
 * flame graph written to docs/benchmarks-post-flame.svg.
 */
async function profilePosts(
  url: string,
  secret: string,
  next: () => { path: string; token: string; body: unknown },
  dataDir: string,
  monitor: pg.Client,
) {
  const profDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-post-prof-"));
  const profiled = await loneServer(url, secret, path.join(dataDir, "profiled"), monitor, {
    cpuProfDir: profDir,
  });
  const from = performance.now();
  const { result: stats, cpu } = await withCpu(
    () => profiled.cpuSeconds(),
    () => load({ origin: profiled.origin, connections: 32, seconds, method: "POST", next }),
  );
  await profiled.stop();
  const lastMs = performance.now() - from;
  // V8's sampler ticks on the wall clock: a sample taken while the thread waits for a core (after a
  // writev woke PostgreSQL on this 2-core machine) counts as that frame's self time. The process's own
  // CPU seconds (/proc) say how much of the profile is CPU.
  log(
    `Profiled posts: ${Math.round(stats.perSecond)}/s at c=32 (the profiler slows the server); server CPU ${(cpu.serverMsPerRequest * stats.count).toFixed(0)} ms, ${ms(cpu.serverMsPerRequest)} ms per post.`,
  );
  const summary = summariseProfile(profDir, lastMs, 25);
  if (summary) log(renderProfile(summary, "Post profile"));
  const file = fs.readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
  if (file) {
    const out = path.resolve(__dirname, "../../docs/benchmarks-post-flame.svg");
    fs.writeFileSync(out, flameGraph(path.join(profDir, file), lastMs, "Message posts, 32 clients"));
    log(`Wrote ${out}.`);
  }
  fs.rmSync(profDir, { recursive: true, force: true });
}

/** The server's trace (`stage messageId ns` lines) by message id. */
function traceStages(trace: string): Map<string, Record<string, bigint>> {
  const at = new Map<string, Record<string, bigint>>();
  for (const line of trace.split("\n")) {
    const [stage, id, ns] = line.split(" ");
    if (!stage || !id || !ns) continue;
    const e = at.get(id) ?? {};
    e[stage] = BigInt(ns);
    at.set(id, e);
  }
  return at;
}

/**
 * `--delivery-dump=FILE`: for the K-th delivery run with N sockets, FILE.K.N.tsv: one row per post, in
 * the order sent: ms since the first post was sent, then ms from sending to commit, emit and the shop
 * socket's receipt. Shows whether the slow posts come together (a stall) or spread out (posts waiting
 * for a core).
 */
function stageTable(r: DeliveryResult, trace: string): string {
  const at = traceStages(trace);
  const sorted = [...r.stamps].sort((a, b) => (a.sentNs < b.sentNs ? -1 : 1));
  const first = sorted[0]?.sentNs ?? 0n;
  const ms = (a: bigint, b?: bigint) => (b === undefined ? "" : (Number(b - a) / 1e6).toFixed(2));
  const rows = sorted.map((s) => {
    const e = at.get(s.messageId) ?? {};
    return [ms(first, s.sentNs), ms(s.sentNs, e.commit), ms(s.sentNs, e.emit), ms(s.sentNs, s.shopNs)].join(
      "\t",
    );
  });
  return ["sent\tcommit\temit\tshop", ...rows].join("\n") + "\n";
}

function segments(r: DeliveryResult, trace: string, sockets: number, rssMb: number): string[] {
  const at = traceStages(trace);
  const spans: Record<string, number[]> = {
    "POST sent → commit": [],
    "commit → emit": [],
    "emit → written to the server's sockets": [],
    "emit → received on the shop's socket": [],
    "emit → received on an admin socket": [],
    "POST sent → received on the shop's socket": [],
  };
  const d = (a?: bigint, b?: bigint) => (a !== undefined && b !== undefined ? Number(b - a) / 1e6 : null);
  const push = (k: string, v: number | null) => void (v !== null && spans[k]!.push(v));
  for (const s of r.stamps) {
    const e = at.get(s.messageId) ?? {};
    push("POST sent → commit", d(s.sentNs, e.commit));
    push("commit → emit", d(e.commit, e.emit));
    push("emit → written to the server's sockets", d(e.emit, e.written));
    push("emit → received on the shop's socket", d(e.emit, s.shopNs));
    push("emit → received on an admin socket", d(e.emit, s.adminNs));
    push("POST sent → received on the shop's socket", d(s.sentNs, s.shopNs));
  }
  const label = `${r.posted} at ${r.rate.toFixed(0)}/s, ${r.missing} missing, server ${rssMb.toFixed(0)} MB`;
  return Object.entries(spans).map(([name, v]) => {
    const sorted = [...v].sort((a, b) => a - b);
    return `| ${sockets} | ${label} | ${name} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} |`;
  });
}

async function rawInserts(url: string, targets: Array<{ ticketId: string }>, secs: number): Promise<Stats> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const lat: number[] = [];
    const start = performance.now();
    for (let i = 0; performance.now() - start < secs * 1000; i++) {
      const t0 = performance.now();
      await c.query(
        `INSERT INTO support_messages (ticket_id, sender_type, sender_id, sender_name, body, client_message_id)
         VALUES ($1, 'admin', $2, $3, $4, $5)`,
        [
          targets[i % targets.length]!.ticketId,
          ids.admin(2),
          ids.adminName(2),
          `Raw ${i}.`,
          `wp-raw-${start}-${i}`,
        ],
      );
      lat.push(performance.now() - t0);
    }
    return summarize(lat, (performance.now() - start) / 1000);
  } finally {
    await c.end();
  }
}

/** 8 clients, each its own tickets: UPDATE the ticket's times, with or without appending search text. */
async function hotRowUpdates(
  url: string,
  targets: Array<{ ticketId: string }>,
  withSearch: boolean,
  secs: number,
): Promise<Stats> {
  const clients = 8;
  const lat: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, k) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        for (let i = k; performance.now() - start < secs * 1000; i += clients) {
          const t0 = performance.now();
          await c.query(
            `UPDATE support_tickets SET updated_at = now(), last_message_at = now()
               ${withSearch ? `, search_vector = search_vector || strip(to_tsvector('simple', $2))` : ""}
             WHERE id = $1`,
            withSearch
              ? [targets[i % targets.length]!.ticketId, `we are checking this for you now reference ${i}`]
              : [targets[i % targets.length]!.ticketId],
          );
          lat.push(performance.now() - t0);
        }
      } finally {
        await c.end();
      }
    }),
  );
  return summarize(lat, (performance.now() - start) / 1000);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
