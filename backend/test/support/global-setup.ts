import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { migrateToLatest, openDatabase } from "../../src/platform/db";

/**
 * Migrates once per run. On PostgreSQL (DATABASE_URL) the test files then share that database, each
 * creating its own shops and users. On PGlite the migrated database is dumped to a template that every
 * test file boots from, which is much faster than migrating a fresh PGlite per file.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
    await migrateToLatest(database.knex);
    await database.close();
    return;
  }
  const pglite = new PGlite();
  const database = await openDatabase({ pglite });
  await migrateToLatest(database.knex);
  const dump = await pglite.dumpDataDir("none");
  const file = path.join(os.tmpdir(), `parley-test-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  process.env.PARLEY_TEST_TEMPLATE = file;
}
