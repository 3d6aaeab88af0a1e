/**
 * What a post's round trips cost, apart from everything else a post does (docs/benchmarks.md, session 23).
 *
 * `DATABASE_URL=… npx tsx backend/bench/pipeline.ts [--clients=32] [--seconds=10] [--rounds=2] [--lanes=2]`
 *
 * A post holds its ticket's row lock from the read its rules need to the write, in four round trips:
 * BEGIN; the locking read; the one writing statement; COMMIT. node-postgres 8.23 can pipeline (send a
 * query before the previous one's answer is back), so the same transaction fits in two: BEGIN with the
 * read, the write with COMMIT. This measures both shapes on the same statements, alternated, with a
 * client per connection and no HTTP, JSON or rules in between: a message INSERT and the ticket's UPDATE
 * (its indexed times change, as in a post), on tickets of a seeded benchmark cluster (`npm run bench`).
 * A third shape, group commit (session 44), runs the same two statements per post with the posts that
 * arrive together in one transaction on one of `--lanes` connections (see groupRound).
 * The messages it adds are deleted at the end (the tickets keep their new times, as after writepath.ts).
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { postgresCpuSeconds } from "./cpu";
import { percentile } from "./load";

const flag = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? undefined;
const clients = Number(flag("clients") ?? 32);
const seconds = Number(flag("seconds") ?? 10);
const rounds = Number(flag("rounds") ?? 2);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL: a seeded benchmark cluster (npm run bench keeps one)");

const BODY = `pipeline bench ${randomUUID()}`;
const READ = {
  name: "pipeline_bench_read",
  text: `SELECT id, status, updated_at, now()::timestamptz(3) AS db_now FROM support_tickets WHERE id = $1 FOR UPDATE`,
};
const WRITE = {
  name: "pipeline_bench_write",
  text: `WITH ins AS (
           INSERT INTO support_messages (ticket_id, sender_type, sender_id, sender_name, body, created_at)
           VALUES ($1, 'admin', $2, 'Bench', $3, $4) RETURNING seq)
         UPDATE support_tickets SET updated_at = $4, last_message_at = $4 WHERE id = $1
         RETURNING (SELECT seq FROM ins) AS seq`,
};

type Shape = "four round trips" | "two (pipelined)";

const lanes = Number(flag("lanes") ?? 2);

/** One post's transaction in the given shape, on a client of that shape. */
async function post(c: pg.Client, shape: Shape, ticketId: string, senderId: string): Promise<void> {
  if (shape === "four round trips") {
    await c.query("BEGIN");
    const { rows } = await c.query<{ db_now: Date }>({ ...READ, values: [ticketId] });
    await c.query({ ...WRITE, values: [ticketId, senderId, BODY, rows[0]!.db_now] });
    await c.query("COMMIT");
    return;
  }
  // Both queries of a pair go out before either answer is back. A failure in the first aborts the
  // transaction, so the second fails too and the ROLLBACK below ends it.
  const begin = c.query("BEGIN");
  const read = c.query<{ db_now: Date }>({ ...READ, values: [ticketId] });
  try {
    await begin;
    const { rows } = await read;
    const write = c.query({ ...WRITE, values: [ticketId, senderId, BODY, rows[0]!.db_now] });
    const commit = c.query("COMMIT");
    await write;
    await commit;
  } catch (err) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}

/**
 * Runs `posters` loops of `postOne` (given the poster and a running count) for the round's seconds, each post
 * timed: the posts per second, their latency, and the CPU each cost this process and PostgreSQL.
 */
async function timed(
  shape: string,
  posters: number,
  postOne: (poster: number, count: number) => Promise<void>,
) {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  const cpu0 = { node: process.cpuUsage(), pg: postgresCpuSeconds() };
  let next = 0;
  await Promise.all(
    Array.from({ length: posters }, async (_, poster) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await postOne(poster, next++);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const node = process.cpuUsage(cpu0.node);
  const pgSeconds = postgresCpuSeconds() - cpu0.pg;
  const n = latencies.length;
  latencies.sort((a, b) => a - b);
  return {
    shape,
    perSecond: n / wall,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    clientMs: (node.user + node.system) / 1000 / n,
    postgresMs: (pgSeconds * 1000) / n,
  };
}

function round(shape: Shape, pool: pg.Client[], tickets: string[], senderId: string) {
  // Consecutive tickets per post, so two clients never wait on one ticket's lock.
  return timed(shape, pool.length, (client, count) =>
    post(pool[client]!, shape, tickets[count % tickets.length]!, senderId),
  );
}

/**
 * Group commit: the `clients` posters hand their posts to `lanes` connections (a ticket always to the same
 * lane, so two lanes never wait on one ticket's lock). A lane with nothing running starts at once; posts
 * that arrive while its transaction runs wait and go together in the next: BEGIN; each post's locking read
 * and write in turn; COMMIT. Each post still costs its two statements; BEGIN, COMMIT and the flush are paid
 * once per group, and PostgreSQL runs `lanes` backends instead of `clients`.
 */
async function groupRound(pool: pg.Client[], tickets: string[], senderId: string) {
  type Job = { ticket: string; done: () => void };
  const queues = pool.map(() => [] as Job[]);
  const busy = pool.map(() => false);
  const sizes: number[] = [];
  const drain = async (lane: number) => {
    if (busy[lane]) return;
    busy[lane] = true;
    const c = pool[lane]!;
    while (queues[lane]!.length) {
      const group = queues[lane]!.splice(0, 64);
      sizes.push(group.length);
      await c.query("BEGIN");
      for (const job of group) {
        const { rows } = await c.query<{ db_now: Date }>({ ...READ, values: [job.ticket] });
        await c.query({ ...WRITE, values: [job.ticket, senderId, BODY, rows[0]!.db_now] });
      }
      await c.query("COMMIT");
      for (const job of group) job.done();
    }
    busy[lane] = false;
  };
  const measured = await timed("group commit", clients, (_, count) => {
    // A ticket always goes to the same lane.
    const index = count % tickets.length;
    const lane = index % pool.length;
    return new Promise<void>((done) => {
      queues[lane]!.push({ ticket: tickets[index]!, done });
      void drain(lane);
    });
  });
  sizes.sort((a, b) => a - b);
  return { ...measured, shape: `group commit (${pool.length} lanes, median group ${percentile(sizes, 50)})` };
}

async function main() {
  const connect = async (pipeline: boolean) => {
    const c = new pg.Client({ connectionString: databaseUrl, ...({ pipeline } as object) });
    await c.connect();
    return c;
  };
  const setup = await connect(false);
  const senderId = (await setup.query<{ id: string }>(`SELECT id FROM users WHERE role = 'admin' LIMIT 1`))
    .rows[0]!.id;
  const tickets = (
    await setup.query<{ id: string }>(
      `SELECT id FROM support_tickets TABLESAMPLE SYSTEM (1) WHERE merged_into_id IS NULL LIMIT 20000`,
    )
  ).rows.map((r) => r.id);
  const serial = await Promise.all(Array.from({ length: clients }, () => connect(false)));
  const pipelined = await Promise.all(Array.from({ length: clients }, () => connect(true)));
  const grouped = await Promise.all(Array.from({ length: lanes }, () => connect(false)));
  const load0 = os.loadavg()[0]!;
  const results = [];
  try {
    // A warm-up of each shape (plans, buffers), then the measured rounds alternated.
    await round("four round trips", serial, tickets, senderId);
    await round("two (pipelined)", pipelined, tickets, senderId);
    await groupRound(grouped, tickets, senderId);
    for (let r = 0; r < rounds; r++) {
      results.push(await round("four round trips", serial, tickets, senderId));
      results.push(await round("two (pipelined)", pipelined, tickets, senderId));
      results.push(await groupRound(grouped, tickets, senderId));
    }
  } finally {
    const { rowCount } = await setup.query(`DELETE FROM support_messages WHERE body = $1`, [BODY]);
    console.error(`deleted the ${rowCount} messages this run added`);
    await Promise.all([...serial, ...pipelined, ...grouped, setup].map((c) => c.end()));
  }
  const f = (x: number, d = 2) => x.toFixed(d);
  console.log(
    `\nMeasured ${new Date().toISOString()} with \`npx tsx backend/bench/pipeline.ts --clients=${clients} --seconds=${seconds} --rounds=${rounds}\`; load average ${f(load0, 1)} → ${f(os.loadavg()[0]!, 1)}.\n`,
  );
  console.log(
    "| Shape | Transactions/s | p50 (ms) | p99 (ms) | Client CPU / transaction (ms) | PostgreSQL CPU / transaction (ms) |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of results)
    console.log(
      `| ${r.shape} | ${f(r.perSecond, 0)} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.clientMs, 3)} | ${f(r.postgresMs, 3)} |`,
    );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
