/**
 * A .tar.gz upload against Parley as a real process (`node --import tsx backend/src/main.ts`). file-type
 * looks inside a gzip file and calls a gzipped tar "tar.gz", but only outside jest: inside jest's module
 * sandbox its look inside fails quietly and it says "gz", which hid that real archives were refused (415,
 * "rename it to .tar.gz"). So this one case is checked where the sniff runs as in production.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { inOneHour, rawToken } from "../support/tokens";
import { spawnParley, type ParleyProcess } from "../support/parley-process";

const SECRET = "attachments-archive-test-secret-7c1d9e42ab";
let parley: ParleyProcess | undefined;
let dataDir: string | undefined;

afterAll(() => {
  if (parley?.alive()) parley.child.kill("SIGKILL");
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A tar holding one small file, as tar(1) writes it (a ustar header with its checksum), gzipped. */
function tarGz(): Buffer {
  const content = Buffer.from("hello from the archive\n");
  const header = Buffer.alloc(512);
  header.write("hello.txt", 0, "latin1");
  header.write("0000644\0", 100, "latin1");
  header.write("0000000\0", 108, "latin1");
  header.write("0000000\0", 116, "latin1");
  header.write(`${content.length.toString(8).padStart(11, "0")}\0`, 124, "latin1");
  header.write("14000000000\0", 136, "latin1");
  header.write(" ".repeat(8), 148, "latin1"); // the checksum counts its own field as spaces
  header.write("0", 156, "latin1");
  header.write("ustar\u000000", 257, "latin1");
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  const body = Buffer.concat([content, Buffer.alloc(512 - content.length)]);
  return gzipSync(Buffer.concat([header, body, Buffer.alloc(1024)]));
}

test("when a gzipped tar is uploaded as .tar.gz or .tgz, then it is accepted as application/gzip", async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-archive-"));
  parley = spawnParley({
    NODE_ENV: "development",
    DATA_DIR: dataDir,
    HOST: "127.0.0.1",
    JWT_SECRET: SECRET,
    SEED_DEMO: "false",
    DATABASE_URL: process.env.DATABASE_URL,
  });
  const base = await parley.listening;
  const token = rawToken(
    { sub: `arc-${randomUUID()}`, role: "shop", shopId: `arc-shop-${randomUUID()}`, exp: inOneHour() },
    {},
    SECRET,
  );
  for (const name of ["backup.tar.gz", "backup.tgz"]) {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(tarGz())]), name);
    const res = await fetch(`${base}/api/uploads`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    expect({ name, status: res.status, body: (await res.json()) as unknown }).toMatchObject({
      name,
      status: 201,
      body: { name, contentType: "application/gzip" },
    });
  }
}, 120_000);
