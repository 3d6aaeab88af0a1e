import path from "node:path";
import { isIP } from "node:net";
import { z } from "zod";
import { UPLOAD_MAX_BYTES_DEFAULT } from "@parley/contract";
import { weakSecretReason } from "./secrets";

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
  JWT_SECRET: z.string().optional(),
  LOG_LEVEL: z.enum(["error", "warn", "info", "http", "debug"]).default("http"),
  SEED_DEMO: boolish.optional(),
  SEED_DEMO_HISTORY: boolish.optional(),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_LOGIN_ACCOUNT_WINDOW_S: z.coerce.number().int().positive().default(900),
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().positive().default(120),
  RATE_LIMIT_READS_PER_MINUTE: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_FAQ_VOTES_PER_MINUTE: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_FAQ_VOTES_PER_ARTICLE_PER_DAY: z.coerce.number().int().positive().default(20),
  RATE_LIMIT_FAQ_EVENTS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  RATE_LIMIT_VISITOR_SESSIONS_PER_MINUTE: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_VISITOR_MESSAGES_PER_MINUTE: z.coerce.number().int().positive().default(20),
  RATE_LIMIT_VISITOR_READS_PER_MINUTE: z.coerce.number().int().positive().default(120),
  VISITOR_HOURS_TEXT: z
    .string()
    .min(1)
    .max(300)
    .default("We usually answer within a few hours, Monday to Friday."),
  RATE_LIMIT_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, - and _ only")
    .optional(),
  SOCKET_EVENTS_PER_10S: z.coerce.number().int().positive().default(100),
  // How often each process re-reads, in one query, whether the accounts of its connected sockets are still
  // active: the safety net for a deactivation whose message to this process was lost (docs/realtime.md).
  ACCOUNT_RECHECK_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  TRUST_PROXY: z.string().optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10000),
  // How often the analytics daily summary is refreshed (docs/analytics.md, "Scale"); 0 turns the timer off.
  ANALYTICS_REFRESH_S: z.coerce.number().int().min(0).max(86_400).default(300),
  // How often freed heap memory is handed back to the operating system (platform/malloc-trim.ts); 0: never.
  MALLOC_TRIM_INTERVAL_S: z.coerce.number().int().min(0).max(3600).default(10),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(UPLOAD_MAX_BYTES_DEFAULT),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // How long a call to the bucket may take to connect, or stay silent once connected, before it fails
  // (503): a bucket that drops packets would otherwise hold each upload and download for good.
  S3_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  // PostgreSQL (DATABASE_URL) only: how long a query may run, how long a request waits for a pooled
  // connection (connecting included) before it is answered 503, and the pool size.
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  // How long a request's statement waits for a row lock (0: up to the statement timeout).
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1500),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1500),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  // Message posts that arrive together share one transaction on one of this many pooled connections
  // (group commit, docs/benchmarks.md "Session 44"); 0: every post in a transaction of its own. The
  // embedded database has one connection, and so one lane (or none with 0).
  DB_POST_LANES: z.coerce.number().int().min(0).max(32).default(4),
  EMBED_ALLOWED_ORIGINS: z.string().optional(),
  // GET /metrics (Prometheus) for `Authorization: Bearer <METRICS_TOKEN>`; unset: not served.
  METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  // Benchmark only (backend/bench/writepath.ts): a file the server appends each message's commit and
  // emit times to (process.hrtime, ns). Unset: nothing is recorded.
  DELIVERY_TRACE_FILE: z.string().min(1).optional(),
  // Server processes (node:cluster) sharing the port; needs DATABASE_URL when above 1.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  // One more process for the background work (alerts, SLA checks, analytics refresh, upload sweep), at a
  // lower CPU priority (WORKER_NICE) so requests win the cores; needs DATABASE_URL.
  WORKER_PROCESS: boolish.optional(),
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  // Notifications (docs/notifications.md): each channel is on when its settings are present.
  PUBLIC_URL: z.url().optional(),
  TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  TELEGRAM_CHAT_ID: z.string().min(1).optional(),
  TELEGRAM_API_URL: z.url().default("https://api.telegram.org"),
  WHATSAPP_TOKEN: z.string().min(1).optional(),
  WHATSAPP_PHONE_ID: z.string().min(1).optional(),
  WHATSAPP_TO: z.string().min(1).optional(),
  WHATSAPP_API_URL: z.url().default("https://graph.facebook.com/v21.0"),
  // An approved message template (its name as Meta shows it): WhatsApp delivers free text only within 24 hours
  // of the number's last message to the business, so alerts outside that window need one.
  WHATSAPP_TEMPLATE: z
    .string()
    .regex(/^[a-z0-9_]{1,512}$/, "a template name: lower-case letters, digits and underscores")
    .optional(),
  WHATSAPP_TEMPLATE_LANGUAGE: z
    .string()
    .regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, "a language code such as en or en_US")
    .default("en_US"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  VAPID_PUBLIC_KEY: z.string().min(1).optional(),
  VAPID_PRIVATE_KEY: z.string().min(1).optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:)/, "must start with mailto: or https:")
    .optional(),
  WEBHOOK_ALLOW_PRIVATE: boolish.optional(),
  NOTIFY_UNREAD_AFTER_S: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(120),
  NOTIFY_WORKER: boolish.optional(),
  NOTIFY_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** At most one call per destination (chat, email address, browser) per this many ms; 0: unpaced. */
  NOTIFY_DIGEST_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(5_000),
  NOTIFY_RETRY_MAX_MS: z.coerce.number().int().min(1).max(86_400_000).default(3_600_000),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
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
  /** With seedDemo: also file six weeks of ticket history for the demo shops (the Analytics page's data). */
  seedDemoHistory: boolean;
  /** Problems that do not stop a development start but would stop a production one. */
  warnings: string[];
  rateLimit: {
    /** Login attempts per client address per minute. */
    loginPerMinute: number;
    /** Failed logins per account (email) per window, whatever address they come from. */
    loginFailuresPerAccount: number;
    loginAccountWindowS: number;
    writesPerMinute: number;
    /** Reads (GET) per user per minute: generous, a ceiling for scrapers and runaway clients. */
    readsPerMinute: number;
    /** FAQ votes and deflection events per client address per minute (anyone may send them). */
    faqVotesPerMinute: number;
    /** Anonymous votes on one article from one client address per day (each voterId is a new browser). */
    faqVotesPerArticlePerDay: number;
    faqEventsPerMinute: number;
    /** Website visitors, per client address per minute: new sessions, messages sent, reads (polling). */
    visitorSessionsPerMinute: number;
    visitorMessagesPerMinute: number;
    visitorReadsPerMinute: number;
    /** Client → server socket events (joins, typing, viewing) per socket per 10 s. */
    socketEventsPer10s: number;
    /** Separates the shared login counters of deployments (or test runs) that share one database. */
    namespace: string;
  };
  /** What the visitor widget says when no admin is online. */
  visitorHoursText: string;
  /** Milliseconds between re-checks of the accounts behind this process's signed-in sockets. */
  accountRecheckMs: number;
  /** express's "trust proxy": false, a hop count, or the proxies' addresses and subnets. Never "trust all". */
  trustProxy: false | number | string[];
  shutdownTimeoutMs: number;
  /** Seconds between refreshes of the analytics daily summary (0: only the one at start). */
  analyticsRefreshS: number;
  mallocTrimIntervalS: number;
  uploads: {
    maxBytes: number;
    /** Where files live without S3, and where every upload is spooled while it is checked. */
    dir: string;
    /** S3-compatible storage when S3_BUCKET is set; otherwise files stay under `dir`. */
    s3: S3Config | null;
  };
  db: DbTimeouts & { poolMax: number; postLanes: number };
  /** Host origins (scheme://host[:port]) that may frame /embed/* and call the API cross-origin; empty: none. */
  embedAllowedOrigins: string[];
  /** Bearer token for GET /metrics; undefined: the endpoint does not exist. */
  metricsToken: string | undefined;
  /** Benchmark only: where each message's commit and emit times are appended; undefined: not recorded. */
  deliveryTraceFile: string | undefined;
  /** Server processes (node:cluster workers) sharing the port; 1 = no cluster. */
  webConcurrency: number;
  /** A separate background-work process (node:cluster) and its niceness; off: each process does its own. */
  workerProcess: { enabled: boolean; nice: number };
  notify: NotifyConfig;
};

/** The notifications domain's settings (a channel is null when not configured). */
export type NotifyConfig = {
  publicUrl: string;
  unreadAfterS: number;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  pollMs: number;
  /** The pacing interval per destination (see domain/pacing.ts); 0 turns pacing off. */
  digestMs: number;
  worker: boolean;
  webhookAllowPrivate: boolean;
  telegram: { token: string; chatId: string; apiUrl: string } | null;
  whatsapp: {
    token: string;
    phoneId: string;
    to: string;
    apiUrl: string;
    /** Set: every alert is sent as this template (docs/notifications.md); null: as free text. */
    template: { name: string; language: string } | null;
  } | null;
  email: { smtpUrl: string; from: string } | null;
  push: { publicKey: string; privateKey: string; subject: string } | null;
};

export type DbTimeouts = {
  /** Server-side statement_timeout; the client gives up a little later (a frozen server never answers). */
  statementTimeoutMs: number;
  /** Longest wait for a row lock (lock_timeout; 0: none), so a held lock cannot pin the pool for long. */
  lockTimeoutMs: number;
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
  /** Longest wait to connect, and longest silence on a connection, before a call fails. */
  timeoutMs: number;
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
  const production = e.NODE_ENV === "production";
  const problems: string[] = [];
  const warnings: string[] = [];
  if (e.JWT_SECRET === undefined) {
    if (production)
      problems.push("JWT_SECRET: required when NODE_ENV=production (at least 32 random characters)");
  } else {
    const weak = weakSecretReason(e.JWT_SECRET);
    if (weak && production) problems.push(`JWT_SECRET: ${weak}`);
    else if (weak) warnings.push(`JWT_SECRET ${weak}; production would refuse to start with it`);
  }
  if (production && e.SEED_DEMO) {
    problems.push(
      "SEED_DEMO: refused when NODE_ENV=production (the demo accounts have a published password)",
    );
  }
  if (e.S3_BUCKET && !e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
    problems.push(
      "S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: set both or neither (neither uses the AWS default chain)",
    );
  }
  if (e.WORKER_PROCESS && !e.DATABASE_URL) {
    problems.push(
      "WORKER_PROCESS: a separate process needs DATABASE_URL (the embedded database serves one process)",
    );
  }
  if (e.WEB_CONCURRENCY > 1 && !e.DATABASE_URL) {
    problems.push(
      "WEB_CONCURRENCY: more than one process needs DATABASE_URL (the embedded database serves one process)",
    );
  }
  const pairs: Array<[string, unknown[]]> = [
    ["TELEGRAM_BOT_TOKEN / TELEGRAM_CHAT_ID", [e.TELEGRAM_BOT_TOKEN, e.TELEGRAM_CHAT_ID]],
    [
      "WHATSAPP_TOKEN / WHATSAPP_PHONE_ID / WHATSAPP_TO",
      [e.WHATSAPP_TOKEN, e.WHATSAPP_PHONE_ID, e.WHATSAPP_TO],
    ],
    ["SMTP_URL / MAIL_FROM", [e.SMTP_URL, e.MAIL_FROM]],
    ["VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY", [e.VAPID_PUBLIC_KEY, e.VAPID_PRIVATE_KEY]],
  ];
  for (const [names, values] of pairs) {
    const set = values.filter((v) => v !== undefined).length;
    if (set > 0 && set < values.length)
      problems.push(`${names}: set all of them or none (the channel needs each)`);
  }
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (typeof trustProxy === "string") problems.push(`TRUST_PROXY: ${trustProxy}`);
  const embedOrigins = parseOrigins(e.EMBED_ALLOWED_ORIGINS);
  if (typeof embedOrigins === "string") problems.push(`EMBED_ALLOWED_ORIGINS: ${embedOrigins}`);
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
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
    seedDemoHistory: e.SEED_DEMO_HISTORY ?? true,
    warnings,
    rateLimit: {
      loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE,
      loginFailuresPerAccount: e.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
      loginAccountWindowS: e.RATE_LIMIT_LOGIN_ACCOUNT_WINDOW_S,
      writesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE,
      readsPerMinute: e.RATE_LIMIT_READS_PER_MINUTE,
      faqVotesPerMinute: e.RATE_LIMIT_FAQ_VOTES_PER_MINUTE,
      faqVotesPerArticlePerDay: e.RATE_LIMIT_FAQ_VOTES_PER_ARTICLE_PER_DAY,
      faqEventsPerMinute: e.RATE_LIMIT_FAQ_EVENTS_PER_MINUTE,
      visitorSessionsPerMinute: e.RATE_LIMIT_VISITOR_SESSIONS_PER_MINUTE,
      visitorMessagesPerMinute: e.RATE_LIMIT_VISITOR_MESSAGES_PER_MINUTE,
      visitorReadsPerMinute: e.RATE_LIMIT_VISITOR_READS_PER_MINUTE,
      socketEventsPer10s: e.SOCKET_EVENTS_PER_10S,
      namespace: e.RATE_LIMIT_NAMESPACE ?? "parley",
    },
    visitorHoursText: e.VISITOR_HOURS_TEXT,
    accountRecheckMs: e.ACCOUNT_RECHECK_MS,
    trustProxy: trustProxy as Config["trustProxy"],
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    analyticsRefreshS: e.ANALYTICS_REFRESH_S,
    mallocTrimIntervalS: e.MALLOC_TRIM_INTERVAL_S,
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
            timeoutMs: e.S3_TIMEOUT_MS,
          }
        : null,
    },
    db: {
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: e.DB_LOCK_TIMEOUT_MS,
      acquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      poolMax: e.DB_POOL_MAX,
      postLanes: e.DB_POST_LANES,
    },
    embedAllowedOrigins: embedOrigins as string[],
    metricsToken: e.METRICS_TOKEN,
    deliveryTraceFile: e.DELIVERY_TRACE_FILE,
    webConcurrency: e.WEB_CONCURRENCY,
    workerProcess: { enabled: e.WORKER_PROCESS ?? false, nice: e.WORKER_NICE },
    notify: {
      publicUrl: e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`,
      unreadAfterS: e.NOTIFY_UNREAD_AFTER_S,
      timeoutMs: e.NOTIFY_TIMEOUT_MS,
      retryBaseMs: e.NOTIFY_RETRY_BASE_MS,
      retryMaxMs: Math.max(e.NOTIFY_RETRY_MAX_MS, e.NOTIFY_RETRY_BASE_MS),
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      pollMs: e.NOTIFY_POLL_MS,
      digestMs: e.NOTIFY_DIGEST_MS,
      worker: e.NOTIFY_WORKER ?? true,
      webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE ?? false,
      telegram:
        e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_CHAT_ID
          ? { token: e.TELEGRAM_BOT_TOKEN, chatId: e.TELEGRAM_CHAT_ID, apiUrl: e.TELEGRAM_API_URL }
          : null,
      whatsapp:
        e.WHATSAPP_TOKEN && e.WHATSAPP_PHONE_ID && e.WHATSAPP_TO
          ? {
              token: e.WHATSAPP_TOKEN,
              phoneId: e.WHATSAPP_PHONE_ID,
              to: e.WHATSAPP_TO,
              apiUrl: e.WHATSAPP_API_URL,
              template: e.WHATSAPP_TEMPLATE
                ? { name: e.WHATSAPP_TEMPLATE, language: e.WHATSAPP_TEMPLATE_LANGUAGE }
                : null,
            }
          : null,
      email: e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : null,
      push:
        e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
          ? {
              publicKey: e.VAPID_PUBLIC_KEY,
              privateKey: e.VAPID_PRIVATE_KEY,
              subject: e.VAPID_SUBJECT ?? "mailto:admin@parley.invalid",
            }
          : null,
    },
  };
}

/**
 * EMBED_ALLOWED_ORIGINS: a comma list of exact origins (`https://market.example`, `http://localhost:5173`).
 * No wildcards and no paths: each one lands in a CSP frame-ancestors list and is compared byte for byte
 * with a request's Origin and a postMessage event's origin. Returns the list, or what is wrong.
 */
export function parseOrigins(raw: string | undefined): string[] | string {
  const entries = (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad: string[] = [];
  const origins: string[] = [];
  for (const entry of entries) {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      url = null;
    }
    const ok =
      url !== null &&
      !entry.includes("*") &&
      (url.protocol === "https:" || url.protocol === "http:") &&
      url.origin === entry.replace(/\/$/, "").toLowerCase();
    if (!ok || !url) bad.push(entry);
    else if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  if (bad.length > 0) return `not an origin (scheme://host[:port], no path, no wildcard): ${bad.join(", ")}`;
  return origins;
}

const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * TRUST_PROXY: "false"/"0" (no proxy), a hop count ("1": one proxy in front), or a comma list of proxy
 * addresses, subnets (CIDR) and express's names (loopback, linklocal, uniquelocal). "true" would let any
 * client choose its own address through X-Forwarded-For, which defeats every per-address limit, so it is
 * refused. Returns the setting, or a string saying what is wrong.
 */
export function parseTrustProxy(raw: string | undefined): false | number | string[] | string {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === "" || value === "false" || value === "0") return false;
  if (value === "true" || value === "*") {
    return (
      'refused: "true" trusts every X-Forwarded-For, so any client could pick its own address. ' +
      'Give the number of proxies in front of Parley (e.g. "1") or their addresses/subnets'
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= 10 ? hops : "a hop count must be between 0 and 10";
  }
  const entries = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => {
    if (NAMED_RANGES.has(entry)) return false;
    const [address, bits, ...rest] = entry.split("/");
    if (rest.length > 0 || !address) return true;
    const family = isIP(address);
    if (family === 0) return true;
    if (bits === undefined) return false;
    if (!/^\d+$/.test(bits)) return true;
    return Number(bits) > (family === 4 ? 32 : 128);
  });
  if (bad.length > 0 || entries.length === 0) {
    return `not a hop count, address or subnet: ${bad.join(", ") || raw}`;
  }
  return entries;
}
