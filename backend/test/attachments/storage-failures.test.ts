import fs from "node:fs";
import path from "node:path";
import request from "supertest";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { expectError } from "../tickets/helpers";
import { attachmentApi, binary, md5, png, randomFile } from "./helpers";
import { startLoggedApp } from "./logged-app";
import { expectLostFileIsNotFound } from "./lost-file";
import { startTestBucket } from "./s3-bucket";
import { startS3FaultProxy } from "./s3-fault-proxy";

/**
 * S3 storage that fails: a real s3rver behind a proxy that refuses connections, answers 5xx or cuts a
 * response midway. An outage is 503 with Retry-After (CONTRACT.md), never 500; a file deleted behind
 * Parley's back is 404 and a warning.
 */

const BUCKET = "parley-test-failures";
const STALL_TIMEOUT_MS = 2000;
let bucket: Awaited<ReturnType<typeof startTestBucket>>;
let proxy: Awaited<ReturnType<typeof startS3FaultProxy>>;
let t: Awaited<ReturnType<typeof startLoggedApp>>;
let files: ReturnType<typeof attachmentApi>;

beforeAll(async () => {
  bucket = await startTestBucket(BUCKET);
  proxy = await startS3FaultProxy({ host: "127.0.0.1", port: bucket.port });
  // Short enough for a test to wait it out, long enough for s3rver on a busy machine.
  t = await startLoggedApp({ ...bucket.env(proxy.endpoint), S3_TIMEOUT_MS: String(STALL_TIMEOUT_MS) });
  files = attachmentApi(t.app);
});
afterEach(() => proxy.set({ kind: "pass" }));
afterAll(async () => {
  await t?.close();
  await proxy?.close();
  await bucket?.close();
});

const spoolLeft = () => {
  const spool = path.join(t.config.uploads.dir, ".incoming");
  return fs.existsSync(spool) ? fs.readdirSync(spool) : [];
};

/** The contract's 503: its error shape on GET, and Retry-After on every method. */
const expectUnavailable = (res: request.Response, method: "GET" | "HEAD" | "POST" = "GET") => {
  if (method === "HEAD") expect(res.status).toBe(503);
  else expectError(res, 503, "SERVICE_UNAVAILABLE");
  expect(res.headers["retry-after"]).toBe("2");
};

test("when the bucket cannot be reached, then uploads and every download route are 503 with Retry-After, no spool file stays, and it recovers", async () => {
  expect(t.modules.attachments.storageKind).toBe("s3");
  const shop = await t.shopUser();
  const up = await files.uploaded(shop, await png(), "shot.png");
  const logged = t.lines.length;
  const link = (await request(t.app).get(`${up.url}/link`).set(shop.auth)).body as {
    url: string;
    thumbnailUrl: string;
  };
  await proxy.set({ kind: "down" });

  expectUnavailable(await files.upload(shop, randomFile(5000), "report.bin"), "POST");
  expect(spoolLeft()).toEqual([]);
  for (const url of [up.url, up.thumbnailUrl!]) {
    expectUnavailable(await files.download(shop, url));
    expectUnavailable(await request(t.app).head(url).set(shop.auth), "HEAD");
  }
  for (const url of [link.url, link.thumbnailUrl]) {
    expectUnavailable(await files.download(shop, url).unset("Authorization"));
    expectUnavailable(await request(t.app).head(url), "HEAD");
  }
  const lines = t.lines.slice(logged);
  expect(lines).toContainEqual(
    expect.objectContaining({
      level: "warn",
      message: "attachment storage unavailable: answering 503",
      reason: "S3: ECONNREFUSED",
    }),
  );
  // An outage is no bug: no "unhandled error" line with a stack.
  expect(lines.filter((l) => l.level === "error")).toEqual([]);

  await proxy.set({ kind: "pass" });
  expect((await files.download(shop, up.url)).status).toBe(200);
  expect((await files.upload(shop, randomFile(100), "later.bin")).status).toBe(201);
});

test.each([
  [500, "InternalError"],
  [503, "SlowDown"],
])(
  "when the bucket answers %i %s, then uploads and downloads are 503 with Retry-After and no spool file stays",
  async (status, code) => {
    const shop = await t.shopUser();
    const up = await files.uploaded(shop, await png(), "shot.png");
    await proxy.set({ kind: "error", status, code });
    expectUnavailable(await files.upload(shop, randomFile(5000), "report.bin"), "POST");
    expect(spoolLeft()).toEqual([]);
    expectUnavailable(await files.download(shop, up.url));
    expectUnavailable(await files.download(shop, up.thumbnailUrl!));
    expectUnavailable(await request(t.app).head(up.url).set(shop.auth), "HEAD");
  },
);

test("when the bucket accepts connections and never answers, then an upload and a download give up after S3_TIMEOUT_MS with 503, and it recovers", async () => {
  const shop = await t.shopUser();
  const up = await files.uploaded(shop, await png(), "shot.png");
  await proxy.set({ kind: "stall" });
  const logged = t.lines.length;

  const started = Date.now();
  expectUnavailable(await files.upload(shop, randomFile(5000), "report.bin"), "POST");
  expect(spoolLeft()).toEqual([]);
  expectUnavailable(await files.download(shop, up.url));
  // Each call waited out the timeout at least once (a download is retried, an upload's stream cannot be).
  expect(Date.now() - started).toBeGreaterThanOrEqual(2 * STALL_TIMEOUT_MS);
  expect(t.lines.slice(logged)).toContainEqual(
    expect.objectContaining({ level: "warn", reason: "S3: timeout" }),
  );

  await proxy.set({ kind: "pass" });
  expect((await files.download(shop, up.url)).status).toBe(200);
}, 60_000);

test("when a download is asked for with HEAD, then its headers come from the bucket's metadata and no byte of the file is fetched", async () => {
  const shop = await t.shopUser();
  const size = 2 * 1024 * 1024;
  const up = await files.uploaded(shop, randomFile(size), "big.bin");
  const image = await files.uploaded(shop, await png(), "shot.png");
  const thumbnail = binary(await files.download(shop, image.thumbnailUrl!));
  const before = proxy.bytesFromBucket();

  const head = await request(t.app).head(up.url).set(shop.auth);
  expect([head.status, head.headers["content-length"], head.headers["accept-ranges"]]).toEqual([
    200,
    String(size),
    "bytes",
  ]);
  const part = await request(t.app).head(up.url).set(shop.auth).set("Range", "bytes=10-19");
  expect([part.status, part.headers["content-range"], part.headers["content-length"]]).toEqual([
    206,
    `bytes 10-19/${size}`,
    "10",
  ]);
  // Two HEAD answers from the bucket: a few hundred bytes of headers each, not 2 MB.
  expect(proxy.bytesFromBucket() - before).toBeLessThan(16 * 1024);
  const thumb = await request(t.app).head(image.thumbnailUrl!).set(shop.auth);
  expect([thumb.status, thumb.headers["content-type"], thumb.headers["content-length"]]).toEqual([
    200,
    "image/webp",
    String(thumbnail.length),
  ]);
});

test("when an object is deleted from the bucket behind Parley's back, then 404 NOT_FOUND and a warning naming it", () =>
  expectLostFileIsNotFound(
    t,
    async (up) => {
      await bucket.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: up.id }));
      await bucket.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${up.id}.thumb.webp` }));
    },
    (up) => `S3 object ${up.id}: NoSuchKey`,
  ));

test("when the bucket's connection drops midway through a download, then the response is cut short and the server carries on", async () => {
  const shop = await t.shopUser();
  const content = randomFile(2 * 1024 * 1024);
  const up = await files.uploaded(shop, content, "big.bin");
  await proxy.set({ kind: "cut", bytes: 64 * 1024 });

  const res = await t.fetchRaw("GET", up.url, shop);
  // The 200 and its Content-Length were sent before the bytes ran out: the client sees a short body.
  expect(res.status).toBe(200);
  expect(res.headers["content-length"]).toBe(String(content.length));
  expect(res.cut).toBe(true);
  expect(res.body.length).toBeLessThan(content.length);

  await proxy.set({ kind: "pass" });
  const again = await files.download(shop, up.url);
  expect(again.status).toBe(200);
  expect(md5(binary(again))).toBe(md5(content));
});
