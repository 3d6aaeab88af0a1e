import { rateLimit, ipKeyGenerator } from "express-rate-limit";
import type { RequestHandler } from "express";
import { AppError } from "../../shared/app-error";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function limiter(limit: number, key: (req: Parameters<RequestHandler>[0]) => string, skipSafe: boolean) {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: key,
    skip: (req) => skipSafe && SAFE_METHODS.has(req.method),
    // express-rate-limit has already set Retry-After; the error handler writes the contract body.
    handler: (_req, _res, next) =>
      next(new AppError("RATE_LIMITED", "Too many requests. Try again shortly.")),
  });
}

const ipKey = (req: Parameters<RequestHandler>[0]) => ipKeyGenerator(req.ip ?? "unknown");

/** Login attempts per client address. */
export function loginRateLimit(perMinute: number): RequestHandler {
  return limiter(perMinute, ipKey, false);
}

/** Writes per authenticated user (mount after authenticate), falling back to the address. */
export function writeRateLimit(perMinute: number): RequestHandler {
  return limiter(perMinute, (req) => (req.principal ? `user:${req.principal.userId}` : ipKey(req)), true);
}
