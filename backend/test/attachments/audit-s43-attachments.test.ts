import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { createTestContext, type TestContext } from "../support/test-context";
import { expectError } from "../tickets/helpers";
import { attachmentApi, binary, png, SECRET_PLACE } from "./helpers";
import { startLoggedApp } from "./logged-app";
import { startTestBucket } from "./s3-bucket";

/**
 * Session 43's audit of attachments: bytes that nothing would ever delete, and pages that were never kept.
 * Each test failed before its fix.
 * Real app, real database, real s3rver behind an HTTP proxy that fails chosen requests.
 */

const BUCKET = "parley-audit-s43";
let bucket: Awaited<ReturnType<typeof startTestBucket>>;
let proxy: http.Server;
let s3App: Awaited<ReturnType<typeof startLoggedApp>>;
let ctx: TestContext;
/** Which bucket requests the proxy answers with S3's 500 instead of passing them on. */
let failing: (method: string, url: string) => boolean = () => false;

beforeAll(async () => {
  bucket = await startTestBucket(BUCKET);
  proxy = http.createServer((req, res) => {
    if (failing(req.method ?? "", req.url ?? "")) {
      req.resume();
      req.on("end", () => {
        res.writeHead(500, { "Content-Type": "application/xml" });
        res.end(`<?xml version="1.0"?><Error><Code>InternalError</Code><Message>down</Message></Error>`);
      });
      return;
    }
    const upstream = http.request(
      { host: "127.0.0.1", port: bucket.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as AddressInfo;
  s3App = await startLoggedApp(bucket.env(`http://127.0.0.1:${port}`));
  ctx = await createTestContext();
});
afterEach(() => {
  failing = () => false;
});
afterAll(async () => {
  await s3App?.close();
  await new Promise((resolve) => proxy?.close(resolve));
  await bucket?.close();
  await ctx?.close();
});

test("when the bucket fails after an image is stored and will not delete it, then 503 and no row, and the next sweep deletes the bytes", async () => {
  const shop = await s3App.shopUser();
  let stored: string | undefined;
  // The file goes in; its thumbnail and every delete fail (the bucket broke mid-upload).
  failing = (method, url) => {
    if (method === "PUT" && !url.includes(".thumb.")) stored = /\/([0-9a-f-]{36})\?/.exec(url)?.[1];
    return (method === "PUT" && url.includes(".thumb.")) || method === "DELETE";
  };
  const logged = s3App.lines.length;
  const res = await attachmentApi(s3App.app).upload(shop, await png(), "shot.png");
  expectError(res, 503, "SERVICE_UNAVAILABLE");
  expect(await s3App.database.knex("attachments").where({ uploader_id: shop.userId })).toEqual([]);
  expect(stored).toEqual(expect.any(String));
  expect(await bucket.has(stored!)).toBe(true);
  // The operator is told which bytes stayed behind.
  expect(s3App.lines.slice(logged)).toContainEqual(
    expect.objectContaining({ error: expect.stringContaining(stored!) }),
  );

  failing = () => false;
  await s3App.modules.attachments.service.sweepUnattached();
  expect(await bucket.has(stored!)).toBe(false);
  expect(await s3App.database.knex("attachment_orphans").where({ storage_key: stored })).toEqual([]);
});

test("when a swept upload's bytes cannot be deleted, then a later sweep deletes them", async () => {
  const shop = await s3App.shopUser();
  const up = await attachmentApi(s3App.app).uploaded(shop, await png(), "stale.png");
  await s3App.database
    .knex("attachments")
    .where({ id: up.id })
    .update({ created_at: new Date(Date.now() - 25 * 3600_000) });
  failing = (method) => method === "DELETE";
  await s3App.modules.attachments.service.sweepUnattached();
  expect(await s3App.database.knex("attachments").where({ id: up.id })).toEqual([]);
  expect([await bucket.has(up.id), await bucket.has(`${up.id}.thumb.webp`)]).toEqual([true, true]);

  failing = () => false;
  await s3App.modules.attachments.service.sweepUnattached();
  expect([await bucket.has(up.id), await bucket.has(`${up.id}.thumb.webp`)]).toEqual([false, false]);
});

test("when a process died mid-upload and left a spool file, then the sweep removes it once it is a day old, and only then", async () => {
  const spool = path.join(ctx.config.uploads.dir, ".incoming");
  fs.mkdirSync(spool, { recursive: true });
  const crashed = path.join(spool, "3f0c1d2e-0000-4000-8000-000000000001.part");
  const running = path.join(spool, "3f0c1d2e-0000-4000-8000-000000000002.part");
  fs.writeFileSync(crashed, Buffer.alloc(4096));
  fs.writeFileSync(running, Buffer.alloc(4096));
  const dayAndABitAgo = new Date(Date.now() - 25 * 3600_000);
  fs.utimesSync(crashed, dayAndABitAgo, dayAndABitAgo);

  await ctx.modules.attachments.service.sweepUnattached();
  expect(fs.existsSync(crashed)).toBe(false);
  expect(fs.existsSync(running)).toBe(true);
});

test("when a scanned TIFF has three pages, then all three are stored, without their metadata", async () => {
  const shop = await ctx.shopUser();
  const files = attachmentApi(ctx.app);
  const page = (background: string) =>
    sharp({ create: { width: 60, height: 80, channels: 3, background } })
      .png()
      .toBuffer();
  const scan = await sharp(await Promise.all(["red", "green", "blue"].map(page)), {
    join: { animated: true },
  })
    .withExif({ IFD0: { ImageDescription: SECRET_PLACE } })
    .tiff()
    .toBuffer();
  expect((await sharp(scan).metadata()).pages).toBe(3);

  const up = await files.uploaded(shop, scan, "invoice-scan.tiff");
  expect(up).toMatchObject({ contentType: "image/tiff", thumbnailUrl: expect.any(String) });
  const stored = binary(await files.download(shop, up.url));
  const meta = await sharp(stored).metadata();
  expect({ pages: meta.pages, exif: meta.exif }).toEqual({ pages: 3, exif: undefined });
  expect(stored.includes(SECRET_PLACE)).toBe(false);
  // Each page is still itself: the third one is blue (within the re-encoding's rounding).
  const [r, g, b] = await sharp(stored, { page: 2 }).raw().toBuffer();
  expect({ r: r! < 16, g: g! < 16, b: b! > 240 }).toEqual({ r: true, g: true, b: true });
});
