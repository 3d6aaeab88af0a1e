/**
 * jest setupFiles: before a test file runs, its DATABASE_URL becomes its worker's own database when
 * globalSetup made one per worker (worker-database.ts). Everything the file starts reads DATABASE_URL from
 * here: its contexts, its own schemas and the Parley processes it spawns.
 */
import { PER_WORKER_FLAG, workerDatabaseUrl } from "./worker-database";

const base = process.env.DATABASE_URL;
if (base && process.env[PER_WORKER_FLAG] === "1") {
  process.env.DATABASE_URL = workerDatabaseUrl(base, process.env.JEST_WORKER_ID ?? "1");
}
