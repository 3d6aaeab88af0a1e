/** `npm run migrate [-- down]`: runs the knex migrations against DATABASE_URL or the embedded DATA_DIR. */
import { loadConfig } from "../config/env";
import { lockDataDir } from "../platform/data-dir-lock";
import { MIGRATIONS_DIR, migrateToLatest, openDatabase } from "../platform/db";
import { MIGRATION_EXTENSION } from "../platform/paths";

async function run(): Promise<void> {
  const config = loadConfig();
  const lock = config.databaseUrl ? undefined : lockDataDir(config.dataDir);
  const database = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
  );
  try {
    if (process.argv[2] === "down") {
      const [, undone] = (await database.knex.migrate.rollback({
        directory: MIGRATIONS_DIR,
        loadExtensions: [MIGRATION_EXTENSION],
      })) as [number, string[]];
      console.log(`rolled back: ${undone.join(", ") || "nothing"}`);
    } else {
      const applied = await migrateToLatest(database.knex);
      console.log(`applied: ${applied.join(", ") || "nothing (up to date)"}`);
    }
  } finally {
    await database.close();
    lock?.release();
  }
}

run().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
