import cluster from "node:cluster";
import { ConfigError, loadConfig } from "./config/env";
import { createLogger } from "./platform/logger";
import { lockDataDir, DataDirLockedError, type DataDirLock } from "./platform/data-dir-lock";
import { migrateToLatest, openDatabase } from "./platform/db";
import { createTokenService } from "./platform/auth/token";
import { loadOrCreateDevSecret } from "./platform/auth/dev-secret";
import { processRole, runClusterPrimary } from "./platform/cluster";
import { createServer } from "./server";
import { startDeliveryTrace } from "./platform/delivery-trace";
import { startMallocTrim } from "./platform/malloc-trim";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Parley cannot start.\n${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({
    level: config.logLevel,
    format: config.nodeEnv === "production" ? "json" : "pretty",
  });
  for (const warning of config.warnings) logger.warn(warning);

  const separateJobs = config.workerProcess.enabled;
  if ((config.webConcurrency > 1 || separateJobs) && cluster.isPrimary && config.databaseUrl) {
    // Migrate once, then fork; every worker shares one generated development secret.
    const database = await openDatabase({ databaseUrl: config.databaseUrl, timeouts: config.db, logger });
    const applied = await migrateToLatest(database.knex);
    await database.close();
    logger.info(
      `database ready (${applied.length} migrations applied); starting ${config.webConcurrency} workers` +
        (separateJobs ? ` and a background process (nice ${config.workerProcess.nice})` : ""),
    );
    if (!config.jwtSecret) {
      // Development only (production refuses an unset secret): the kept secret, never logged.
      process.env.JWT_SECRET = loadOrCreateDevSecret(config.dataDir, config.nodeEnv).secret;
    }
    runClusterPrimary({
      workers: config.webConcurrency,
      jobs: separateJobs ? { nice: config.workerProcess.nice } : null,
      exec: __filename,
      logger,
    });
    return;
  }
  // web: serves requests only; jobs: the background work only; all: both (one process, or no WORKER_PROCESS).
  const role = processRole();
  const serves = role !== "jobs";
  const works = role !== "web";

  let lock: DataDirLock | undefined;
  if (!config.databaseUrl) {
    try {
      lock = lockDataDir(config.dataDir);
    } catch (err) {
      if (err instanceof DataDirLockedError) {
        logger.error(`Parley cannot start. ${err.message}`);
        process.exit(1);
      }
      throw err;
    }
  }

  const database = await openDatabase(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl, poolMax: config.db.poolMax, timeouts: config.db, logger }
      : { dataDir: config.dataDir },
  );
  const applied = await migrateToLatest(database.knex);
  logger.info("database ready", {
    kind: database.kind,
    where: config.databaseUrl ? "DATABASE_URL" : config.dataDir,
    migrationsApplied: applied.length,
  });

  let jwtSecret = config.jwtSecret;
  if (!jwtSecret) {
    const dev = loadOrCreateDevSecret(config.dataDir, config.nodeEnv);
    jwtSecret = dev.secret;
    logger.warn(
      dev.created
        ? `No JWT_SECRET set: generated one for development and kept it in ${dev.file} (mode 600), so restarts keep sessions`
        : `No JWT_SECRET set: using the development secret kept in ${dev.file}`,
    );
  }
  const tokens = createTokenService(jwtSecret);
  if (config.deliveryTraceFile) startDeliveryTrace(config.deliveryTraceFile);
  const server = await createServer({ config, database, logger, tokens });
  const stopMallocTrim = await startMallocTrim({
    intervalMs: config.mallocTrimIntervalS * 1000,
    logger,
    metrics: server.modules.metrics,
  });
  const faqSeeded = serves ? await server.modules.faq.seedDefaults() : 0;
  if (faqSeeded > 0)
    logger.info(`FAQ: loaded ${faqSeeded} default articles (the database is their home from now on)`);

  if (config.seedDemo && serves) {
    const accounts = await server.modules.identity.seedDemo();
    logger.info(
      "Demo accounts (development only):\n" +
        accounts.map((a) => `  ${a.role.padEnd(5)} ${a.email}  password: ${a.password}`).join("\n"),
    );
    // Weeks of ticket history for the demo shops, so the Analytics page has figures on a fresh start.
    const admin = accounts.find((a) => a.role === "admin" && a.id);
    const history =
      config.seedDemoHistory && admin?.id
        ? await server.modules.analytics.seedDemoHistory({
            shops: accounts.flatMap((a) =>
              a.role === "shop" && a.id && a.shopId ? [{ shopId: a.shopId, userId: a.id, name: a.name }] : [],
            ),
            admin: { id: admin.id, name: admin.name },
          })
        : 0;
    if (history > 0)
      logger.info(`Demo: filed ${history} tickets of history (six weeks) for the Analytics page`);
  }

  // Uploads never attached to a message are deleted after 24 hours; checked hourly.
  const stopSweeper = works ? server.modules.attachments.service.startSweeper(60 * 60 * 1000) : () => {};
  logger.info(
    `Attachments: stored in ${config.uploads.s3 ? `S3 bucket ${config.uploads.s3.bucket}` : config.uploads.dir}`,
  );

  if (works) {
    server.modules.analytics.startChecker();
    server.modules.analytics.startRefresher(config.analyticsRefreshS * 1000);
    server.modules.notifications.startWorker();
  }
  if (serves) {
    const url = await server.listen(config.port, config.host);
    logger.info(`Parley is listening on ${url}`);
  } else {
    logger.info("Parley background process: alerts, SLA checks, analytics refresh (no HTTP)");
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    stopSweeper();
    stopMallocTrim();
    logger.info(`${signal} received: finishing in-flight requests`);
    // A lost or frozen database must not hold the exit: each step is bounded.
    const bounded = async (what: string, step: Promise<void>, ms: number) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), ms)));
      const outcome = await Promise.race([step.then(() => "done" as const), late]).catch((err: unknown) => {
        logger.warn(`shutdown: ${what} failed`, { error: (err as Error).message });
        return "failed" as const;
      });
      clearTimeout(timer);
      if (outcome === "late") logger.warn(`shutdown: ${what} did not finish within ${ms} ms; going on`);
    };
    await bounded(
      "closing the server",
      server.close(config.shutdownTimeoutMs),
      config.shutdownTimeoutMs + 2000,
    );
    await bounded("closing the database", database.close(), 5000);
    lock?.release();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  console.error("Parley failed to start:", err);
  process.exit(1);
});
