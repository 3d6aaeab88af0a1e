import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { CreateBucketCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";

/**
 * A real S3 server (s3rver) on a free loopback port with one empty bucket, and a client of its own for the
 * test to look at or change the bucket behind Parley's back. `env(endpoint)` is the configuration that points
 * Parley at it (through a proxy when the test passes the proxy's endpoint); `has(key)` whether an object is
 * in the bucket (only "not found" is false: any other failure fails the test).
 */
export async function startTestBucket(bucket: string) {
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: fs.mkdtempSync(path.join(os.tmpdir(), "parley-s3rver-")),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const s3 = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    port,
    endpoint,
    s3,
    env: (via = endpoint): Record<string, string> => ({
      S3_BUCKET: bucket,
      S3_ENDPOINT: via,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
    }),
    has: (key: string): Promise<boolean> =>
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
        () => true,
        (error: { $metadata?: { httpStatusCode?: number } }) => {
          if (error.$metadata?.httpStatusCode === 404) return false;
          throw error;
        },
      ),
    async close() {
      s3.destroy();
      await server.close();
    },
  };
}
