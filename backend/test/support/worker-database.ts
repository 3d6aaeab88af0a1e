/**
 * On PostgreSQL (DATABASE_URL) each jest worker gets a database of its own, copied from the migrated
 * DATABASE_URL, so the test files run side by side as they do on PGlite. Within a worker the files run one
 * at a time, so a file that counts or sweeps what is global to its database (the team's switches, every
 * admin, LISTEN/NOTIFY channels, advisory locks) still has it to itself.
 *
 * It needs the right to create databases (CREATEDB, as CI's throwaway cluster and docker-compose give).
 * Without it the files share DATABASE_URL and run one at a time, as before (jest.config.js decides).
 */
import pg from "pg";

/**
 * Set by jest.config.js when the role may create databases (and then workers are one per core); globalSetup
 * then makes the databases and every test file's setup points DATABASE_URL at its worker's.
 */
export const PER_WORKER_FLAG = "PARLEY_TEST_PG_PER_WORKER";

/** DATABASE_URL with the worker's database name: `parley` becomes `parley_w2` for worker 2. */
export function workerDatabaseUrl(base: string, workerId: number | string): string {
  const url = new URL(base);
  url.pathname = `/${workerDatabaseName(base, workerId)}`;
  return url.toString();
}

function workerDatabaseName(base: string, workerId: number | string): string {
  if (!/^\d+$/.test(String(workerId))) throw new Error(`not a jest worker id: ${workerId}`);
  return `${databaseName(base)}_w${workerId}`;
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

const dropStatement = (base: string, workerId: number) =>
  `DROP DATABASE IF EXISTS ${quoted(workerDatabaseName(base, workerId))} WITH (FORCE)`;

/**
 * Drops a worker's database, waiting out a session it may not terminate: FORCE terminates the database's
 * other sessions, but only those of roles the caller is a member of. Once, after every test had passed,
 * CI's teardown failed with 42501 ("must be a member of the role whose process is being terminated"),
 * most likely on an autovacuum worker, which has no role and ends within moments on a test database.
 */
async function dropWorkerDatabase(client: pg.Client, base: string, workerId: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(dropStatement(base, workerId));
      return;
    } catch (err) {
      const busy = ["42501", "55006"].includes((err as { code?: string }).code ?? "");
      if (!busy || attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** (Re)creates databases 1..workers as copies of the migrated DATABASE_URL (its template). */
export async function createWorkerDatabases(base: string, workers: number): Promise<void> {
  await onMaintenanceSession(base, async (client) => {
    for (let w = 1; w <= workers; w++) {
      await dropWorkerDatabase(client, base, w);
      await client.query(
        `CREATE DATABASE ${quoted(workerDatabaseName(base, w))} TEMPLATE ${quoted(databaseName(base))}`,
      );
    }
  });
}

/** Drops the worker databases (the end of the run), leaving DATABASE_URL itself as it was. */
export async function dropWorkerDatabases(base: string, workers: number): Promise<void> {
  await onMaintenanceSession(base, async (client) => {
    for (let w = 1; w <= workers; w++) await dropWorkerDatabase(client, base, w);
  });
}

/** Runs `work` on the same server outside DATABASE_URL's database (a template must have no sessions). */
async function onMaintenanceSession(base: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const url = new URL(base);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
