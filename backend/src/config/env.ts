import path from "node:path";
import { z } from "zod";
import { UPLOAD_MAX_BYTES_DEFAULT } from "@parley/contract";

/** Every setting Parley reads, parsed once at start. A bad value stops the start with a readable list. */
const boolish = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  JWT_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["error", "warn", "info", "http", "debug"]).default("http"),
  SEED_DEMO: boolish.optional(),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().positive().default(120),
  TRUST_PROXY: boolish.default(false),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10000),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(UPLOAD_MAX_BYTES_DEFAULT),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // PostgreSQL (DATABASE_URL) only: how long a query may run, how long a request waits for a pooled
  // connection (connecting included) before it is answered 503, and the pool size.
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1500),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1500),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
});

export type Config = {
  nodeEnv: "development" | "production" | "test";
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  jwtSecret: string | undefined;
  logLevel: "error" | "warn" | "info" | "http" | "debug";
  /** Seed demo users: defaults to on in development without a JWT_SECRET. */
  seedDemo: boolean;
  rateLimit: { loginPerMinute: number; writesPerMinute: number };
  trustProxy: boolean;
  shutdownTimeoutMs: number;
  uploads: {
    maxBytes: number;
    /** Where files live without S3, and where every upload is spooled while it is checked. */
    dir: string;
    /** S3-compatible storage when S3_BUCKET is set; otherwise files stay under `dir`. */
    s3: S3Config | null;
  };
  db: DbTimeouts & { poolMax: number };
};

export type DbTimeouts = {
  /** Server-side statement_timeout; the client gives up a little later (a frozen server never answers). */
  statementTimeoutMs: number;
  /** Longest wait for a pooled connection before the request is answered 503. */
  acquireTimeoutMs: number;
  /** Longest wait for a new connection to be established. */
  connectTimeoutMs: number;
};

export type S3Config = {
  bucket: string;
  endpoint: string | undefined;
  region: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in a shell or compose file mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === "production" && !e.JWT_SECRET) {
    throw new ConfigError(
      "Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production (at least 16 characters)",
    );
  }
  if (e.S3_BUCKET && !e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
    throw new ConfigError(
      "Invalid configuration:\n  S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: set both or neither (neither uses the AWS default chain)",
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    jwtSecret: e.JWT_SECRET,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO ?? (e.NODE_ENV === "development" && !e.JWT_SECRET),
    rateLimit: {
      loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE,
      writesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE,
    },
    trustProxy: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    uploads: {
      maxBytes: e.UPLOAD_MAX_BYTES,
      dir: path.join(dataDir, "attachments"),
      s3: e.S3_BUCKET
        ? {
            bucket: e.S3_BUCKET,
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          }
        : null,
    },
    db: {
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      acquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      poolMax: e.DB_POOL_MAX,
    },
  };
}
