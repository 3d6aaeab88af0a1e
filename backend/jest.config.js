/** Backend tests: jest + swc. PGlite needs --experimental-vm-modules (set in the npm script). */
/** Must match PER_WORKER_FLAG in test/support/worker-database.ts (this file is plain JavaScript). */
const PER_WORKER_FLAG = "PARLEY_TEST_PG_PER_WORKER";

/** On PostgreSQL: whether DATABASE_URL's role may create databases, so each worker can have its own. */
async function mayCreateDatabases(databaseUrl) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query(
      "SELECT rolcreatedb OR rolsuper AS ok FROM pg_roles WHERE rolname = current_user",
    );
    return rows[0]?.ok === true;
  } catch {
    return false; // globalSetup's migration will say what is wrong with the database
  } finally {
    await client.end().catch(() => {});
  }
}

module.exports = async () => {
  const databaseUrl = process.env.DATABASE_URL;
  const perWorker = databaseUrl ? await mayCreateDatabases(databaseUrl) : false;
  // Read by globalSetup (which makes the databases) and, through the workers' environment, by setupFiles.
  if (perWorker) process.env[PER_WORKER_FLAG] = "1";
  else delete process.env[PER_WORKER_FLAG];
  const { availableParallelism } = await import("node:os");
  return config(!databaseUrl || perWorker ? availableParallelism() + 1 : undefined);
};

const config = (workers) => ({
  testEnvironment: "node",
  // jest's default is one worker fewer than the cores: on CI's 2 cores that is 1, so every file ran in band and
  // the run used about one core while each file waited on its PGlite boot, child processes and sockets.
  // On PGlite every file has a database of its own, so files run side by side safely. One worker more than
  // the cores: a file also waits (timers, child servers, sockets, PostgreSQL's own processes), and with one
  // worker per core the two cores stood idle 24% of the PostgreSQL pass and 10% of the PGlite pass. With
  // three workers on this 2-core machine: PostgreSQL pass 291 s → 223 s, PGlite pass 441 s → 388 s.
  // On PostgreSQL (DATABASE_URL) each worker gets a database of its own when the role may create databases
  // (test/support/worker-database.ts); files within a worker run one at a time, as some count or sweep what
  // is global to their database. A role that may not shares DATABASE_URL: jest's default, one at a time on
  // 2 cores. --maxWorkers overrides both.
  ...(workers ? { maxWorkers: workers } : {}),
  setupFiles: ["<rootDir>/test/support/use-worker-database.ts"],
  // Also the limit of every beforeAll: a file's PGlite boot from the template took 19-21 s of wall time on a
  // machine at load average 13 (3.5-4.4 s of CPU), and health.test.ts boots two inside its tests. At load
  // average 20 the heaviest tests (a bulk change of 205 tickets heard on sockets, a large period's analytics)
  // took over 60 s. Generous, so a busy machine never fails a test; a hung one still fails.
  testTimeout: 120000,
  // PARLEY_TEST_SCOPE=database (`npm run test:db`): only test/**, the tests that open a database. The unit
  // tests beside the sources (src/**) never do; CI's PostgreSQL pass leaves them to the PGlite pass.
  testMatch:
    process.env.PARLEY_TEST_SCOPE === "database"
      ? ["<rootDir>/test/**/*.test.ts"]
      : ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest"] },
  // file-type is ESM-only and exports only under `import`: point jest at its Node entry and transform it
  // and its ESM dependencies to CommonJS. (A global `module-sync` export condition would break other
  // packages, e.g. async-function's require.mjs pulled in by supertest.)
  moduleNameMapper: { "^file-type$": "<rootDir>/../node_modules/file-type/index.js" },
  transformIgnorePatterns: [
    "/node_modules/(?!(file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|fflate)/)",
  ],
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
});
