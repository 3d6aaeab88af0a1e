import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import type { S3Config } from "../../../config/env";
import { classifyFileError, classifyS3Error } from "./storage-errors";

/** A byte range, both ends inclusive (HTTP's `bytes=start-end`). */
export type ByteRange = { start: number; end: number };

/** An object in storage as a listing shows it. */
export type StoredObject = { key: string; size: number; modifiedAt: Date };

/** One page of a listing, in key order; `next` continues it (null: the listing is done). */
export type StoredPage = { objects: StoredObject[]; next: string | null };

/**
 * Where attachment bytes live: a folder, or an S3-compatible bucket. Keys are server-made (uuid-based).
 * Failures come out typed: StoredFileMissingError (the bytes are gone), StorageUnavailableError (the
 * bucket is away); anything else as it was thrown.
 */
export type BlobStorage = {
  kind: "local" | "s3";
  /** Stores the file at `filePath` under `key` (the file may be moved; the caller removes what is left). */
  put(key: string, filePath: string, contentType: string): Promise<void>;
  /**
   * The bytes (or a range of them) as a stream, opened before it resolves: a missing file fails here, not
   * after a response has started. The stream may still fail midway (a connection to S3 dropped).
   */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** The stored size in bytes, without reading the bytes (a HEAD request); missing: StoredFileMissingError. */
  size(key: string): Promise<number>;
  delete(key: string): Promise<void>;
  /**
   * Up to `limit` objects whose keys come after `after` (null: from the start), in key order. Only names a
   * key of this storage could have are listed: whatever else shares the folder or bucket is never shown.
   */
  list(after: string | null, limit: number): Promise<StoredPage>;
};

const SAFE_KEY = /^[0-9a-f-]{36}(\.[a-z0-9.]+)?$/;
function checkKey(key: string): string {
  if (!SAFE_KEY.test(key)) throw new Error(`refusing storage key ${JSON.stringify(key)}`);
  return key;
}

/** Files under one folder (DATA_DIR/attachments by default). */
export function createLocalStorage(dir: string): BlobStorage {
  const at = (key: string) => path.join(dir, checkKey(key));
  return {
    kind: "local",
    async put(key, filePath) {
      await fsp.mkdir(dir, { recursive: true });
      // The spool is inside this folder, so normally a rename; a copy across file systems otherwise.
      await fsp.rename(filePath, at(key)).catch(async (err: unknown) => {
        if ((err as { code?: string }).code !== "EXDEV") throw err;
        await fsp.copyFile(filePath, at(key));
      });
    },
    async get(key, range) {
      // Opened here, so ENOENT is a 404 now rather than an error of a stream whose response has begun.
      const handle = await fsp.open(at(key), "r").catch((err: unknown) => {
        throw classifyFileError(err, key);
      });
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    },
    async size(key) {
      const stat = await fsp.stat(at(key)).catch((err: unknown) => {
        throw classifyFileError(err, key);
      });
      return stat.size;
    },
    async delete(key) {
      await fsp.rm(at(key), { force: true });
    },
    async list(after, limit) {
      const names = await fsp.readdir(dir).catch((err: unknown) => {
        if ((err as { code?: string }).code === "ENOENT") return [] as string[];
        throw err;
      });
      // The whole folder is read for each page: a folder of files is the small desk's storage (a bucket
      // pages on the server side).
      const keys = names.filter((name) => SAFE_KEY.test(name) && (after === null || name > after)).sort();
      const objects: StoredObject[] = [];
      for (const key of keys.slice(0, limit)) {
        // Deleted since the folder was read: not listed.
        const stat = await fsp.stat(at(key)).catch(() => null);
        if (stat?.isFile()) objects.push({ key, size: stat.size, modifiedAt: stat.mtime });
      }
      return { objects, next: keys.length > limit ? keys[limit - 1]! : null };
    },
  };
}

const SILENT_SDK_LOGGER = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * An S3-compatible bucket (AWS, MinIO, s3rver). The SDK is loaded on first use: a server that keeps its
 * files on disk never loads it (part of about 20 MB of resident memory; docs/operations.md, "Memory").
 */
export function createS3Storage(cfg: S3Config): BlobStorage & { ensureBucket(): Promise<void> } {
  let sdk: Promise<{ s3: typeof import("@aws-sdk/client-s3"); client: S3Client }> | undefined;
  const connect = () =>
    (sdk ??= import("@aws-sdk/client-s3").then((s3) => ({
      s3,
      client: new s3.S3Client({
        region: cfg.region,
        ...(cfg.endpoint ? { endpoint: cfg.endpoint, forcePathStyle: true } : {}),
        ...(cfg.accessKeyId && cfg.secretAccessKey
          ? { credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey } }
          : {}),
        // Streamed bodies otherwise go as aws-chunked with checksum trailers, which some S3-compatible
        // servers store verbatim (docs/attachments.md).
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        // The SDK waits for ever by default. `socketTimeout` counts silence, not the whole call: a large
        // download to a slow client still goes through while bytes keep moving.
        requestHandler: { connectionTimeout: cfg.timeoutMs, socketTimeout: cfg.timeoutMs },
        // Every failure reaches the caller as an error, classified and logged once (storage-errors.ts); the
        // SDK's own console warnings about the same failures would be a second, unstructured line.
        logger: SILENT_SDK_LOGGER,
      }),
    })));
  const Bucket = cfg.bucket;
  return {
    kind: "s3",
    async ensureBucket() {
      const { s3, client } = await connect();
      try {
        await client.send(new s3.HeadBucketCommand({ Bucket }));
      } catch {
        await client.send(new s3.CreateBucketCommand({ Bucket }));
      }
    },
    async put(key, filePath, contentType) {
      const { s3, client } = await connect();
      const { size } = await fsp.stat(filePath);
      const body = fs.createReadStream(filePath);
      try {
        await client.send(
          new s3.PutObjectCommand({
            Bucket,
            Key: checkKey(key),
            Body: body,
            ContentLength: size,
            ContentType: contentType,
          }),
        );
      } catch (err) {
        throw classifyS3Error(err, key);
      } finally {
        // A refused connection leaves the file unread and open.
        body.destroy();
      }
    },
    async get(key, range) {
      const { s3, client } = await connect();
      const out = await client
        .send(
          new s3.GetObjectCommand({
            Bucket,
            Key: checkKey(key),
            ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
          }),
        )
        .catch((err: unknown) => {
          throw classifyS3Error(err, key);
        });
      if (!out.Body) throw new Error(`S3 object ${key} has no body`);
      return out.Body as Readable;
    },
    async size(key) {
      const { s3, client } = await connect();
      const out = await client
        .send(new s3.HeadObjectCommand({ Bucket, Key: checkKey(key) }))
        .catch((err: unknown) => {
          throw classifyS3Error(err, key);
        });
      return out.ContentLength ?? 0;
    },
    async delete(key) {
      const { s3, client } = await connect();
      await client.send(new s3.DeleteObjectCommand({ Bucket, Key: checkKey(key) })).catch((err: unknown) => {
        throw classifyS3Error(err, key);
      });
    },
    async list(after, limit) {
      const { s3, client } = await connect();
      // ListObjects (version 1) with a marker: every S3-compatible server pages it the same way, while
      // s3rver fails version 2's truncated pages (its continuation tokens use DES, which OpenSSL 3 lacks).
      const out = await client
        .send(
          new s3.ListObjectsCommand({ Bucket, MaxKeys: limit, ...(after === null ? {} : { Marker: after }) }),
        )
        .catch((err: unknown) => {
          throw classifyS3Error(err, after ?? "(listing)");
        });
      const contents = out.Contents ?? [];
      const objects = contents
        .filter((o) => o.Key !== undefined && SAFE_KEY.test(o.Key))
        .map((o) => ({ key: o.Key!, size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0) }));
      const last = contents[contents.length - 1]?.Key;
      return { objects, next: out.IsTruncated && last !== undefined ? last : null };
    },
  };
}
