/**
 * The scan of storage against the attachments table (`npm run attachments:scan`): bytes stored by an upload
 * whose row was never written (the process died in between) are found and, when asked, deleted; uploads,
 * recent objects and whatever else shares the folder or bucket are left alone. Real uploads over HTTP, a real
 * folder and a real S3 server (s3rver), the real database; the command itself as a child process.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { createAttachmentStorageScan } from "../../src/domains/attachments";
import { createTestContext, type TestContext } from "../support/test-context";
import { attachmentApi, binary, png, randomFile } from "./helpers";
import { startTestBucket } from "./s3-bucket";

const DAY_MS = 24 * 3600_000;
const twoDaysAgo = () => new Date(Date.now() - 2 * DAY_MS);

function scanOf(ctx: TestContext) {
  const errors: string[] = [];
  const { scanStorage } = createAttachmentStorageScan({
    db: ctx.database.knex,
    uploads: ctx.config.uploads,
    onError: (message) => errors.push(message),
  });
  return { scanStorage, errors };
}

describe("in the uploads folder", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  test("when bytes have no upload row, then the scan reports them, and deletes only them when asked", async () => {
    const files = attachmentApi(ctx.app);
    const shop = await ctx.shopUser();
    const image = await files.uploaded(shop, await png(), "screen.png"); // a file and a thumbnail
    const text = await files.uploaded(shop, Buffer.from("order 1234\n"), "notes.txt");
    const dir = ctx.config.uploads.dir;
    const put = (name: string, when: Date, bytes = randomFile(1000)) => {
      fs.writeFileSync(path.join(dir, name), bytes);
      fs.utimesSync(path.join(dir, name), when, when);
    };
    // Everything two days old, the real uploads included: only the rows tell them apart.
    for (const name of fs.readdirSync(dir)) {
      if (name !== ".incoming") fs.utimesSync(path.join(dir, name), twoDaysAgo(), twoDaysAgo());
    }
    const lost = randomUUID();
    put(lost, twoDaysAgo()); // a crash after the file was stored
    put(`${lost}.thumb.webp`, twoDaysAgo());
    const lostThumbOfText = `${text.id}.thumb.webp`; // a thumbnail the text upload's row does not name
    put(lostThumbOfText, twoDaysAgo());
    const storing = randomUUID();
    put(storing, new Date()); // an upload between storing and its row, as far as anyone can tell
    const foreign = [`${randomUUID()}.png`, "backup.tar"];
    for (const name of foreign) put(name, twoDaysAgo());

    const { scanStorage, errors } = scanOf(ctx);
    // Two to a page: the listing's pages are followed to the end.
    const found = await scanStorage({ remove: false, pageSize: 2 });
    expect(found).toMatchObject({ orphans: 3, orphanBytes: 3000, recent: 1, notOurs: 1, deleted: 0 });
    expect(found.examples.sort()).toEqual([lost, `${lost}.thumb.webp`, lostThumbOfText].sort());
    expect(fs.existsSync(path.join(dir, lost))).toBe(true); // reported, not deleted

    const removed = await scanStorage({ remove: true, pageSize: 2 });
    expect(removed).toMatchObject({ orphans: 3, deleted: 3, failed: 0 });
    expect(errors).toEqual([]);
    for (const name of [lost, `${lost}.thumb.webp`, lostThumbOfText])
      expect(fs.existsSync(path.join(dir, name))).toBe(false);
    for (const name of [storing, ...foreign]) expect(fs.existsSync(path.join(dir, name))).toBe(true);
    // The uploads are whole: file and thumbnail.
    expect((await files.download(shop, image.url)).status).toBe(200);
    expect((await files.download(shop, image.thumbnailUrl!)).status).toBe(200);
    expect(binary(await files.download(shop, text.url)).toString()).toBe("order 1234\n");

    expect(await scanStorage({ remove: true })).toMatchObject({ orphans: 0, deleted: 0 });
  });
});

describe("in an S3 bucket", () => {
  const BUCKET = "parley-test-scan";
  let bucket: Awaited<ReturnType<typeof startTestBucket>>;
  let ctx: TestContext;
  beforeAll(async () => {
    bucket = await startTestBucket(BUCKET);
    ctx = await createTestContext(bucket.env());
  });
  afterAll(async () => {
    await ctx?.close();
    await bucket?.close();
  });

  test("when objects have no upload row, then the scan deletes them and nothing else in the bucket", async () => {
    const files = attachmentApi(ctx.app);
    const shop = await ctx.shopUser();
    const image = await files.uploaded(shop, await png(), "screen.png");
    const lost = [randomUUID(), randomUUID(), `${randomUUID()}.thumb.webp`];
    const foreign = ["exports/report.csv", `${randomUUID()}.bak`, "zz-not-parley"];
    for (const key of [...lost, ...foreign])
      await bucket.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "x".repeat(10) }));

    const { scanStorage, errors } = scanOf(ctx);
    // s3rver dates every object now: the scan runs as if two days later, so all of them are old enough.
    const later = new Date(Date.now() + 2 * DAY_MS);
    // Before that, nothing is old enough to judge.
    expect(await scanStorage({ remove: true, pageSize: 2 })).toMatchObject({ orphans: 0, recent: 5 });
    const removed = await scanStorage({ remove: true, now: later, pageSize: 2 });
    expect(removed).toMatchObject({ orphans: 3, orphanBytes: 30, deleted: 3, failed: 0, notOurs: 1 });
    expect(errors).toEqual([]);
    for (const key of lost) expect(await bucket.has(key)).toBe(false);
    for (const key of foreign) expect(await bucket.has(key)).toBe(true);
    expect((await files.download(shop, image.url)).status).toBe(200);
    expect((await files.download(shop, image.thumbnailUrl!)).status).toBe(200);
  });
});

const run = promisify(execFile);
const onPglite = process.env.DATABASE_URL ? describe.skip : describe;

onPglite("the command", () => {
  const backend = path.resolve(__dirname, "../..");
  const command = (env: Record<string, string>, args: string[]) =>
    run(process.execPath, ["--import", "tsx", "src/cli/attachments-scan.ts", ...args], {
      cwd: backend,
      env: { ...process.env, NODE_OPTIONS: "", DATABASE_URL: "", ...env },
    });

  test("when run on a desk's data folder, then it reports orphans, and deletes them with --delete", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-scan-cli-"));
    await run(process.execPath, ["--import", "tsx", "src/cli/migrate.ts"], {
      cwd: backend,
      env: { ...process.env, NODE_OPTIONS: "", DATABASE_URL: "", DATA_DIR: dataDir },
    });
    const uploads = path.join(dataDir, "attachments");
    fs.mkdirSync(uploads, { recursive: true });
    const lost = randomUUID();
    fs.writeFileSync(path.join(uploads, lost), randomFile(2048));
    fs.utimesSync(path.join(uploads, lost), twoDaysAgo(), twoDaysAgo());

    const report = await command({ DATA_DIR: dataDir }, []);
    expect(report.stdout).toContain("1 with no upload");
    expect(report.stdout).toContain(lost);
    expect(report.stdout).toContain("run again with --delete");
    expect(fs.existsSync(path.join(uploads, lost))).toBe(true);

    const deleted = await command({ DATA_DIR: dataDir }, ["--delete"]);
    expect(deleted.stdout).toContain("Deleted 1.");
    expect(fs.existsSync(path.join(uploads, lost))).toBe(false);

    await expect(command({ DATA_DIR: dataDir }, ["--everything"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("usage: npm run attachments:scan"),
    });
  });
});
