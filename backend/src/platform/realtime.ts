import type http from "node:http";
import { Server, type Namespace, type Socket } from "socket.io";
import {
  SUPPORT_NAMESPACE,
  type Ack,
  type ClientToServerEvents,
  type Role,
  type ServerToClientEvents,
} from "@parley/contract";
import jwt from "jsonwebtoken";
import pg from "pg";
import type { DbTimeouts } from "../config/env";
import { pgConnectionSettings } from "./db";
import { asDatabaseUnavailable } from "./db-errors";
import { asPeerTimeout } from "./peer-timeout";
import { throttledLog } from "./log-throttle";
import { createResilientAdapter, type ListenerState } from "./pg-listener";
import { startAccountRecheck } from "./account-recheck";
import type { TokenService } from "./auth/token";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import type { Principal } from "../shared/principal";
import { AppError } from "../shared/app-error";
import { socketOriginAllowed } from "./http/embed";

/**
 * socket.io on the HTTP server: the `/support` namespace, the handshake check of the JWT, and the rooms
 * the server (never the client) puts each socket in. With PostgreSQL, processes share events through
 * @socket.io/postgres-adapter (LISTEN/NOTIFY); the embedded database means one process and no adapter.
 */
export { SUPPORT_NAMESPACE };

export const rooms = {
  admins: "admins",
  shop: (shopId: string) => `shop:${shopId}`,
  /**
   * One user's sockets in one role. The role is part of the name: a host may give the same `sub` to an
   * admin login and a shop login, and the shop's sockets must never hear what is meant for the admin.
   */
  user: (role: Role, userId: string) => `user:${role}:${userId}`,
  ticket: (ticketId: string) => `ticket:${ticketId}`,
};

/** `expiresAt`: the token's `exp` (ms): the socket is closed then, as an HTTP request would be refused. */
export type SocketData = { principal: Principal; expiresAt?: number };
/** The contract's event maps (packages/contract), so a renamed event or field breaks the build, not a user. */
export type SupportSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type SupportNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/**
 * The other server processes, with PostgreSQL (the embedded database serves one): server-side events to
 * and from them through the adapter, and word when one is gone.
 */
export type ClusterPeers = {
  emit(event: string, ...args: unknown[]): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  onPeerGone(listener: () => void): void;
  /** `listener` runs when this process listens again after losing the database: it may have missed events. */
  onListeningAgain(listener: () => void): void;
};

export type Realtime = {
  io: Server;
  support: SupportNamespace;
  /** PostgreSQL only. */
  peers?: ClusterPeers;
  /** The cross-process listener's state (PostgreSQL only). */
  listener?: ListenerState;
  close(): Promise<void>;
};

/** The window of the per-socket budget for client → server events. */
export const SOCKET_BUDGET_WINDOW_MS = 10_000;
/** A socket that sends this many times its budget within one window is disconnected. */
export const SOCKET_FLOOD_FACTOR = 3;

/**
 * A per-socket budget for client → server events (joins, typing, viewing): within each window the first
 * `budget` events are handled, the rest are dropped (answered RATE_LIMITED when the client asked for an
 * ack), and a socket that keeps sending until SOCKET_FLOOD_FACTOR × budget is disconnected. Dropped
 * events never reach a handler, so a flood costs no database work and cannot stall other clients.
 */
export function eventBudget(
  socket: Socket,
  budget: number,
  onFlood: () => void,
  now: () => number = Date.now,
): void {
  let windowStart = now();
  let count = 0;
  socket.use((packet, next) => {
    const t = now();
    if (t - windowStart >= SOCKET_BUDGET_WINDOW_MS) {
      windowStart = t;
      count = 0;
    }
    count += 1;
    if (count <= budget) return next();
    if (count >= budget * SOCKET_FLOOD_FACTOR) {
      if (socket.connected) {
        onFlood();
        socket.disconnect(true);
      }
      return;
    }
    const ack: unknown = packet[packet.length - 1];
    if (typeof ack === "function") {
      (ack as (a: Ack) => void)({
        ok: false,
        error: { code: "RATE_LIMITED", message: "Too many events from this connection. Slow down." },
      });
    }
  });
}

export async function createRealtime(deps: {
  httpServer: http.Server;
  tokens: TokenService;
  recordIdentity: (p: Principal) => Promise<void>;
  /** Who a website visitor's token is: the visitors domain's check of the token and its session (401). */
  authenticateVisitor: (token: string) => Promise<Principal>;
  logger: Logger;
  databaseUrl?: string;
  /** Client → server events per socket per SOCKET_BUDGET_WINDOW_MS. */
  eventsPerWindow: number;
  dbTimeouts?: DbTimeouts;
  metrics?: Metrics;
  /** Offer only WebSocket (several processes without sticky sessions). */
  websocketOnly?: boolean;
  /** EMBED_ALLOWED_ORIGINS: host pages (the widget) that may connect from another origin. */
  allowedOrigins?: readonly string[];
  /** PUBLIC_URL: Parley's own origin, always allowed. */
  publicUrl?: string;
  /**
   * The periodic re-check of the accounts behind this process's signed-in sockets (ACCOUNT_RECHECK_MS):
   * identity's list of the deactivated ones among some user ids (platform/account-recheck.ts).
   */
  accountRecheck: {
    intervalMs: number;
    deactivatedAmong(userIds: readonly string[]): Promise<string[]>;
  };
}): Promise<Realtime> {
  const allowedOrigins = new Set(deps.allowedOrigins ?? []);
  const publicOrigin = deps.publicUrl ? new URL(deps.publicUrl).origin : null;
  const io = new Server(deps.httpServer, {
    serveClient: false,
    // Long polling stays on: clients behind proxies that drop WebSockets still get every event.
    transports: deps.websocketOnly ? ["websocket"] : ["polling", "websocket"],
    maxHttpBufferSize: 100_000,
    // Issue 18: the widget on a host page falls back to long polling (cross-origin HTTP) where WebSocket
    // is blocked, so polling answers CORS for exactly the embedding origins. No credentials: the token
    // travels in the handshake's auth, never in a cookie. Unset, nothing changes.
    ...(allowedOrigins.size > 0
      ? {
          cors: { origin: [...allowedOrigins], methods: ["GET", "POST"], credentials: false },
          allowRequest: (req: http.IncomingMessage, done: (err: string | null, ok: boolean) => void) =>
            socketOriginAllowed(req.headers.origin, req.headers.host, allowedOrigins, publicOrigin)
              ? done(null, true)
              : done("ORIGIN_NOT_ALLOWED", false),
        }
      : {}),
  });

  let pool: pg.Pool | undefined;
  let listener: ListenerState | undefined;
  let drainAdapter: (() => Promise<void>) | undefined;
  let onPeerGone: ClusterPeers["onPeerGone"] | undefined;
  const listeningAgain = new Set<() => void>();
  if (deps.databaseUrl) {
    const connection = pgConnectionSettings(deps.databaseUrl, deps.dbTimeouts);
    // Every broadcast is a NOTIFY; with only 2 connections they queue behind each other and delivery
    // waits (the benchmark measured p99 2.2 s with 2, 0.34 s with 20 at 200 posts/s).
    pool = new pg.Pool({ ...connection, max: 10 });
    // An idle pooled connection that the server closes (restart, pg_terminate_backend) lands here.
    const poolError = throttledLog(deps.logger, "warn", "socket.io adapter pool: connection lost");
    pool.on("error", (err) => poolError({ error: err.message }));
    // Payloads over 8 kB travel through this table instead of NOTIFY.
    await pool.query(`CREATE TABLE IF NOT EXISTS socket_io_attachments (
      id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`);
    // The listening connection must not hold statement or query timeouts: it waits for NOTIFYs forever.
    const { statement_timeout: _s, query_timeout: _q, lock_timeout: _l, ...listenConnection } = connection;
    const adapter = createResilientAdapter(pool, {
      connection: { ...listenConnection, application_name: "parley-listen" },
      logger: deps.logger,
      heartbeatInterval: 2000,
      // Other processes' events published while this one was not listening never reach its clients, and
      // a client that stayed connected has no reason to catch up. Closing each transport (not a server
      // disconnect, which clients do not retry) makes it reconnect and catch up over HTTP, which has
      // everything (CONTRACT.md; docs/realtime.md "After a database outage").
      onListeningAgain: () => {
        // Server-side events from other processes were missed too (server.ts: who must know).
        for (const listener of listeningAgain) listener();
        const local = [...io.of(SUPPORT_NAMESPACE).sockets.values()];
        if (local.length === 0) return;
        deps.logger.info("socket.io adapter: asking this process's clients to reconnect and catch up", {
          clients: local.length,
        });
        for (const socket of local) socket.conn.close();
      },
    });
    listener = adapter.state;
    drainAdapter = adapter.drain;
    onPeerGone = adapter.onPeerGone;
    io.adapter(adapter.factory);
  }

  // Each session keeps its first HTTP request by default (for express-session, which we do not use);
  // dropping it is what the socket.io docs advise to save memory at thousands of sockets.
  io.engine.on("connection", (rawSocket: { request: unknown }) => {
    rawSocket.request = null;
  });

  const support = io.of(SUPPORT_NAMESPACE) as SupportNamespace;
  if (deps.metrics) instrumentNamespace(support, deps.metrics);
  const handshakeUnavailable = throttledLog(
    deps.logger,
    "warn",
    "socket handshake refused: database unavailable",
  );
  // Parley serves only /support. socket.io always opens the main namespace too, where nothing checks a
  // token: an unauthenticated client could keep a connection there that no metric counts.
  io.of("/").use((_socket, next) => next(new Error("NOT_FOUND")));
  // How to check a signed-in user's account again once their socket sits in its rooms (see "connection").
  const accountChecks = new WeakMap<object, () => Promise<void>>();
  support.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown; visitorToken?: unknown } | undefined;
    const token = auth?.token;
    const visitorToken = auth?.visitorToken;
    let identify: () => Promise<Principal>;
    let presented: string;
    try {
      if (typeof visitorToken === "string" && visitorToken !== "" && token === undefined) {
        // A website visitor (issue 18): only its own pseudo-shop's room, i.e. its own conversation. Its
        // session must exist, as on every HTTP route that takes a visitor token (refused below if not).
        presented = visitorToken;
        identify = () => deps.authenticateVisitor(visitorToken);
      } else {
        if (typeof token !== "string" || token === "") throw new Error("no token");
        presented = token;
        const principal = deps.tokens.verify(token);
        identify = () => deps.recordIdentity(principal).then(() => principal);
        accountChecks.set(socket, () => deps.recordIdentity(principal));
      }
    } catch {
      return next(new Error("UNAUTHENTICATED"));
    }
    identify()
      .then((principal) => {
        socket.data.principal = principal;
        socket.data.expiresAt = tokenExpiry(presented);
        next();
      })
      .catch((err: unknown) => {
        // A deactivated account: refused like any other bad token, with the reason for the client to show.
        if (err instanceof AppError && err.code === "UNAUTHENTICATED")
          return next(Object.assign(new Error("UNAUTHENTICATED"), { data: { message: err.message } }));
        if (asDatabaseUnavailable(err)) {
          // The client's own reconnection retries; connected sockets are not affected.
          handshakeUnavailable({ error: (err as Error).message });
          return next(new Error("SERVICE_UNAVAILABLE"));
        }
        deps.logger.error("socket handshake failed", { error: (err as Error).message });
        next(new Error("INTERNAL"));
      });
  });
  support.on("connection", (socket) => {
    const p = socket.data.principal;
    eventBudget(socket, deps.eventsPerWindow, () =>
      deps.logger.warn("socket disconnected for flooding", { userId: p.userId, socketId: socket.id }),
    );
    const joined = socket.join(
      p.role === "admin"
        ? [rooms.admins, rooms.user("admin", p.userId)]
        : [rooms.shop(p.shopId), rooms.user("shop", p.userId)],
    );
    // The handshake read the account before the socket was in its rooms: a deactivation that committed in
    // between disconnected the user's sockets without this one, which then heard every ticket until its
    // token expired. Read once more now that it is in them: this read or the deactivation's disconnect
    // finds it. (A database that is away now leaves the socket as the handshake accepted it.)
    const checkAccount = accountChecks.get(socket);
    if (checkAccount) {
      void Promise.resolve(joined)
        .then(checkAccount)
        .catch((err: unknown) => {
          if (err instanceof AppError && err.code === "UNAUTHENTICATED") socket.disconnect(true);
        });
    }
    closeAtExpiry(socket);
    // An event that no handler takes would leave a client waiting on its ack until its own timeout.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = args[args.length - 1];
      // socket.io's own no-op "error" listener (against a crash) handles no client event.
      const handled = event !== "error" && socket.listeners(String(event) as never).length > 0;
      if (typeof ack !== "function" || handled) return;
      const name = String(event).slice(0, 60);
      (ack as (a: Ack) => void)({
        ok: false,
        error: { code: "NOT_FOUND", message: `No event named "${name}".` },
      });
    });
  });

  // A deactivation's disconnect reaches the other processes as a message, which one may miss: each process
  // also re-reads its signed-in sockets' accounts now and then. Only sockets that signed in with a user
  // token (those with an account check): a visitor has no account to deactivate.
  const recheck = startAccountRecheck({
    intervalMs: deps.accountRecheck.intervalMs,
    signedIn: () => [...support.sockets.values()].filter((socket) => accountChecks.has(socket)),
    deactivatedAmong: (userIds) => deps.accountRecheck.deactivatedAmong(userIds),
    logger: deps.logger,
  });

  // Server-side events go through the adapter; the in-memory one (no other process) has none.
  const peers: ClusterPeers | undefined = onPeerGone && {
    emit: (event, ...args) =>
      (support.serverSideEmit as (e: string, ...a: unknown[]) => void)(event, ...args),
    on: (event, listener) =>
      (support.on as (e: string, l: (...a: unknown[]) => void) => void)(event, listener),
    onPeerGone,
    onListeningAgain: (listener) => void listeningAgain.add(listener),
  };

  return {
    io,
    support,
    peers,
    listener,
    close: async () => {
      await recheck.stop();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      // Closing published the adapter's goodbye to the other processes; it goes out before the pool ends.
      await drainAdapter?.();
      await pool?.end();
    },
  };
}

/** The verified token's `exp` in ms (jwt.verify refuses a token without one). */
function tokenExpiry(token: unknown): number | undefined {
  const exp = typeof token === "string" ? (jwt.decode(token) as { exp?: unknown } | null)?.exp : undefined;
  return typeof exp === "number" ? exp * 1000 : undefined;
}

/** The longest delay setTimeout takes (about 24.8 days); a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A socket lives as long as its token: at `exp` the server closes it, the client's reconnection is
 * refused as UNAUTHENTICATED (the web app then asks to sign in again), and no event reaches a token
 * that an HTTP request could no longer use.
 */
function closeAtExpiry(socket: SupportSocket) {
  const expiresAt = socket.data.expiresAt;
  if (expiresAt === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  const wait = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) return void socket.disconnect(true);
    timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  wait();
  socket.once("disconnect", () => clearTimeout(timer));
}

/**
 * Socket metrics: connected sockets of this process, and each broadcast's time from emit until the
 * adapter has published it (a NOTIFY with PostgreSQL) and written it to this process's sockets.
 */
function instrumentNamespace(nsp: SupportNamespace, metrics: Metrics): void {
  metrics.gauge({
    name: "parley_socket_connections",
    help: "Connected /support sockets in this process",
    collect() {
      this.set(nsp.sockets.size);
    },
  });
  const adapter = nsp.adapter as unknown as {
    broadcast(packet: { data?: unknown[] }, opts: unknown): unknown;
  };
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, opts) => {
    const started = process.hrtime.bigint();
    const event = typeof packet.data?.[0] === "string" ? packet.data[0] : "other";
    const observe = () =>
      metrics.socketEmitDuration.observe({ event }, Number(process.hrtime.bigint() - started) / 1e9);
    const result = broadcast(packet, opts);
    if (result instanceof Promise) void result.then(observe, observe);
    else observe();
    return result;
  };
}

/** Acknowledgement bodies for client → server events, in the HTTP error vocabulary. */
export type { Ack };

export function ackError(err: unknown): Ack {
  if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
  const unavailable = asDatabaseUnavailable(err) ?? asPeerTimeout(err);
  if (unavailable) return { ok: false, error: { code: unavailable.code, message: unavailable.message } };
  return { ok: false, error: { code: "INTERNAL", message: "Something went wrong on our side." } };
}
