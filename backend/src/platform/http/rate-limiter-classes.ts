/**
 * The three classes of rate-limiter-flexible the server uses, each required from its own file. The package's
 * index requires all of its limiters (Redis, Mongo, MySQL, DynamoDB, etcd, Prisma, Drizzle, …) for any one of
 * them: in a bare Node process that was 0.5–0.7 MB of heap and 3–4 MB resident more than these three
 * (docs/benchmarks.md, session 46), in a server whose memory goal is met by a megabyte or two. The package has
 * no exports map, so its files are reachable; the types are the package's own.
 */
import type * as Flexible from "rate-limiter-flexible";

/* eslint-disable @typescript-eslint/no-require-imports */
export const RateLimiterMemory =
  require("rate-limiter-flexible/lib/RateLimiterMemory") as typeof Flexible.RateLimiterMemory;
export const RateLimiterPostgres =
  require("rate-limiter-flexible/lib/RateLimiterPostgres") as typeof Flexible.RateLimiterPostgres;
export const RateLimiterRes =
  require("rate-limiter-flexible/lib/RateLimiterRes") as typeof Flexible.RateLimiterRes;
/* eslint-enable @typescript-eslint/no-require-imports */

export type RateLimiterAbstract = Flexible.RateLimiterAbstract;
export type RateLimiterRes = Flexible.RateLimiterRes;
