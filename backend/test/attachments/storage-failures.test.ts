import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import S3rver from "s3rver";
import { CreateBucketCommand, DeleteObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expectError } from "../tickets/helpers";
import { attachmentApi, binary, md5, png, randomFile } from "./helpers";
import { startLoggedApp } from "./logged-app";
import { startS3FaultProxy } from "./s3-fault-proxy";

/**
 * S3 storage that fails: a real s3rver behind a proxy that refuses connections, answers 5xx or cuts a
 * response midway. An outage is 503 with Retry-After (CONTRACT.md), never 500; a file deleted behind
 * Parley's back is 404 and a warning.
 */

const BUCKET = "parley-test-failures";
let s3rver: S3rver;
let s3: S3Client;
let proxy: Awaited<ReturnType<typeof startS3FaultProxy>>;
let t: Awaited<ReturnType<typeof startLoggedApp>>;
let files: ReturnType<typeof attachmentApi>;

beforeAll(async () => {
  s3rver = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: fs.mkdtempSync(path.join(os.tmpdir(), "parley-s3rver-")),
  });
  const { port } = await s3rver.run();
  s3 = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  proxy = await startS3FaultProxy({ host: "127.0.0.1", port });
  t = await startLoggedApp({
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: proxy.endpoint,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
  });
  files = attachmentApi(t.app);
});
afterEach(() => proxy.set({ kind: "pass" }));
afterAll(async () => {
  await t?.close();
  await proxy?.close();
  s3?.destroy();
  await s3rver?.close();
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

test("when an object is deleted from the bucket behind Parley's back, then 404 NOT_FOUND and a warning naming it", async () => {
  const shop = await t.shopUser();
  const up = await files.uploaded(shop, await png(), "lost.png");
  await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: up.id }));
  await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${up.id}.thumb.webp` }));
  const logged = t.lines.length;

  expectError(await files.download(shop, up.url), 404, "NOT_FOUND");
  expectError(await files.download(shop, up.url).set("Range", "bytes=0-9"), 404, "NOT_FOUND");
  expect((await request(t.app).head(up.url).set(shop.auth)).status).toBe(404);
  expectError(await files.download(shop, up.thumbnailUrl!), 404, "NOT_FOUND");
  const lines = t.lines.slice(logged);
  expect(lines).toContainEqual(
    expect.objectContaining({
      level: "warn",
      message: "attachment bytes missing from storage: answering 404",
      reason: `S3 object ${up.id}: NoSuchKey`,
    }),
  );
  expect(lines.filter((l) => l.level === "error")).toEqual([]);
});

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
