import { UNAVAILABLE_ERRNOS } from "../../../platform/db-errors";
import { StorageUnavailableError, StoredFileMissingError } from "../domain/attachments.errors";

/**
 * What a failed storage call means for the client: the file is gone (404), the storage is away (503), or
 * neither, a bug or a misconfiguration that stays a 500 with its stack in the log (a refused access key, a
 * malformed request).
 */

/**
 * Socket-level failures: the bucket's server cannot be reached, or dropped the connection. A bucket's host
 * name that does not resolve (ENOTFOUND) is an outage too: storage is reached by name, and DNS comes back.
 */
const NETWORK_ERRNOS: ReadonlySet<string> = new Set([...UNAVAILABLE_ERRNOS, "ENOTFOUND"]);

/** S3's names for "slow down, try again" (some servers send them with a 4xx status). */
const THROTTLING = new Set(["SlowDown", "Throttling", "ThrottlingException", "RequestTimeout"]);

type SdkError = {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  errors?: unknown;
  cause?: unknown;
};

/**
 * Node's words for the same failures ("connect ECONNREFUSED 127.0.0.1:9000"). The SDK's retry layer
 * rebuilds an error it does not recognise as an Error of its own realm (under a test runner's VM context)
 * from its text alone, code lost: "AWS SDK error wrapper for Error: connect ECONNREFUSED …".
 */
const NETWORK_MESSAGE = new RegExp(
  `\\b(?:connect|read|write|getaddrinfo) (${[...NETWORK_ERRNOS].join("|")})\\b`,
);

function networkReason(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== "object" || depth > 3) return undefined;
  const e = err as SdkError & { message?: unknown };
  if (typeof e.code === "string" && NETWORK_ERRNOS.has(e.code)) return e.code;
  const words = typeof e.message === "string" ? NETWORK_MESSAGE.exec(e.message) : null;
  if (words) return words[1];
  // The SDK's own timeouts (connection or socket idle) are named, not coded.
  if (e.name === "TimeoutError") return "timeout";
  // A host name with several addresses fails with an AggregateError of each attempt.
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const r = networkReason(inner, depth + 1);
      if (r) return r;
    }
  }
  return e.cause ? networkReason(e.cause, depth + 1) : undefined;
}

/**
 * The typed error for a failure of the S3 client on `key`, or the error itself when it is neither a missing
 * object nor an unavailable bucket. A missing bucket counts as unavailable: every file is out of reach,
 * which is an outage to fix, not a file lost.
 */
export function classifyS3Error(err: unknown, key: string): Error {
  const e = (err ?? {}) as SdkError;
  const status = typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
  const name = typeof e.name === "string" ? e.name : "";
  if (name === "NoSuchKey" || (status === 404 && name === "NotFound")) {
    return new StoredFileMissingError(`S3 object ${key}: ${name}`);
  }
  if (name === "NoSuchBucket") return new StorageUnavailableError(`S3: ${name}`);
  if (status !== undefined && (status >= 500 || status === 429)) {
    return new StorageUnavailableError(`S3: HTTP ${status}${name && name !== "Error" ? ` ${name}` : ""}`);
  }
  if (THROTTLING.has(name)) return new StorageUnavailableError(`S3: ${name}`);
  const network = networkReason(err);
  return network ? new StorageUnavailableError(`S3: ${network}`) : asError(err);
}

/** The typed error for a failure of the folder storage on `key`: a missing file is lost data (404). */
export function classifyFileError(err: unknown, key: string): Error {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "ENOENT" ? new StoredFileMissingError(`file ${key}: ENOENT`) : asError(err);
}

const asError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));
