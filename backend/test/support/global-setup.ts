import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { migrateToLatest, openDatabase, pgliteExtensions } from "../../src/platform/db";
import { createWorkerDatabases, PER_WORKER_FLAG } from "./worker-database";

/**
 * Migrates once per run. On PostgreSQL (DATABASE_URL) each worker then gets a copy of that database when
 * jest.config.js found the role may create databases (worker-database.ts); otherwise the test files share
 * it, each creating its own shops and users. On PGlite the migrated database is dumped to a template that
 * every test file boots from, which is much faster than migrating a fresh PGlite per file.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const database = await openDatabase({ databaseUrl });
    await migrateToLatest(database.knex);
    await database.close();
    if (process.env[PER_WORKER_FLAG] === "1")
      await createWorkerDatabases(databaseUrl, globalConfig.maxWorkers);
    return;
  }
  const pglite = new PGlite({ extensions: pgliteExtensions() });
  const database = await openDatabase({ pglite });
  await migrateToLatest(database.knex);
  const dump = await pglite.dumpDataDir("none");
  const file = path.join(os.tmpdir(), `parley-test-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  process.env.PARLEY_TEST_TEMPLATE = file;
}
