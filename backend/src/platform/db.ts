import fs from "node:fs";
import path from "node:path";
import knexFactory, { type Knex } from "knex";
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { MIGRATION_EXTENSION, MIGRATIONS_DIR } from "./paths";
import type { DbTimeouts } from "../config/env";
import type { Logger } from "./logger";
import { throttledLog } from "./log-throttle";
import { createTimestamptzParser } from "./pg-timestamp";

export type Db = Knex;

/*
 * The embedded database's modules are required only when it is used: a server on PostgreSQL never loads
 * PGlite's WebAssembly build (part of about 20 MB of resident memory; docs/operations.md, "Memory").
 * require, not import(): knex-pglite requires PGlite's CommonJS build, and an import() would load its
 * ES module build beside it, a second copy whose class the other's instances are not.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const loadPglite = () => require("@electric-sql/pglite") as typeof import("@electric-sql/pglite");
const loadKnexPglite = () => require("knex-pglite") as typeof import("knex-pglite");
/**
 * The PostgreSQL extensions the migrations use (unaccent: the FAQ search folds accents), for every PGlite
 * Parley or its tests open: an instance made without them cannot run what the schema calls.
 */
export const pgliteExtensions = () => ({
  unaccent: (
    require("@electric-sql/pglite/contrib/unaccent") as typeof import("@electric-sql/pglite/contrib/unaccent")
  ).unaccent,
});
/* eslint-enable @typescript-eslint/no-require-imports */

export type Database = {
  knex: Knex;
  kind: "pg" | "pglite";
  /** Set only for the embedded database: the single in-process PGlite instance. */
  pglite?: PGlite;
  close(): Promise<void>;
};

export { MIGRATIONS_DIR };

// int8 (count(*), bigint ids) arrives as a string from node-pg but as a number from PGlite.
// Our values stay far below 2^53, so both drivers return numbers.
pg.types.setTypeParser(20, (v) => Number(v));
// timestamptz: the common shape parsed by hand, the rest by node-postgres's own parser (pg-timestamp.ts).
pg.types.setTypeParser(
  pg.types.builtins.TIMESTAMPTZ,
  createTimestamptzParser(
    pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (value: string) => unknown,
  ),
);

/** The same defaults as config/env.ts (DB_*_MS), for callers that open a database without a Config. */
export const DEFAULT_DB_TIMEOUTS: DbTimeouts = {
  statementTimeoutMs: 5000,
  lockTimeoutMs: 2000,
  acquireTimeoutMs: 1500,
  connectTimeoutMs: 1500,
};

/** How much longer than statement_timeout the client waits for an answer before giving up itself. */
const CLIENT_QUERY_GRACE_MS = 2000;

/**
 * node-pg settings for every connection Parley opens to PostgreSQL: the server cancels a statement after
 * statement_timeout (57014); the client gives up a little later on its own (a frozen or partitioned server
 * cannot cancel anything); connecting is bounded; TCP keep-alive finds half-open connections.
 */
export function pgConnectionSettings(databaseUrl: string, timeouts: DbTimeouts = DEFAULT_DB_TIMEOUTS) {
  return {
    connectionString: databaseUrl,
    application_name: "parley",
    statement_timeout: timeouts.statementTimeoutMs,
    // A request waiting on a row another transaction holds (a bulk change of thousands of tickets holds
    // them for seconds) gives its pooled connection back after this, as 503 with Retry-After, instead of
    // holding it until statement_timeout: many such waits pinned the whole pool (a reliability audit).
    lock_timeout: timeouts.lockTimeoutMs > 0 ? timeouts.lockTimeoutMs : undefined,
    query_timeout: timeouts.statementTimeoutMs + CLIENT_QUERY_GRACE_MS,
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

export type DatabaseOptions =
  | { databaseUrl: string; poolMax?: number; timeouts?: Partial<DbTimeouts>; logger?: Logger }
  | { dataDir: string } // embedded, persisted
  | { pglite: PGlite }; // embedded, an instance the caller made (tests: in-memory or from a template)

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ("databaseUrl" in options) {
    const timeouts = { ...DEFAULT_DB_TIMEOUTS, ...options.timeouts };
    const knex = knexFactory({
      client: "pg",
      connection: pgConnectionSettings(options.databaseUrl, timeouts),
      // A connection that cannot be created fails the acquire at once (ECONNREFUSED → 503 immediately);
      // a pool that stays busy or a connect that hangs fails it after acquireTimeoutMs (→ 503).
      pool: { min: 0, max: options.poolMax ?? 10, propagateCreateError: true },
      acquireConnectionTimeout: timeouts.acquireTimeoutMs,
      // knex prints pool trouble ("Acquire connection error") to the console; during an outage that
      // is one line per request. Into our log instead, at most one line per 5 s.
      ...(options.logger ? { log: knexLog(options.logger) } : {}),
    });
    return { knex, kind: "pg", close: () => knex.destroy() };
  }

  let pglite: PGlite;
  if ("pglite" in options) {
    pglite = options.pglite;
  } else {
    fs.mkdirSync(options.dataDir, { recursive: true });
    const { PGlite } = loadPglite();
    pglite = new PGlite(path.join(options.dataDir, "pgdata"), { extensions: pgliteExtensions() });
  }
  await pglite.waitReady;
  const knex = knexFactory({
    client: loadKnexPglite(),
    dialect: "postgres",
    connection: () => ({ pglite }) as never,
    // One connection: a query on the outer knex inside a transaction would wait for the commit.
    acquireConnectionTimeout: 10000,
  });
  return {
    knex,
    kind: "pglite",
    pglite,
    close: async () => {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function knexLog(logger: Logger): Knex.Config["log"] {
  const warn = throttledLog(logger, "warn", "database pool");
  const error = throttledLog(logger, "error", "database pool");
  const firstLine = (message: unknown) => String(message).split("\n")[0];
  return {
    warn: (message: unknown) => warn({ detail: firstLine(message) }),
    error: (message: unknown) => error({ detail: firstLine(message) }),
    deprecate: (method: string, alternative: string) =>
      logger.debug(`knex: ${method} is deprecated, use ${alternative}`),
    debug: (message: unknown) => logger.debug("knex", { detail: String(message) }),
  };
}

/**
 * One connection to the same database for long background statements (migrations, the analytics refresh),
 * without the request timeouts: building an index or recomputing a year may legitimately take longer than
 * any request should. `statementTimeoutMs` bounds them instead (none: unbounded, for migrations). On the
 * embedded database it is the knex itself (it has one connection and no timeouts).
 */
export function backgroundKnex(
  knex: Knex,
  statementTimeoutMs?: number,
): { knex: Knex; close(): Promise<void> } {
  const config = (knex.client as { config: Knex.Config }).config;
  const conn = config.connection as
    { statement_timeout?: number; query_timeout?: number; lock_timeout?: number } | undefined;
  if (config.client !== "pg" || !conn || typeof conn !== "object") return { knex, close: async () => {} };
  // Migrations and the analytics refresh may wait for their locks: no lock_timeout here.
  const { lock_timeout: _lock, ...unlocked } = conn;
  const background = knexFactory({
    ...config,
    connection: {
      ...unlocked,
      statement_timeout: statementTimeoutMs,
      query_timeout:
        statementTimeoutMs === undefined ? undefined : statementTimeoutMs + CLIENT_QUERY_GRACE_MS,
    },
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 60_000,
  });
  return { knex: background, close: () => background.destroy() };
}

export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const background = backgroundKnex(knex);
  const migrator = background.knex;
  try {
    // knex records each migration by file name. The compiled build (.js) and the sources (.ts, through
    // tsx: `npm run migrate`, development) name the same migration differently, and knex refuses to run
    // when a recorded name has no file. Recorded names follow whichever build runs now.
    if (await migrator.schema.hasTable("knex_migrations")) {
      await migrator.raw(
        `UPDATE knex_migrations SET name = regexp_replace(name, '\\.(ts|js)$', ?) WHERE name ~ '\\.(ts|js)$' AND name NOT LIKE ?`,
        [MIGRATION_EXTENSION, `%${MIGRATION_EXTENSION}`],
      );
    }
    const [, applied] = (await migrator.migrate.latest({
      directory: MIGRATIONS_DIR,
      loadExtensions: [MIGRATION_EXTENSION],
    })) as [number, string[]];
    return applied;
  } finally {
    await background.close();
  }
}

/** Health probe: true when a trivial query answers within the timeout (health answers within ~1.5 s). */
export async function pingDatabase(knex: Knex, timeoutMs = 1500): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("database ping timed out")), timeoutMs);
    });
    // Every pooled connection busy (say, requests waiting on one locked ticket) is not a database that is
    // down: the ping then opens a connection of its own, so health stays 200 while PostgreSQL answers.
    const ping = poolIsFull(knex)
      ? directPing(clientConfig(knex).connection as pg.ClientConfig, timeoutMs)
      : knex.raw("select 1");
    await Promise.race([ping, timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

type TarnPool = { max: number; numUsed(): number; numFree(): number };

const clientConfig = (knex: Knex) => (knex.client as { config: Knex.Config }).config;

function poolIsFull(knex: Knex): boolean {
  if (clientConfig(knex).client !== "pg") return false;
  const pool = (knex.client as { pool?: TarnPool }).pool;
  return !!pool && pool.numFree() === 0 && pool.numUsed() >= pool.max;
}

async function directPing(connection: pg.ClientConfig, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ ...connection, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => undefined); // a late socket error after the ping must not go unhandled
  try {
    await client.connect();
    await client.query("select 1");
  } finally {
    client.end().catch(() => undefined);
  }
}
