import { createHash } from "node:crypto";
import { ipKeyGenerator } from "express-rate-limit";
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

/** Where counters live: PostgreSQL (shared by every process on the database) or this process's memory. */
export type CounterStore = { knex: Knex | null; namespace: string };

const MEMORY_ONLY: CounterStore = { knex: null, namespace: "parley" };

function counters(store: CounterStore, keyPrefix: string, points: number, duration: number) {
  // The limit is part of the key prefix: processes (or tests) configured differently never share counters.
  const prefixed = `${store.namespace}:${keyPrefix}-${points}-${duration}`;
  const memory = new RateLimiterMemory({ keyPrefix: prefixed, points, duration });
  if (!store.knex) return memory;
  return new RateLimiterPostgres({
    storeClient: store.knex,
    storeType: "knex",
    tableName: "rate_limits",
    tableCreated: true, // by the migration
    keyPrefix: prefixed,
    points,
    duration,
    // While the database is unreachable, counting goes on in memory rather than failing open.
    insuranceLimiter: memory,
  });
}

async function consumeOrReject(res: Response, l: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await l.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    res.setHeader("Retry-After", String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
    throw rateLimited();
  }
}

function limiter(
  store: CounterStore,
  name: string,
  limit: number,
  key: (req: Request) => string,
  applies: (req: Request) => boolean,
): RequestHandler {
  const l = counters(store, name, limit, 60);
  return async (req, res, next) => {
    if (!applies(req)) return next();
    await consumeOrReject(res, l, key(req));
    next();
  };
}

const ipKey = (req: Request) => ipKeyGenerator(req.ip ?? "unknown");
const userOrIpKey = (req: Request) => (req.principal ? `user:${req.principal.userId}` : ipKey(req));

/** Writes per authenticated user (mount after authenticate), falling back to the address. */
export function writeRateLimit(perMinute: number, store: CounterStore = MEMORY_ONLY): RequestHandler {
  return limiter(store, "writes", perMinute, userOrIpKey, (req) => !SAFE_METHODS.has(req.method));
}

/** Reads per authenticated user (mount after authenticate): a generous ceiling for scrapers and loops. */
export function readRateLimit(perMinute: number, store: CounterStore = MEMORY_ONLY): RequestHandler {
  return limiter(store, "reads", perMinute, userOrIpKey, (req) => SAFE_METHODS.has(req.method));
}

/** Anonymous writes that anyone may send (FAQ votes, deflection events), per client address. */
export function addressRateLimit(
  perMinute: number,
  store: CounterStore = MEMORY_ONLY,
  name = "address",
): RequestHandler {
  return limiter(store, name, perMinute, ipKey, () => true);
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
  const store: CounterStore = { knex: opts.knex, namespace: opts.namespace };
  const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
    counters(store, keyPrefix, points, duration);
  const byAddress = make("login-ip", opts.perAddressPerMinute, 60);
  const byAccount = make("login-acct", opts.failuresPerAccount, opts.accountWindowS);

  const consume = consumeOrReject;

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
