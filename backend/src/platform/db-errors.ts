import { AppError } from "../shared/app-error";

/**
 * The database is unreachable, refused the connection, dropped it, or a query ran out of time.
 * The error handler answers 503 SERVICE_UNAVAILABLE with Retry-After; the process stays up and the
 * pool reconnects by itself when the database is back.
 */
export class DatabaseUnavailableError extends AppError {
  constructor(
    message = "The database is unavailable right now. Please retry shortly.",
    readonly reason?: string,
  ) {
    super("SERVICE_UNAVAILABLE", message);
  }
}

/** Seconds a client should wait before retrying a request refused with 503. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * SQLSTATEs that mean "the database cannot serve us now", not "the query is wrong":
 * 08xxx connection exceptions, 57P01-57P03 (admin/crash shutdown, starting up), 57014 query_canceled
 * (statement_timeout), 53300 too_many_connections, 55P03 lock_not_available (lock_timeout),
 * 25P03 idle_in_transaction_session_timeout.
 */
const UNAVAILABLE_SQLSTATES = new Set(["57014", "57P01", "57P02", "57P03", "53300", "55P03", "25P03"]);

/** Socket-level failures reaching a server (the database's; file storage adds a failed name lookup). */
export const UNAVAILABLE_ERRNOS: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/**
 * node-pg and pg-pool report a lost or timed-out connection with plain Errors; these are their messages.
 * knex prefixes a failed query's message with its SQL ("ROLLBACK - Connection terminated unexpectedly"),
 * so they match at the end of the message.
 */
const UNAVAILABLE_MESSAGES = [
  /(^|- )Connection terminated( unexpectedly| due to connection timeout)?$/,
  /(^|- )Query read timeout$/, // query_timeout (client side: a frozen server never answers)
  /(^|- )timeout expired$/, // connectionTimeoutMillis
  /(^|- )Client has encountered a connection error and is not queryable$/,
  /(^|- )Client was closed and is not queryable$/,
  /(^|- )timeout exceeded when trying to connect$/,
  /^Knex: Timeout acquiring a connection/,
];

type ErrorLike = { name?: unknown; code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };

/** A short machine-readable reason ("ECONNREFUSED", "57P01", "acquire-timeout", ...) or undefined. */
export function databaseUnavailableReason(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== "object" || depth > 3) return undefined;
  if (err instanceof DatabaseUnavailableError) return err.reason ?? "unavailable";
  const e = err as ErrorLike;
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code) {
    if (code.startsWith("08") && code.length === 5) return code;
    if (UNAVAILABLE_SQLSTATES.has(code)) return code;
    if (UNAVAILABLE_ERRNOS.has(code)) return code;
  }
  if (e.name === "KnexTimeoutError") return "acquire-timeout";
  const message = typeof e.message === "string" ? e.message : "";
  if (UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return message.split(" - ").at(-1)!.slice(0, 60);
  // Connecting to a host name with several addresses fails with an AggregateError of each attempt.
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const r = databaseUnavailableReason(inner, depth + 1);
      if (r) return r;
    }
  }
  if (e.cause) return databaseUnavailableReason(e.cause, depth + 1);
  return undefined;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  return databaseUnavailableReason(err) !== undefined;
}

/** The typed error for a driver error that means "unavailable", or undefined for any other error. */
export function asDatabaseUnavailable(err: unknown): DatabaseUnavailableError | undefined {
  if (err instanceof DatabaseUnavailableError) return err;
  const reason = databaseUnavailableReason(err);
  if (!reason) return undefined;
  if (reason === "55P03") {
    return new DatabaseUnavailableError(
      "Another change is holding this record (a bulk change, say). Please retry shortly.",
      reason,
    );
  }
  const timedOut = reason === "57014" || reason === "acquire-timeout" || /timeout/i.test(reason);
  return new DatabaseUnavailableError(
    timedOut
      ? "The database did not answer in time. Please retry shortly."
      : "The database is unavailable right now. Please retry shortly.",
    reason,
  );
}
