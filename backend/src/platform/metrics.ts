import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { Knex } from "knex";
import client from "prom-client";
import { NotFoundError, UnauthenticatedError } from "../shared/app-error";

/**
 * The process's Prometheus registry (GET /metrics). Platform metrics live here: HTTP latency per route
 * pattern, the database pool and query time, socket connections and broadcast latency, and Node's own
 * (event-loop lag, heap, GC). Domains add theirs through `metrics.registry` or the helpers below, e.g.
 * `metrics.gauge({ name: "parley_outbox_lag_seconds", help: "…", collect() { this.set(…) } })`.
 * Every metric name starts with `parley_` (Node's defaults keep prom-client's `nodejs_`/`process_`).
 */
const MOUNT_PATH = "metricsMountPath";

/**
 * Marks requests that enter a router mounted at `path` (app.use(path, mountedAt(path), …, router)), so the
 * metrics name the route as declared. The last router entered is the one whose route matched: routing
 * stops at a route unless it passes the request on.
 */
export function mountedAt(path: string): RequestHandler {
  return (_req, res, next) => {
    res.locals[MOUNT_PATH] = path;
    next();
  };
}

export type Metrics = {
  registry: client.Registry;
  httpDuration: client.Histogram<"method" | "route" | "status">;
  dbQueryDuration: client.Histogram<"outcome">;
  socketEmitDuration: client.Histogram<"event">;
  counter<L extends string>(cfg: client.CounterConfiguration<L>): client.Counter<L>;
  gauge<L extends string>(cfg: client.GaugeConfiguration<L>): client.Gauge<L>;
  histogram<L extends string>(cfg: client.HistogramConfiguration<L>): client.Histogram<L>;
  /** Records HTTP latency per route pattern (`/api/tickets/:id`), never the raw path. */
  httpMiddleware: RequestHandler;
  /** Query time and pool use of a knex instance. */
  observeKnex(knex: Knex): void;
};

/** Seconds: 0.5 ms … 5 s, fine at the low end where a healthy request lands. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new client.Registry();
  if (opts.defaultMetrics ?? true) {
    // Includes nodejs_eventloop_lag_seconds and the event-loop delay percentiles.
    client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  }
  const counter = <L extends string>(cfg: client.CounterConfiguration<L>) =>
    new client.Counter<L>({ ...cfg, registers: [registry] });
  const gauge = <L extends string>(cfg: client.GaugeConfiguration<L>) =>
    new client.Gauge<L>({ ...cfg, registers: [registry] });
  const histogram = <L extends string>(cfg: client.HistogramConfiguration<L>) =>
    new client.Histogram<L>({ ...cfg, registers: [registry] });

  // Which process a scrape came from (one series per process; several share a port with WEB_CONCURRENCY).
  gauge({
    name: "parley_process_info",
    help: "Always 1; the labels say which server process answered this scrape",
    labelNames: ["pid"] as const,
  }).set({ pid: String(process.pid) }, 1);

  const httpDuration = histogram({
    name: "parley_http_request_duration_seconds",
    help: "HTTP request latency by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: LATENCY_BUCKETS,
  });
  const dbQueryDuration = histogram({
    name: "parley_db_query_duration_seconds",
    help: "Database query time as the server sees it (pool wait excluded), by outcome",
    labelNames: ["outcome"] as const,
    buckets: LATENCY_BUCKETS,
  });
  const socketEmitDuration = histogram({
    name: "parley_socket_broadcast_duration_seconds",
    help: "socket.io broadcast time per event, from emit until the adapter has published and delivered locally",
    labelNames: ["event"] as const,
    buckets: LATENCY_BUCKETS,
  });

  const httpMiddleware: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The matched pattern (bounded cardinality); anything unmatched (404s, static files) is "unmatched".
      // A router's own root (`/` under `/api/tickets`) is written without the slash: `/api/tickets`.
      // The router's mount path is the one app.ts declared (mountedAt), not req.baseUrl: Express has reset
      // that by now when an error left the router, and it is spelled as the client typed it ("/API/faq").
      const matched = req.route as { path?: unknown } | undefined;
      const mount = typeof res.locals[MOUNT_PATH] === "string" ? res.locals[MOUNT_PATH] : "";
      const pattern = matched ? `${mount}${String(matched.path)}` : "unmatched";
      const route = pattern.length > 1 && pattern.endsWith("/") ? pattern.slice(0, -1) : pattern;
      httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
    });
    next();
  };

  const observeKnex = (knex: Knex) => {
    const started = new Map<string, bigint>();
    const done = (outcome: "ok" | "error") => (_r: unknown, q: { __knexQueryUid?: string }) => {
      const uid = q?.__knexQueryUid;
      const t = uid ? started.get(uid) : undefined;
      if (!uid || t === undefined) return;
      started.delete(uid);
      dbQueryDuration.observe({ outcome }, Number(process.hrtime.bigint() - t) / 1e9);
    };
    knex.on("query", (q: { __knexQueryUid?: string }) => {
      if (q.__knexQueryUid) started.set(q.__knexQueryUid, process.hrtime.bigint());
    });
    knex.on("query-response", done("ok"));
    knex.on("query-error", (err: unknown, q: { __knexQueryUid?: string }) => done("error")(err, q));
    type Pool = {
      numUsed(): number;
      numFree(): number;
      numPendingAcquires(): number;
      max: number;
    };
    const pool = () => (knex.client as { pool?: Pool }).pool;
    gauge({
      name: "parley_db_pool_connections",
      help: "Database pool connections by state (used, free, max); pending = requests waiting for one",
      labelNames: ["state"] as const,
      collect() {
        const p = pool();
        if (!p) return;
        this.set({ state: "used" }, p.numUsed());
        this.set({ state: "free" }, p.numFree());
        this.set({ state: "pending" }, p.numPendingAcquires());
        this.set({ state: "max" }, p.max);
      },
    });
  };

  return {
    registry,
    httpDuration,
    dbQueryDuration,
    socketEmitDuration,
    counter,
    gauge,
    histogram,
    httpMiddleware,
    observeKnex,
  };
}

/**
 * GET /metrics: the registry in Prometheus text format for `Authorization: Bearer <token>`; without a
 * configured token the endpoint does not exist (404), so metrics are never public.
 */
export function metricsHandler(metrics: Metrics, token: string | undefined): RequestHandler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  return (req, res, next) => {
    if (!expected) return next(new NotFoundError("Route"));
    const given = Buffer.from(req.get("authorization") ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return next(new UnauthenticatedError("GET /metrics needs the METRICS_TOKEN bearer token."));
    }
    metrics.registry
      .metrics()
      .then((body) => {
        res.setHeader("Content-Type", metrics.registry.contentType);
        res.setHeader("Cache-Control", "no-store");
        res.send(body);
      })
      .catch(next);
  };
}
