import fs from "node:fs";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { createTestContext, type TestContext } from "../support/test-context";
import { expectError, ticketApi } from "../tickets/helpers";
import { attachmentApi, binary, jpegWithGps, md5, randomFile, SECRET_PLACE } from "./helpers";
import { startTestBucket } from "./s3-bucket";

/** The same uploads against S3 storage: s3rver on a free port stands in for the bucket. */

const BUCKET = "parley-test-attachments";
let bucket: Awaited<ReturnType<typeof startTestBucket>>;
let s3: S3Client;
let ctx: TestContext;
let api: ReturnType<typeof ticketApi>;
let files: ReturnType<typeof attachmentApi>;

beforeAll(async () => {
  bucket = await startTestBucket(BUCKET);
  s3 = bucket.s3;
  ctx = await createTestContext(bucket.env());
  api = ticketApi(ctx);
  files = attachmentApi(ctx.app);
});
afterAll(async () => {
  await ctx?.close();
  await bucket?.close();
});

const objectBytes = async (key: string) => {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
};

test("when S3_BUCKET is set, then an upload is stored in the bucket byte for byte and downloads the same", async () => {
  expect(ctx.modules.attachments.storageKind).toBe("s3");
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const content = randomFile(2 * 1024 * 1024 + 17);
  const up = await files.uploaded(shop, content, "export.csv.gz.part");
  expect(up.size).toBe(content.length);
  expect(md5(await objectBytes(up.id))).toBe(md5(content));
  // Nothing stays on the local disk but the (empty) spool folder.
  const local = fs.existsSync(ctx.config.uploads.dir) ? fs.readdirSync(ctx.config.uploads.dir) : [];
  expect(local.filter((f) => f !== ".incoming")).toEqual([]);

  const t = await api.ticket(shop, { attachmentIds: [up.id] });
  const down = await files.download(admin, up.url);
  expect(down.status).toBe(200);
  expect(md5(binary(down))).toBe(md5(content));
  const part = await files.download(admin, up.url).set("Range", "bytes=100-199");
  expect(part.status).toBe(206);
  expect(md5(binary(part))).toBe(md5(content.subarray(100, 200)));
  expectError(await files.download(await ctx.shopUser(), up.url), 404, "NOT_FOUND");
  expect((await api.messages(admin, t.id)).body.items[0].attachments).toEqual([up]);
});

test("when a Range starts at or past the end of an S3 object, then 416 with its size; the last byte still 206", async () => {
  const shop = await ctx.shopUser();
  const content = randomFile(4096);
  const up = await files.uploaded(shop, content, "tail.bin");
  for (const range of ["bytes=4096-", "bytes=5000-6000"]) {
    const res = await files.download(shop, up.url).set("Range", range);
    expectError(res, 416, "VALIDATION_FAILED");
    expect(res.headers["content-range"]).toBe("bytes */4096");
  }
  const last = await files.download(shop, up.url).set("Range", "bytes=4095-");
  expect([last.status, last.headers["content-range"]]).toEqual([206, "bytes 4095-4095/4096"]);
  expect(md5(binary(last))).toBe(md5(content.subarray(4095)));
  // Ignored ranges still send the whole object.
  const several = await files.download(shop, up.url).set("Range", "bytes=0-1,4-5");
  expect(several.status).toBe(200);
  expect(md5(binary(several))).toBe(md5(content));
});

test("when a photo goes to S3, then the stored object has no GPS data and the thumbnail is there too", async () => {
  const shop = await ctx.shopUser();
  const up = await files.uploaded(shop, await jpegWithGps(), "parcel.jpg");
  const stored = await objectBytes(up.id);
  expect(stored.includes(Buffer.from(SECRET_PLACE))).toBe(false);
  expect((await sharp(stored).metadata()).exif).toBeUndefined();
  const thumb = await files.download(shop, up.thumbnailUrl!);
  expect(md5(binary(thumb))).toBe(md5(await objectBytes(`${up.id}.thumb.webp`)));
});

test("when the sweep removes a stale upload, then its objects leave the bucket", async () => {
  const shop = await ctx.shopUser();
  const up = await files.uploaded(shop, await jpegWithGps(), "stale.jpg");
  expect(await bucket.has(up.id)).toBe(true);
  await ctx.database
    .knex("attachments")
    .where({ id: up.id })
    .update({ created_at: new Date(Date.now() - 25 * 3600_000) });
  await ctx.modules.attachments.service.sweepUnattached();
  expect(await bucket.has(up.id)).toBe(false);
  expect(await bucket.has(`${up.id}.thumb.webp`)).toBe(false);
});
