import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";
import { AppError, type ErrorCode, type ErrorDetail } from "../../shared/app-error";
import type { Logger } from "../logger";
import { asDatabaseUnavailable, RETRY_AFTER_SECONDS, type DatabaseUnavailableError } from "../db-errors";
import { asPeerTimeout, PeerUnavailableError } from "../peer-timeout";
import { throttledLog } from "../log-throttle";

/** The one place that knows HTTP statuses. */
const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

type BodyParserError = Error & { type?: string; status?: number; expose?: boolean; limit?: number };

/** Turns anything thrown into an AppError; unknown errors become INTERNAL without their message. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    return new AppError(
      "VALIDATION_FAILED",
      "The request is invalid.",
      err.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message })),
    );
  }
  // A refused, dropped or timed-out database connection: 503, never 500 (the process stays up).
  const unavailable = asDatabaseUnavailable(err) ?? asPeerTimeout(err);
  if (unavailable) return unavailable;
  const e = err as BodyParserError;
  if (err instanceof URIError) {
    // The router could not percent-decode a path segment (`/api/faq/%E0%A4%A`).
    return new AppError("VALIDATION_FAILED", "The request path is not valid percent-encoded UTF-8.", [
      { path: "(path)", message: "malformed percent-encoding" },
    ]);
  }
  if (e?.type === "entity.parse.failed") {
    return new AppError("MALFORMED_JSON", "The request body is not valid JSON.");
  }
  if (e?.type === "entity.too.large") {
    // body-parser names its limit in bytes; the contract's 413 names the limit in `details`.
    const limitBytes = typeof e.limit === "number" ? e.limit : undefined;
    const limit =
      limitBytes === undefined
        ? "the limit"
        : `${Math.round(limitBytes / 1024 / 1024)} MB (${limitBytes} bytes)`;
    return new AppError("PAYLOAD_TOO_LARGE", `The request body is too large (limit ${limit}).`, [
      {
        path: "(body)",
        message: `A JSON body may be at most ${limit}.`,
        ...(limitBytes ? { limitBytes } : {}),
      },
    ]);
  }
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500 && e.expose) {
    // Other body-parser refusals: unsupported charset or encoding, aborted request.
    return new AppError("VALIDATION_FAILED", "The request body could not be read.");
  }
  return new AppError("INTERNAL", "Something went wrong on our side. It has been logged.");
}

export function errorBody(err: AppError, requestId: string) {
  const body: { code: ErrorCode; message: string; details?: ErrorDetail[]; requestId: string } = {
    code: err.code,
    message: err.message,
    requestId,
  };
  if (err.details) body.details = err.details;
  return { error: body };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  // Separate lines (each throttled on its own): an operator reading the log needs to know which one is away.
  const warnDatabase = throttledLog(logger, "warn", "database unavailable: answering 503");
  const warnPeer = throttledLog(logger, "warn", "another server process did not answer: answering 503");
  const domainWarnings = new Map<string, ReturnType<typeof throttledLog>>();
  const warnFor = (line: string) => {
    if (!domainWarnings.has(line)) domainWarnings.set(line, throttledLog(logger, "warn", line));
    return domainWarnings.get(line)!;
  };
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const appError = toAppError(err);
    if (appError.code === "INTERNAL") {
      logger.error("unhandled error", {
        requestId: req.id,
        error: err instanceof Error ? { message: err.message, stack: err.stack } : String(err),
      });
    }
    // An error is about this request only: never kept by a cache, even on a route that allows caching.
    res.setHeader("Cache-Control", "no-store");
    const domainWarning = appError.operatorWarning;
    if (domainWarning) warnFor(domainWarning)({ requestId: req.id, reason: appError.operatorReason });
    if (appError.code === "SERVICE_UNAVAILABLE") {
      if (!domainWarning) {
        const warn = appError instanceof PeerUnavailableError ? warnPeer : warnDatabase;
        warn({
          requestId: req.id,
          reason: (appError as DatabaseUnavailableError | PeerUnavailableError).reason,
        });
      }
      res.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
    }
    res.status(statusOf(appError.code)).json(errorBody(appError, req.id));
  };
}

export const apiNotFound: RequestHandler = (req) => {
  throw new AppError("NOT_FOUND", `No route for ${req.method} ${req.originalUrl.split("?")[0]}.`);
};
