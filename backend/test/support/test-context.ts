import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Express } from "express";
import { loadConfig, type Config } from "../../src/config/env";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { migrateToLatest, openDatabase, pgliteExtensions, type Database } from "../../src/platform/db";
import { createLogger } from "../../src/platform/logger";
import { createTokenService, type TokenService } from "../../src/platform/auth/token";
import { createModules, type Modules } from "../../src/modules";
import { createApp } from "../../src/app";
import type { Principal } from "../../src/shared/principal";

// At least 32 varied characters: production refuses anything weaker, and the scale-out test starts one.
export const TEST_SECRET = "parley-tests-9c41e7b2d85f3a60-hs256";

export type Actor = Principal & { token: string; auth: { Authorization: string } };

export type TestContext = {
  app: Express;
  config: Config;
  database: Database;
  tokens: TokenService;
  modules: Modules;
  /** A new shop with one user, unique to the calling test. */
  shopUser(opts?: { shopId?: string; name?: string }): Promise<Actor>;
  /** A new admin, recorded in the database so it can be an assignee. */
  admin(opts?: { name?: string }): Promise<Actor>;
  close(): Promise<void>;
};

/**
 * PGlite's start-up with 16 MB of shared buffers instead of PostgreSQL's default 128 MB: a test file's data
 * fits many times over, and setting up the larger pool was about a third of each file's boot (1.3-1.5 s of
 * CPU against 0.9-1.2 s, measured on the migrated template), paid by every one of the suite's files.
 */
const TEST_START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];

/** A database for one test file: the migrated PGlite template, or the shared DATABASE_URL. */
export async function openTestDatabase(): Promise<Database> {
  if (process.env.DATABASE_URL) return openDatabase({ databaseUrl: process.env.DATABASE_URL, poolMax: 5 });
  const template = process.env.PARLEY_TEST_TEMPLATE;
  if (!template) throw new Error("PARLEY_TEST_TEMPLATE is not set: run the tests through jest's globalSetup");
  const pglite = new PGlite({
    loadDataDir: new TarFile(fs.readFileSync(template)),
    startParams: TEST_START_PARAMS,
    extensions: pgliteExtensions(),
  });
  return openDatabase({ pglite });
}

/**
 * The template's bytes as the Blob PGlite reads them from (`type` and `arrayBuffer()` are all it uses).
 * Node 20's own Blob copies 42 MB in small pieces: building one and reading it back cost about 0.4 s of CPU
 * per test file. A file read whole fills its own ArrayBuffer, read afresh for each database and only read
 * by PGlite: it is handed over as it is (copying it cost another 0.15 s of CPU per database: 0.98 s →
 * 0.82 s a boot, mean of ten).
 */
class TarFile extends Blob {
  private readonly tar: Buffer;
  constructor(tar: Buffer) {
    super([], { type: "application/x-tar" });
    this.tar = tar;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.tar;
    const whole = byteOffset === 0 && byteLength === buffer.byteLength;
    return Promise.resolve(
      (whole ? buffer : buffer.slice(byteOffset, byteOffset + byteLength)) as ArrayBuffer,
    );
  }
}

/**
 * A database nobody else writes to, for tests that change what is global to a database (the team's
 * auto-assignment switch, deactivating every other admin). On PostgreSQL: a fresh schema of the shared
 * DATABASE_URL, first on the search path, migrated, dropped on close. On PGlite each file already has
 * its own database.
 */
export async function openOwnTestDatabase(): Promise<{ database: Database; databaseUrl?: string }> {
  const shared = process.env.DATABASE_URL;
  if (!shared) return { database: await openTestDatabase() };
  const schema = `test_${randomUUID().replace(/-/g, "")}`;
  const admin = new pg.Client({ connectionString: shared });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(shared);
  // public stays on the path after the own schema: extensions installed there remain visible.
  url.searchParams.set("options", `-c search_path=${schema},public`);
  const databaseUrl = url.toString();
  const database = await openDatabase({ databaseUrl, poolMax: 5 });
  await migrateToLatest(database.knex);
  return {
    databaseUrl,
    database: {
      ...database,
      close: async () => {
        await database.knex.raw(`DROP SCHEMA ${schema} CASCADE`);
        await database.close();
      },
    },
  };
}

/** Settings for tests: the fixed secret, and rate limits high enough never to trip by accident. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    // Uploads land in a folder of this test file's own, never in the repository.
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "parley-test-data-")),
    JWT_SECRET: TEST_SECRET,
    RATE_LIMIT_WRITES_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: "100000",
    RATE_LIMIT_READS_PER_MINUTE: "100000",
    RATE_LIMIT_FAQ_VOTES_PER_MINUTE: "100000",
    RATE_LIMIT_FAQ_EVENTS_PER_MINUTE: "100000",
    RATE_LIMIT_VISITOR_SESSIONS_PER_MINUTE: "100000",
    RATE_LIMIT_VISITOR_MESSAGES_PER_MINUTE: "100000",
    RATE_LIMIT_VISITOR_READS_PER_MINUTE: "100000",
    SOCKET_EVENTS_PER_10S: "100000",
    // Login counters live in PostgreSQL when DATABASE_URL is set: each context counts on its own.
    RATE_LIMIT_NAMESPACE: `test-${randomUUID()}`,
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...env,
  });
}

export const testLogger = () =>
  createLogger({ level: "error", format: "pretty", silent: !process.env.TEST_LOGS });

/** Makes unique shop users and admins, recorded in the database as on first sight, with signed tokens. */
export function actorFactory(tokens: TokenService, recordIdentity: (p: Principal) => Promise<void>) {
  const actor = async (p: Principal): Promise<Actor> => {
    await recordIdentity(p);
    const token = tokens.sign(p);
    return { ...p, token, auth: { Authorization: `Bearer ${token}` } };
  };
  return {
    shopUser: (opts: { shopId?: string; name?: string } = {}) =>
      actor({
        userId: `shop-user-${randomUUID()}`,
        role: "shop",
        shopId: opts.shopId ?? `shop-${randomUUID()}`,
        name: opts.name ?? "Shop Person",
      }),
    admin: (opts: { name?: string } = {}) =>
      actor({
        userId: `admin-${randomUUID()}`,
        role: "admin",
        shopId: null,
        name: opts.name ?? "Admin Person",
      }),
  };
}

export async function createTestContext(
  env: Record<string, string> = {},
  opts: { ownDatabase?: boolean } = {},
): Promise<TestContext> {
  let database: Database;
  if (opts.ownDatabase) {
    const own = await openOwnTestDatabase();
    database = own.database;
    if (own.databaseUrl) env = { ...env, DATABASE_URL: own.databaseUrl };
  } else {
    database = await openTestDatabase();
  }
  const config = testConfig(env);
  const logger = testLogger();
  const tokens = createTokenService(TEST_SECRET);
  const deps = { config, database, logger, tokens };
  const modules = createModules(deps);
  const app = createApp({ ...deps, modules });
  return {
    app,
    config,
    database,
    tokens,
    modules,
    ...actorFactory(tokens, modules.identity.service.recordIdentity),
    close: () => database.close(),
  };
}
