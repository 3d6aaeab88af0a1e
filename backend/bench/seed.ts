import os from "node:os";
import pg from "pg";
import {
  ADMIN_SENTENCES,
  CARRIERS,
  CATEGORIES,
  COLORS,
  DAYS,
  NOTE_SENTENCES,
  PRODUCTS,
  RARE_PRODUCTS,
  SHOP_SENTENCES,
  SIZES,
  SUBJECT_TEMPLATES,
} from "./vocabulary";
import { toSearchText } from "../src/domains/support/domain/search";

/**
 * Seeds the benchmark data set with set-based SQL: every ticket is a pure function of its ordinal `i`
 * (hashint8extended(i, salt) stands in for random()), so the statement that writes a chunk's tickets and
 * the one that writes their messages agree on shop, status, timestamps and which bodies were public,
 * without a staging table. Message bodies come from a pool of generated sentences whose tsvectors are
 * computed once; a ticket's search_vector is built exactly as the support repository builds it:
 * setweight(to_tsvector('simple', subject), 'A') || strip(to_tsvector('simple', body)) per public message,
 * over the text as domain/search.ts toSearchText() normalises it (lower case, runs of letters and digits).
 */

export type SeedSize = { tickets: number; shops: number; admins: number };
export const MESSAGES_PER_TICKET = 5;
const CHUNK = 20_000;
const POOL_PER_KIND = 4_000;
const SUPPORT_TABLES = [
  "support_tickets",
  "support_messages",
  "support_ticket_events",
  "support_ticket_reads",
];

export const ids = {
  shop: (s: number) => `bench-shop-${String(s).padStart(5, "0")}`,
  shopUser: (s: number) => `bench-user-${String(s).padStart(5, "0")}`,
  admin: (a: number) => `bench-admin-${String(a).padStart(2, "0")}`,
  shopName: (s: number) => `Shop ${s}`,
  adminName: (a: number) => `Admin ${a}`,
};

type Log = (line: string) => void;

async function timed<T>(log: Log, label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  log(`  ${label.padEnd(46)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
  return result;
}

/** mulberry32: the body pool is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bodyPool(): { kinds: number[]; idx: number[]; bodies: string[] } {
  const rnd = prng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const fill = (s: string) =>
    s
      .replace("{p}", pick(PRODUCTS))
      .replace("{n}", `#${100000 + Math.floor(rnd() * 900000)}`)
      .replace("{c}", pick(CARRIERS))
      .replace("{k}", pick(COLORS))
      .replace("{s}", pick(SIZES))
      .replace("{d}", pick(DAYS));
  const out = { kinds: [] as number[], idx: [] as number[], bodies: [] as string[] };
  const lists = [SHOP_SENTENCES, ADMIN_SENTENCES, NOTE_SENTENCES];
  lists.forEach((sentences, kind) => {
    for (let i = 0; i < POOL_PER_KIND; i++) {
      const n = 1 + Math.floor(rnd() * 3);
      const parts = Array.from({ length: n }, () => fill(pick(sentences)));
      out.kinds.push(kind);
      out.idx.push(i);
      out.bodies.push(parts.join(" "));
    }
  });
  return out;
}

/** A uniform [0, 1) value that depends only on the ticket ordinal and a salt. */
const r = (salt: number | string) => `((hashint8extended(g.i, ${salt}) & 2147483647)::float8 / 2147483648.0)`;
const pickFrom = (param: string, salt: number) =>
  `(${param})[1 + floor(${r(salt)} * cardinality(${param}))::int]`;

/**
 * One row per ticket ordinal in [$1, $2]; $3 shops, $4 admins, $5.. the vocabulary arrays. Both chunk
 * statements start from this, so they see the same tickets.
 */
function baseCte(): string {
  return `
  base AS (
    SELECT g.i,
      md5('parley-bench-' || g.i)::uuid AS id,
      1 + floor(${r(1)} * $3::int)::int AS s,
      date_trunc('milliseconds', now() - ${r(2)} * interval '365 days') AS last_at,
      interval '1 second' * (300 + floor(${r(7)} * 36000)) AS gap,
      CASE WHEN ${r(3)} < 0.10 THEN 'open' WHEN ${r(3)} < 0.25 THEN 'in_progress'
           WHEN ${r(3)} < 0.60 THEN 'resolved' ELSE 'closed' END AS status,
      CASE WHEN ${r(4)} < 0.20 THEN 'low' WHEN ${r(4)} < 0.70 THEN 'medium'
           WHEN ${r(4)} < 0.92 THEN 'high' ELSE 'urgent' END AS priority,
      CASE WHEN ${r(10)} < 0.2 THEN NULL ELSE ${pickFrom("$5::text[]", 10)} END AS category,
      CASE WHEN ${r(3)} < 0.10 AND ${r(5)} < 0.6 THEN NULL ELSE 1 + floor(${r(6)} * $4::int)::int END AS assignee,
      1 + floor(${r(16)} * $4::int)::int AS helper,
      format(${pickFrom("$6::text[]", 11)},
        CASE WHEN ${r(9)} < 0.002 THEN ${pickFrom("$8::text[]", 12)} ELSE ${pickFrom("$7::text[]", 12)} END,
        '#' || (100000 + floor(${r(13)} * 900000)::int),
        ${pickFrom("$9::text[]", 14)},
        ${pickFrom("$10::text[]", 15)}) AS subject,
      ${r(8)} < 0.15 AS note4,
      ${r(3)} < 0.10 OR (${r(3)} < 0.25 AND ${r(17)} < 0.5) AS admin_unread,
      ${r(18)} AS r_resolve, ${r(19)} AS r_close,
      floor(${r(21)} * ${POOL_PER_KIND})::int AS b1, floor(${r(22)} * ${POOL_PER_KIND})::int AS b2,
      floor(${r(23)} * ${POOL_PER_KIND})::int AS b3, floor(${r(24)} * ${POOL_PER_KIND})::int AS b4,
      floor(${r(25)} * ${POOL_PER_KIND})::int AS b5
    FROM generate_series($1::bigint, $2::bigint) AS g(i)
  )`;
}

const vocabularyParams = () => [
  [...CATEGORIES],
  [...SUBJECT_TEMPLATES],
  [...PRODUCTS],
  [...RARE_PRODUCTS],
  [...CARRIERS],
  [...COLORS],
];

function ticketsSql(): string {
  return `
  WITH ${baseCte().trim()},
  timed AS (
    SELECT b.*, b.last_at - 4 * b.gap AS created_at,
      CASE WHEN b.status IN ('resolved', 'closed')
           THEN least(now(), b.last_at + b.r_resolve * interval '1 day') END AS resolved_at
    FROM base b
  ),
  rows AS (
    SELECT t.*,
      CASE WHEN t.status = 'closed' THEN least(now(), t.resolved_at + t.r_close * interval '3 days') END AS closed_at
    FROM timed t
  ),
  ins AS (
    INSERT INTO support_tickets (id, shop_id, subject, status, priority, category, assignee_id, created_by,
      created_at, updated_at, last_message_at, first_response_at, resolved_at, closed_at, search_vector)
    SELECT x.id, 'bench-shop-' || lpad(x.s::text, 5, '0'), x.subject, x.status, x.priority, x.category,
      CASE WHEN x.assignee IS NULL THEN NULL ELSE 'bench-admin-' || lpad(x.assignee::text, 2, '0') END,
      'bench-user-' || lpad(x.s::text, 5, '0'),
      x.created_at, greatest(x.last_at, x.resolved_at, x.closed_at), x.last_at, x.created_at + x.gap,
      x.resolved_at, x.closed_at,
      setweight(to_tsvector('simple', regexp_replace(lower(x.subject), '[^[:alnum:]]+', ' ', 'g')), 'A') || p1.tsv || p2.tsv || p3.tsv
        || CASE WHEN x.note4 THEN ''::tsvector ELSE p4.tsv END || p5.tsv
    FROM rows x
    JOIN bench_bodies p1 ON p1.kind = 0 AND p1.i = x.b1
    JOIN bench_bodies p2 ON p2.kind = 1 AND p2.i = x.b2
    JOIN bench_bodies p3 ON p3.kind = 0 AND p3.i = x.b3
    JOIN bench_bodies p4 ON p4.kind = 1 AND p4.i = x.b4
    JOIN bench_bodies p5 ON p5.kind = 0 AND p5.i = x.b5
    RETURNING id, created_by, created_at
  )
  INSERT INTO support_ticket_events (ticket_id, type, actor_id, from_value, to_value, created_at)
  SELECT id, 'created', created_by, NULL, 'open', created_at FROM ins`;
}

function messagesSql(): string {
  return `
  WITH ${baseCte().trim()},
  msgs AS (
    SELECT b.id AS ticket_id, k.k, b.s, b.admin_unread,
      coalesce(b.assignee, b.helper) AS admin,
      (k.k = 4 AND b.note4) AS internal,
      CASE WHEN k.k % 2 = 1 THEN 0 WHEN k.k = 4 AND b.note4 THEN 2 ELSE 1 END AS kind,
      CASE k.k WHEN 1 THEN b.b1 WHEN 2 THEN b.b2 WHEN 3 THEN b.b3 WHEN 4 THEN b.b4 ELSE b.b5 END AS body_i,
      b.last_at - (${MESSAGES_PER_TICKET} - k.k) * b.gap AS created_at
    FROM base b CROSS JOIN generate_series(1, ${MESSAGES_PER_TICKET}) AS k(k)
  ),
  ins AS (
    INSERT INTO support_messages (ticket_id, sender_type, sender_id, sender_name, body, internal, created_at, read_at)
    SELECT m.ticket_id,
      CASE WHEN m.k % 2 = 1 THEN 'shop' ELSE 'admin' END,
      CASE WHEN m.k % 2 = 1 THEN 'bench-user-' || lpad(m.s::text, 5, '0')
           ELSE 'bench-admin-' || lpad(m.admin::text, 2, '0') END,
      CASE WHEN m.k % 2 = 1 THEN 'Shop ' || m.s ELSE 'Admin ' || m.admin END,
      p.body, m.internal, m.created_at,
      CASE WHEN m.internal OR (m.k = ${MESSAGES_PER_TICKET} AND m.admin_unread) THEN NULL
           ELSE m.created_at + interval '1 minute' END
    FROM msgs m JOIN bench_bodies p ON p.kind = m.kind AND p.i = m.body_i
    ORDER BY m.ticket_id, m.k
    RETURNING ticket_id, seq, sender_type, created_at
  ),
  agg AS (
    SELECT ticket_id, max(seq) AS last_seq, max(seq) FILTER (WHERE sender_type = 'admin') AS last_admin_seq,
      max(created_at) AS last_at
    FROM ins GROUP BY ticket_id
  )
  INSERT INTO support_ticket_reads (ticket_id, side, last_read_seq, read_at)
  SELECT a.ticket_id, 'shop', a.last_seq, a.last_at FROM agg a
  UNION ALL
  SELECT a.ticket_id, 'admin', CASE WHEN b.admin_unread THEN a.last_admin_seq ELSE a.last_seq END, a.last_at
  FROM agg a JOIN base b ON b.id = a.ticket_id`;
}

type Deferred = {
  indexes: Array<{ name: string; def: string }>;
  fks: Array<{ table: string; name: string; def: string }>;
};

/** Secondary indexes and foreign keys of the support tables, to rebuild after the bulk load (as pg_restore does). */
async function deferredDefinitions(client: pg.Client): Promise<Deferred> {
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))`,
    [SUPPORT_TABLES],
  );
  const fks = await client.query<{ table: string; name: string; def: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
     FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY($1)`,
    [SUPPORT_TABLES],
  );
  return { indexes: indexes.rows, fks: fks.rows };
}

/** Runs tasks on `width` connections at once. */
async function parallel(
  url: string,
  width: number,
  tasks: Array<(c: pg.Client) => Promise<void>>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`SET maintenance_work_mem = '256MB'; SET work_mem = '64MB'`);
      while (next < tasks.length) {
        const task = tasks[next++]!;
        await task(c);
      }
    } finally {
      await c.end();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
}

export async function existingSeed(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM support_tickets WHERE shop_id LIKE 'bench-shop-%'`,
    );
    return rows[0]?.n ?? 0;
  } finally {
    await c.end();
  }
}

export async function seed(url: string, size: SeedSize, log: Log): Promise<void> {
  const width = Math.max(2, Math.min(4, os.cpus().length));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let deferred: Deferred | undefined;
  try {
    await timed(log, `shops (${size.shops}) and users (${size.shops + size.admins})`, async () => {
      await client.query(
        `INSERT INTO shops (id, name) SELECT 'bench-shop-' || lpad(s::text, 5, '0'), 'Shop ' || s
         FROM generate_series(1, $1::int) s ON CONFLICT (id) DO NOTHING`,
        [size.shops],
      );
      await client.query(
        `INSERT INTO users (id, role, shop_id, name, email)
         SELECT 'bench-user-' || lpad(s::text, 5, '0'), 'shop', 'bench-shop-' || lpad(s::text, 5, '0'),
           'Shop ' || s, 'owner' || s || '@shops.bench.example'
         FROM generate_series(1, $1::int) s
         UNION ALL
         SELECT 'bench-admin-' || lpad(a::text, 2, '0'), 'admin', NULL, 'Admin ' || a, 'admin' || a || '@bench.example'
         FROM generate_series(1, $2::int) a
         ON CONFLICT (id) DO NOTHING`,
        [size.shops, size.admins],
      );
    });

    await timed(log, `message body pool (${3 * POOL_PER_KIND} bodies)`, async () => {
      const pool = bodyPool();
      await client.query(`DROP TABLE IF EXISTS bench_bodies`);
      await client.query(
        `CREATE UNLOGGED TABLE bench_bodies (kind int, i int, body text NOT NULL, tsv tsvector NOT NULL, PRIMARY KEY (kind, i))`,
      );
      await client.query(
        `INSERT INTO bench_bodies (kind, i, body, tsv)
         SELECT k, i, b, strip(to_tsvector('simple', t))
         FROM unnest($1::int[], $2::int[], $3::text[], $4::text[]) AS u(k, i, b, t)`,
        [pool.kinds, pool.idx, pool.bodies, pool.bodies.map(toSearchText)],
      );
      await client.query(`ANALYZE bench_bodies`);
    });

    deferred = await deferredDefinitions(client);
    await timed(
      log,
      `drop ${deferred.indexes.length} indexes, ${deferred.fks.length} foreign keys`,
      async () => {
        for (const fk of deferred!.fks)
          await client.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
        for (const ix of deferred!.indexes) await client.query(`DROP INDEX ${ix.name}`);
      },
    );

    const chunks: Array<[number, number]> = [];
    for (let lo = 1; lo <= size.tickets; lo += CHUNK)
      chunks.push([lo, Math.min(size.tickets, lo + CHUNK - 1)]);
    const params = (lo: number, hi: number) => [lo, hi, size.shops, size.admins, ...vocabularyParams()];
    let done = 0;
    await timed(log, `tickets, messages, events, read state (${width} connections)`, () =>
      parallel(
        url,
        width,
        chunks.map(([lo, hi]) => async (c) => {
          await c.query("BEGIN");
          await c.query(ticketsSql(), params(lo, hi));
          await c.query(messagesSql(), params(lo, hi));
          await c.query("COMMIT");
          done += hi - lo + 1;
          if (chunks.length > 4 && (done / CHUNK) % 10 === 0) log(`    ${done} tickets`);
        }),
      ),
    );
  } finally {
    if (deferred) {
      const d = deferred;
      await timed(log, `rebuild ${d.indexes.length} indexes (${width} connections)`, () =>
        parallel(
          url,
          width,
          d.indexes.map((ix) => async (c) => {
            await c.query(ix.def.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX IF NOT EXISTS "));
          }),
        ),
      );
      await timed(log, `restore and validate ${d.fks.length} foreign keys`, async () => {
        for (const fk of d.fks) {
          const exists = await client.query(`SELECT 1 FROM pg_constraint WHERE conname = $1`, [fk.name]);
          if (exists.rowCount === 0)
            await client.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.def}`);
        }
      });
    }
    await client.query(`DROP TABLE IF EXISTS bench_bodies`);
    await client.end();
  }
  await timed(log, "SLA clocks (the business time each first response and resolution took)", async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      // Wall time stands in for business time here: the analytics only aggregate the stored figures.
      await c.query(`
        INSERT INTO sla_clocks (ticket_id, calendar, first_response_target_ms, next_response_target_ms,
          resolution_target_ms, status, waiting_on_shop, first_responded, first_response_ms, resolution_ms)
        SELECT t.id, p.calendar, 480 * 60000, 480 * 60000, 2400 * 60000, t.status, false,
          t.first_response_at IS NOT NULL,
          (extract(epoch FROM t.first_response_at - t.created_at) * 1000)::bigint,
          (extract(epoch FROM t.resolved_at - t.created_at) * 1000)::bigint
        FROM support_tickets t CROSS JOIN sla_policy p
        WHERE t.shop_id LIKE 'bench-shop-%'
        ON CONFLICT (ticket_id) DO NOTHING`);
    } finally {
      await c.end();
    }
  });
  await timed(log, "VACUUM ANALYZE", () =>
    parallel(
      url,
      width,
      ["shops", "users", "sla_clocks", ...SUPPORT_TABLES].map((t) => async (c) => {
        await c.query(`VACUUM ANALYZE ${t}`);
      }),
    ),
  );
}
