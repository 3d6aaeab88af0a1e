import fs from "node:fs";
import { dropWorkerDatabases, PER_WORKER_FLAG } from "./worker-database";

export default async function globalTeardown(globalConfig: { maxWorkers: number }): Promise<void> {
  const file = process.env.PARLEY_TEST_TEMPLATE;
  if (file) fs.rmSync(file, { force: true });
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl && process.env[PER_WORKER_FLAG] === "1") {
    await dropWorkerDatabases(databaseUrl, globalConfig.maxWorkers);
  }
}
