/**
 * Upload throughput: `concurrency` uploads of a `fileMb` MB file at once (POST /api/uploads, streamed from
 * disk), for `rounds` rounds, beside a plain copy of the same files on the same disk (fs.copyFile, what
 * `cp` does), and the server's resident memory while the uploads run (sampled from /proc every 20 ms).
 *
 * Part of `npm run bench`; on its own: `npm run bench:uploads -w backend [-- --smoke]` (starts a throwaway
 * PostgreSQL cluster, or uses DATABASE_URL, and the real server with DATA_DIR under the system temp folder).
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import jwt from "jsonwebtoken";
import { migrateToLatest, openDatabase } from "../src/platform/db";
import { buildServer, startServer, startThrowawayCluster, type Server } from "./server";
import { printSummary, runStandalone } from "./report";

const MB = 1024 * 1024;

export type UploadResult = {
  concurrency: number;
  fileMb: number;
  rounds: number;
  uploads: number;
  failures: number;
  seconds: number;
  mbPerSecond: number;
  copySeconds: number;
  copyMbPerSecond: number;
  rssBeforeMb: number;
  rssPeakMb: number;
};

function postFile(origin: string, token: string, file: string, size: number): Promise<number> {
  const boundary = `----parleybench${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* body() {
    yield head;
    yield* fs.createReadStream(file, { highWaterMark: 256 * 1024 });
    yield tail;
  }
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}/api/uploads`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        "Content-Length": head.length + size + tail.length,
      },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    Readable.from(body()).pipe(req);
  });
}

export async function measureUploads(opts: {
  origin: string;
  token: string;
  memory: () => { rssMb: number };
  /** A folder on the same disk as the server's DATA_DIR: the source files and the plain copies go here. */
  workDir: string;
  concurrency?: number;
  fileMb?: number;
  rounds?: number;
}): Promise<UploadResult> {
  const { origin, token, workDir, concurrency = 8, fileMb = 10, rounds = 3 } = opts;
  const size = fileMb * MB;
  fs.mkdirSync(workDir, { recursive: true });
  const files = Array.from({ length: concurrency }, (_, i) => {
    const file = path.join(workDir, `upload-${i}.bin`);
    const bytes = randomBytes(size);
    bytes[0] = 0x00; // no magic number: stored as application/octet-stream, not sniffed as anything
    bytes[1] = 0x01;
    fs.writeFileSync(file, bytes);
    return file;
  });

  // Warm-up: one upload, so the first round does not pay for lazy loading.
  if ((await postFile(origin, token, files[0]!, size)) !== 201) throw new Error("the warm-up upload failed");

  let copySeconds = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await Promise.all(files.map((f, i) => fs.promises.copyFile(f, path.join(workDir, `copy-${r}-${i}.bin`))));
    copySeconds += (performance.now() - t0) / 1000;
  }

  const rssBeforeMb = opts.memory().rssMb;
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => {
    rssPeakMb = Math.max(rssPeakMb, opts.memory().rssMb);
  }, 20);
  let failures = 0;
  let seconds = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const statuses = await Promise.all(files.map((f) => postFile(origin, token, f, size)));
      seconds += (performance.now() - t0) / 1000;
      failures += statuses.filter((s) => s !== 201).length;
    }
  } finally {
    clearInterval(sampler);
  }
  rssPeakMb = Math.max(rssPeakMb, opts.memory().rssMb);
  fs.rmSync(workDir, { recursive: true, force: true });

  const total = (concurrency * rounds * size) / MB;
  return {
    concurrency,
    fileMb,
    rounds,
    uploads: concurrency * rounds,
    failures,
    seconds,
    mbPerSecond: total / seconds,
    copySeconds,
    copyMbPerSecond: total / copySeconds,
    rssBeforeMb,
    rssPeakMb,
  };
}

export function describeUploads(u: UploadResult): string {
  return (
    `Uploads: ${u.concurrency} × ${u.fileMb} MB at once, ${u.rounds} round(s): **${u.mbPerSecond.toFixed(0)} MB/s** ` +
    `(${u.uploads} uploads in ${u.seconds.toFixed(2)} s, ${u.failures} failed); a plain copy of the same files on the same disk: ` +
    `${u.copyMbPerSecond.toFixed(0)} MB/s (${u.copySeconds.toFixed(2)} s). Server RSS ${u.rssBeforeMb.toFixed(0)} MB before, ` +
    `peak ${u.rssPeakMb.toFixed(0)} MB during the uploads (+${(u.rssPeakMb - u.rssBeforeMb).toFixed(0)} MB).`
  );
}

/** Standalone: its own server (and throwaway cluster unless DATABASE_URL is set). */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const smoke = argv.includes("--smoke");
  for (const a of argv) {
    if (a !== "--smoke") {
      console.error(`Unknown argument ${a}. Usage: npm run bench:uploads -- [--smoke]`);
      return 2;
    }
  }
  const cluster = process.env.DATABASE_URL
    ? null
    : startThrowawayCluster(Number(process.env.BENCH_PG_PORT ?? 54351));
  const databaseUrl = process.env.DATABASE_URL ?? cluster?.url;
  if (!databaseUrl) {
    console.error(
      "PostgreSQL's server binaries were not found (apt-get install -y postgresql), and DATABASE_URL is not set.",
    );
    return 1;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-bench-uploads-"));
  let server: Server | undefined;
  try {
    const database = await openDatabase({ databaseUrl });
    try {
      await migrateToLatest(database.knex);
    } finally {
      await database.close();
    }
    const secret = randomBytes(32).toString("hex");
    // It runs the compiled server: compile it first, as bench:notifications does (a missing or stale
    // backend/dist would fail to start, or run yesterday's code).
    console.log("Compiling the server (npm run build:server)...");
    buildServer();
    server = await startServer({
      databaseUrl,
      jwtSecret: secret,
      env: { DATA_DIR: path.join(dataDir, "server") },
    });
    const token = jwt.sign({ role: "shop", name: "Bench Shop", shopId: "bench-upload-shop" }, secret, {
      algorithm: "HS256",
      subject: "bench-upload-user",
      expiresIn: "1h",
    });
    const srv = server;
    const result = await measureUploads({
      origin: srv.origin,
      token,
      memory: () => srv.memory(),
      workDir: path.join(dataDir, "work"),
      rounds: smoke ? 1 : 3,
    });
    printSummary(describeUploads(result));
    return result.failures ? 1 : 0;
  } finally {
    await server?.stop();
    cluster?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(main);
