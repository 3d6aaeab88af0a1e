/**
 * Issue 13: a 200 MB upload is refused (413) while the server's resident memory grows by less than 30 MB.
 * The server is a child process (`node --import tsx backend/src/main.ts`), so its RSS is measured alone,
 * from /proc, without jest's own allocations; the body is generated on the fly, never held by the client.
 * Bounds are generous and nothing here depends on speed.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { inOneHour, rawToken } from "../support/tokens";
import { spawnParley, type ParleyProcess } from "../support/parley-process";

const SECRET = "attachments-memory-test-secret-5b8e2f71c9";
const MB = 1024 * 1024;
let parley: ParleyProcess | undefined;
let dataDir: string | undefined;

afterAll(() => {
  if (parley?.alive()) parley.child.kill("SIGKILL");
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function startParley(): Promise<string> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-upload-mem-"));
  parley = spawnParley({
    NODE_ENV: "development",
    DATA_DIR: dataDir,
    HOST: "127.0.0.1",
    JWT_SECRET: SECRET,
    SEED_DEMO: "false",
    RATE_LIMIT_WRITES_PER_MINUTE: "1000000",
    DATABASE_URL: process.env.DATABASE_URL,
  });
  return parley.listening;
}

/** The child's resident set size in bytes (Linux /proc). */
function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m![1]) * 1024;
}

/** POST /api/uploads with a multipart body of `size` bytes made on the fly (1 MB chunk reused). */
function upload(base: string, token: string, size: number): Promise<{ status: number; body: string }> {
  const boundary = `----parley${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.bin"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(MB, 0x5a);
  chunk[0] = 0x00; // no magic number, not "#!"
  async function* body() {
    yield head;
    for (let sent = 0; sent < size; sent += MB)
      yield sent + MB <= size ? chunk : chunk.subarray(0, size - sent);
    yield tail;
  }
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/api/uploads`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        "Content-Length": head.length + size + tail.length,
      },
    });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      res.on("error", () => resolve({ status: res.statusCode!, body: text }));
    });
    // The server answers 413, reads and drops the rest for a short while (a lingering close), then closes
    // the connection mid-body: the rest of our write fails then, after the answer, as it should.
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    Readable.from(body())
      .on("error", () => undefined)
      .pipe(req);
  });
}

const onLinux = fs.existsSync("/proc/self/status") ? test : test.skip;

onLinux(
  "when a 200 MB file is uploaded, then 413 names the limit and the server's RSS grows by less than 30 MB",
  async () => {
    const base = await startParley();
    const pid = parley!.child.pid!;
    const token = rawToken(
      { sub: `mem-${randomUUID()}`, role: "shop", shopId: `mem-shop-${randomUUID()}`, exp: inOneHour() },
      {},
      SECRET,
    );
    // Warm up with an accepted 20 MB upload: the upload path's code, buffers and V8's young generation
    // (which grows under streaming garbage) are then in the baseline, so what is measured is what a
    // 200 MB file costs beyond an ordinary one.
    const ordinary = await upload(base, token, 20 * MB);
    expect(ordinary.status).toBe(201);
    await new Promise((r) => setTimeout(r, 500));
    const before = rss(pid);

    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rss(pid));
    }, 20);
    const res = await upload(base, token, 200 * MB);
    clearInterval(sampler);
    peak = Math.max(peak, rss(pid));

    expect(res.status).toBe(413);
    const error = (JSON.parse(res.body) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.message).toContain("25 MB");
    expect(peak - before).toBeLessThan(30 * MB);
    // Still serving, and nothing of the refused file was kept.
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const incoming = path.join(dataDir!, "attachments", ".incoming");
    expect(fs.existsSync(incoming) ? fs.readdirSync(incoming) : []).toEqual([]);
    console.log(
      `200 MB upload refused: RSS before ${(before / MB).toFixed(1)} MB, peak ${(peak / MB).toFixed(1)} MB (+${((peak - before) / MB).toFixed(1)} MB)`,
    );
  },
  240_000,
);
