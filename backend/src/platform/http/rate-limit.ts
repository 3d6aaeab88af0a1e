import { createHash } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import type { Knex } from "knex";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "./rate-limiter-classes";
import { AppError } from "../../shared/app-error";
import { addressKey } from "./address-key";

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

/**
 * Points taken from a shared counter (PostgreSQL) a block at a time and spent in this process, so a busy
 * user costs one upsert per block rather than one per request: it was one of a message post's five round
 * trips and one of a queue read's two (docs/benchmarks.md). The limit still holds across processes: a
 * block is consumed from the shared counter before any of its points is spent, and near the limit, when a
 * block no longer fits, it is given back and each request takes one point, exactly as without blocks. The
 * price: points a process took and did not spend before the window ends are lost, so with several processes
 * a user may get up to `block - 1` requests fewer per other process, never more.
 */
export class BlockConsumer {
  private readonly held = new Map<string, { left: number; until: number }>();
  /** A block being taken for a key: requests arriving meanwhile wait for it instead of taking their own. */
  private readonly taking = new Map<string, Promise<void>>();
  /** Keys whose block did not fit, until their window ends: single points only, no block tried per request. */
  private readonly singleUntil = new Map<string, number>();
  constructor(
    private readonly shared: RateLimiterAbstract,
    private readonly block: number,
  ) {}

  /** Resolves when a point was spent; rejects with the shared limiter's RateLimiterRes when limited. */
  async consume(key: string): Promise<void> {
    for (;;) {
      const mine = this.held.get(key);
      if (mine && mine.until > Date.now() && mine.left > 0) {
        mine.left -= 1;
        return;
      }
      const inFlight = this.taking.get(key);
      if (!inFlight) break;
      // Without this wait, 32 requests of one user arriving together took 32 blocks, kept one, and were
      // limited long before the limit. A failed take is the taker's error: the waiters try again.
      await inFlight.catch(() => undefined);
    }
    if (this.block > 1 && !((this.singleUntil.get(key) ?? 0) > Date.now())) {
      let fitted = false;
      const taking = this.takeBlock(key).then((ok) => {
        fitted = ok;
      });
      this.taking.set(key, taking);
      try {
        await taking;
      } finally {
        this.taking.delete(key);
      }
      if (fitted) return;
    }
    await this.shared.consume(key, 1);
  }

  /** Takes a block and spends its first point; false when it does not fit (given back). */
  private async takeBlock(key: string): Promise<boolean> {
    const now = Date.now();
    try {
      const taken = await this.shared.consume(key, this.block);
      this.keep(key, this.block - 1, now + taken.msBeforeNext);
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // The block went past the limit: give it back; single points until the window ends.
      await this.shared.reward(key, this.block);
      this.remember(this.singleUntil, key, now + rejection.msBeforeNext);
      return false;
    }
  }

  private keep(key: string, left: number, until: number): void {
    this.remember(this.held, key, { left, until });
  }

  /** Sets a per-key entry, first dropping expired ones when the map grows large (one entry per user). */
  private remember<V extends number | { until: number }>(map: Map<string, V>, key: string, value: V): void {
    if (map.size >= 10_000) {
      const now = Date.now();
      for (const [k, v] of map) if ((typeof v === "number" ? v : v.until) <= now) map.delete(k);
    }
    map.set(key, value);
  }
}

/** Points per block: a twentieth of the limit, so at most 5% of it is held by any one process. */
const blockOf = (limit: number) => Math.max(1, Math.floor(limit / 20));

async function consumeOrReject(
  res: Response,
  l: { consume(key: string): Promise<unknown> },
  key: string,
): Promise<void> {
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
  const shared = counters(store, name, limit, 60);
  // In memory a point costs nothing: blocks only save round trips to a shared counter.
  const l = store.knex ? new BlockConsumer(shared, blockOf(limit)) : shared;
  return async (req, res, next) => {
    if (!applies(req)) return next();
    await consumeOrReject(res, l, key(req));
    next();
  };
}

const ipKey = (req: Request) => addressKey(req.ip ?? "unknown");
/** Keys that name people (an email, an address with the account or item it used) are stored hashed. */
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/**
 * The longest user id a counter's key holds as it is. With PostgreSQL the whole key (namespace, the limit's
 * name and size, then this) is rate_limits.key, a varchar(255), and a host's user id may itself be 255
 * characters: such a key failed its upsert, and the counter went on in this process's memory without a word,
 * so the limit was no longer shared by the processes. A longer id is counted under its SHA-256, behind another
 * prefix than `user:`, so no user id can name another user's counter.
 */
const USER_ID_IN_KEY_MAX = 100;
const userKey = (userId: string) =>
  userId.length <= USER_ID_IN_KEY_MAX ? `user:${userId}` : `user-sha256:${sha256(userId)}`;
const userOrIpKey = (req: Request) => (req.principal ? userKey(req.principal.userId) : ipKey(req));

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

/**
 * Anonymous votes on one item (the route's `:id`) from one client address, per day. An anonymous voter
 * is whoever its browser says (a voterId it makes up), so without this one client could count a vote
 * per made-up id; with it, a client counts at most `perDay` on an item, enough for an office behind one
 * address. Requests with a token are not counted: a user's vote is already one per user.
 */
export function anonymousPerItemDailyLimit(
  perDay: number,
  store: CounterStore = MEMORY_ONLY,
  name = "per-item",
): RequestHandler {
  const daily = counters(store, name, perDay, 86_400);
  return async (req, res, next) => {
    if (req.principal) return next();
    // Item ids are UUIDs, which name the same item in any case: "ABC…" must not be a fresh budget.
    const item = String(req.params.id ?? "").toLowerCase();
    await consumeOrReject(res, daily, sha256(`${item}\u0000${ipKey(req)}`));
    next();
  };
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
 * How long an address that logged into an account is remembered as that account's own. At most 24 days:
 * the in-memory counters expire by setTimeout, which fires at once for a longer delay.
 */
const KNOWN_ADDRESS_S = 20 * 86_400;

/**
 * Login attempts, limited per client address (every attempt) and per account (failed attempts). Each
 * attempt is counted before the password is checked, so parallel guesses cannot slip past the limit, and
 * a refused attempt is refused whatever its password, so a guesser cannot tell a right one.
 *
 * Per account, an address is either a stranger or known (it logged into that account within 20 days).
 * Strangers share one failure budget per account, whatever address they come from, so rotating addresses
 * does not help a guesser. A known address has its own budget: anyone who spends the strangers' budget
 * (ten wrong passwords for the admin's email, from anywhere) does not lock the owner out of the address
 * they use. A successful login clears both budgets.
 */
export function loginRateLimit(opts: LoginLimitOptions): RequestHandler {
  const store: CounterStore = { knex: opts.knex, namespace: opts.namespace };
  const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
    counters(store, keyPrefix, points, duration);
  const byAddress = make("login-ip", opts.perAddressPerMinute, 60);
  const byAccount = make("login-acct", opts.failuresPerAccount, opts.accountWindowS);
  const byKnownAddress = make("login-pair", opts.failuresPerAccount, opts.accountWindowS);
  const known = make("login-known", 1, KNOWN_ADDRESS_S);

  return async (req, res, next) => {
    if (req.method !== "POST") return next();
    await consumeOrReject(res, byAddress, ipKey(req));
    const email = (req.body as { email?: unknown } | undefined)?.email;
    if (typeof email === "string" && email.trim() !== "") {
      const account = sha256(email.trim().toLowerCase());
      const pair = sha256(`${account}\u0000${ipKey(req)}`);
      const isKnown = ((await known.get(pair).catch(() => null))?.consumedPoints ?? 0) > 0;
      await consumeOrReject(res, isKnown ? byKnownAddress : byAccount, isKnown ? pair : account);
      res.on("finish", () => {
        if (res.statusCode !== 200) return;
        void byAccount.delete(account).catch(() => undefined);
        void byKnownAddress.delete(pair).catch(() => undefined);
        void known.set(pair, 1, KNOWN_ADDRESS_S).catch(() => undefined);
      });
    }
    next();
  };
}
