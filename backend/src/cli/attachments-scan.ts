/**
 * `npm run attachments:scan [-- --delete]`: lists the attachment bytes in storage (the uploads folder or the
 * S3 bucket) that no upload row points at and that are older than a day, and with `--delete` deletes them.
 * Such bytes are left only by a process that died between storing an upload and recording it; every other
 * path deletes them itself (docs/attachments.md, "Sweep"). Run it with the server's configuration
 * (DATABASE_URL, DATA_DIR, S3_*); it may run while the server does, except on the embedded database, which
 * one process holds at a time.
 */
import { loadConfig } from "../config/env";
import { lockDataDir } from "../platform/data-dir-lock";
import { openDatabase } from "../platform/db";
import { createAttachmentStorageScan } from "../domains/attachments";
import type { StorageScanReport } from "../domains/attachments/service/storage-scan";

const USAGE = "usage: npm run attachments:scan [-- --delete]";

const size = (bytes: number) =>
  bytes < 1_048_576 ? `${Math.ceil(bytes / 1024)} kB` : `${(bytes / 1_048_576).toFixed(1)} MB`;
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function describe(report: StorageScanReport, remove: boolean): string {
  const lines = [
    `Scanned ${count(report.scanned, "stored object", "stored objects")}: ` +
      `${report.orphans} with no upload (${size(report.orphanBytes)}), ` +
      `${report.recent} from the last day (not judged yet), ${report.notOurs} not Parley's (left alone).`,
  ];
  for (const key of report.examples) lines.push(`  ${key}`);
  if (report.orphans > report.examples.length)
    lines.push(`  … and ${report.orphans - report.examples.length} more`);
  if (remove) {
    lines.push(`Deleted ${report.deleted}.`);
    if (report.failed > 0)
      lines.push(`${report.failed} could not be deleted now; the server's hourly sweep retries them.`);
  } else if (report.orphans > 0) {
    lines.push("Nothing was deleted: run again with --delete to delete them.");
  }
  return lines.join("\n");
}

async function run(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.some((a) => a !== "--delete")) {
    console.error(USAGE);
    return 2;
  }
  const remove = args.includes("--delete");
  const config = loadConfig();
  const lock = config.databaseUrl ? undefined : lockDataDir(config.dataDir);
  const database = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
  );
  try {
    const { scanStorage, where } = createAttachmentStorageScan({
      db: database.knex,
      uploads: config.uploads,
      onError: (message, err) => console.error(`${message}: ${String(err)}`),
    });
    console.log(`Scanning ${where} against the attachments table…`);
    let reported = 0;
    const report = await scanStorage({
      remove,
      // A large bucket takes a while: a line every 10,000 objects says it is still going.
      onPage: (r) => {
        if (r.scanned - reported < 10_000) return;
        reported = r.scanned;
        console.log(`  ${r.scanned} objects so far, ${r.orphans} with no upload`);
      },
    });
    console.log(describe(report, remove));
    return report.failed > 0 ? 1 : 0;
  } finally {
    await database.close();
    lock?.release();
  }
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
