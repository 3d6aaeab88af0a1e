import { createHash } from "node:crypto";
import { rateLimit, ipKeyGenerator } from "express-rate-limit";
import type { Request, RequestHandler, Response } from "express";
import type { Knex } from "knex";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { AppError } from "../../shared/app-error";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const rateLimited = () => new AppError("RATE_LIMITED", "Too many requests. Try again shortly.");

function limiter(
  limit: number,
  key: (req: Request) => string,
  applies: (req: Request) => boolean,
  windowMs = 60_000,
) {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: key,
    skip: (req) => !applies(req),
    // express-rate-limit has already set Retry-After; the error handler writes the contract body.
    handler: (_req, _res, next) => next(rateLimited()),
  });
}

const ipKey = (req: Request) => ipKeyGenerator(req.ip ?? "unknown");
const userOrIpKey = (req: Request) => (req.principal ? `user:${req.principal.userId}` : ipKey(req));

/** Writes per authenticated user (mount after authenticate), falling back to the address. */
export function writeRateLimit(perMinute: number): RequestHandler {
  return limiter(perMinute, userOrIpKey, (req) => !SAFE_METHODS.has(req.method));
}

/** Reads per authenticated user (mount after authenticate): a generous ceiling for scrapers and loops. */
export function readRateLimit(perMinute: number): RequestHandler {
  return limiter(perMinute, userOrIpKey, (req) => SAFE_METHODS.has(req.method));
}

/** Anonymous writes that anyone may send (FAQ votes, deflection events), per client address. */
export function addressRateLimit(perMinute: number): RequestHandler {
  return limiter(perMinute, ipKey, () => true);
}

export type LoginLimitOptions = {
  /** Counters in PostgreSQL (shared by every process) when given; in this process's memory otherwise. */
  knex: Knex | null;
  namespace: string;
  perAddressPerMinute: number;
  failuresPerAccount: number;
  accountWindowS: number;
};

/**
 * Login attempts, limited twice: per client address (every attempt), and per account (failed attempts,
 * whatever address they come from, so rotating addresses does not help a guesser). A successful login
 * clears its account's count. Each attempt is counted before the password is checked, so parallel
 * guesses cannot slip past the limit.
 */
export function loginRateLimit(opts: LoginLimitOptions): RequestHandler {
  // The limit is part of the key prefix: processes (or tests) configured differently never share counters.
  const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    if (!opts.knex) return memory;
    return new RateLimiterPostgres({
      storeClient: opts.knex,
      storeType: "knex",
      tableName: "rate_limits",
      tableCreated: true, // by the migration
      keyPrefix,
      points,
      duration,
      // While the database is unreachable, counting goes on in memory rather than failing open.
      insuranceLimiter: memory,
    });
  };
  const byAddress = make(
    `${opts.namespace}:login-ip-${opts.perAddressPerMinute}`,
    opts.perAddressPerMinute,
    60,
  );
  const byAccount = make(
    `${opts.namespace}:login-acct-${opts.failuresPerAccount}-${opts.accountWindowS}`,
    opts.failuresPerAccount,
    opts.accountWindowS,
  );

  const consume = async (res: Response, l: RateLimiterAbstract, key: string) => {
    try {
      await l.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      res.setHeader("Retry-After", String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
      throw rateLimited();
    }
  };

  return async (req, res, next) => {
    if (req.method !== "POST") return next();
    await consume(res, byAddress, ipKey(req));
    const email = (req.body as { email?: unknown } | undefined)?.email;
    if (typeof email === "string" && email.trim() !== "") {
      // Hashed: the counters table holds no addresses of people.
      const account = createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
      await consume(res, byAccount, account);
      res.on("finish", () => {
        if (res.statusCode === 200) void byAccount.delete(account).catch(() => undefined);
      });
    }
    next();
  };
}
