import fs from "node:fs";
import path from "node:path";
import knexFactory, { type Knex } from "knex";
import pg from "pg";
import ClientPgLite from "knex-pglite";
import { PGlite } from "@electric-sql/pglite";
import { MIGRATION_EXTENSION, MIGRATIONS_DIR } from "./paths";

export type Db = Knex;

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

export type DatabaseOptions =
  | { databaseUrl: string; poolMax?: number }
  | { dataDir: string } // embedded, persisted
  | { pglite: PGlite }; // embedded, an instance the caller made (tests: in-memory or from a template)

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ("databaseUrl" in options) {
    const knex = knexFactory({
      client: "pg",
      connection: options.databaseUrl,
      pool: { min: 0, max: options.poolMax ?? 10 },
      acquireConnectionTimeout: 10000,
    });
    return { knex, kind: "pg", close: () => knex.destroy() };
  }

  let pglite: PGlite;
  if ("pglite" in options) {
    pglite = options.pglite;
  } else {
    fs.mkdirSync(options.dataDir, { recursive: true });
    pglite = new PGlite(path.join(options.dataDir, "pgdata"));
  }
  await pglite.waitReady;
  const knex = knexFactory({
    client: ClientPgLite,
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

export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({
    directory: MIGRATIONS_DIR,
    loadExtensions: [MIGRATION_EXTENSION],
  })) as [number, string[]];
  return applied;
}

/** Health probe: true when a trivial query answers within the timeout. */
export async function pingDatabase(knex: Knex, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("database ping timed out")), timeoutMs);
    });
    await Promise.race([knex.raw("select 1"), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
