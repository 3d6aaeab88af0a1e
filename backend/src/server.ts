import http from "node:http";
import type { Duplex } from "node:stream";
import { randomUUID } from "node:crypto";
import type { Express } from "express";
import { createRealtime, rooms, type Realtime } from "./platform/realtime";
import { createModules, type CoreDeps, type Modules } from "./modules";
import { createApp } from "./app";
import type { ErrorCode } from "@parley/contract";
import { AppError } from "./shared/app-error";
import { errorBody } from "./platform/http/error-handler";

export type ParleyServer = {
  app: Express;
  httpServer: http.Server;
  realtime: Realtime;
  modules: Modules;
  /** Listens and returns the base URL (port 0 picks a free port). */
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish (up to timeoutMs), disconnects sockets. */
  close(timeoutMs?: number): Promise<void>;
};

/**
 * The contract's error answer for the few requests Node answers before express sees them: the body
 * express's error handler would send (errorBody), and the headers it would set.
 */
function errorAnswer(code: ErrorCode, message: string) {
  const requestId = randomUUID();
  const body = JSON.stringify(errorBody(new AppError(code, message), requestId));
  const headers = {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Request-Id": requestId,
    Connection: "close",
  };
  return { body, headers };
}

/**
 * Requests Node's parser refuses before express sees them (a URL or headers over 16 kB, a malformed
 * request line) still get the contract's error shape.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || (err.code === "ECONNRESET" && !socket.readable)) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? "413 Payload Too Large" : "400 Bad Request";
  const { body, headers } = tooLarge
    ? errorAnswer("PAYLOAD_TOO_LARGE", "The request's URL or headers are too large (limit 16 kB).")
    : errorAnswer("VALIDATION_FAILED", "The HTTP request is malformed.");
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  socket.end(`HTTP/1.1 ${status}\r\n${head}\r\n${body}`);
}

/** An `Expect` other than 100-continue: Node would answer 417 with no body; this gives the contract's. */
function answerUnmetExpectation(req: http.IncomingMessage, res: http.ServerResponse): void {
  const { body, headers } = errorAnswer(
    "VALIDATION_FAILED",
    `The Expect header (${String(req.headers.expect).slice(0, 100)}) is not supported; only 100-continue is.`,
  );
  res.writeHead(417, headers);
  res.end(body);
}

/** The server-side socket.io event a process sends after writing outbox rows its worker does not send. */
const OUTBOX_WRITTEN = "parley:outbox-written";

/** The server-side socket.io event that makes the other processes forget a user (a deactivation). */
const IDENTITY_FORGET = "identity:forget";

/** HTTP and socket.io on one server. main.ts listens on it; socket tests use it on port 0. */
export async function createServer(deps: CoreDeps): Promise<ParleyServer> {
  const modules = createModules(deps);
  const app = createApp({ ...deps, modules });
  // A request without Host (HTTP/1.1 requires it) reaches express, which answers in the contract's shape,
  // instead of Node's bare 400 with no body (a browser socket without Host fails the origin check).
  const httpServer = http.createServer({ requireHostHeader: false }, app);
  httpServer.on("clientError", answerClientError);
  httpServer.on("checkExpectation", answerUnmetExpectation);
  const realtime = await createRealtime({
    httpServer,
    tokens: deps.tokens,
    recordIdentity: (p) => modules.identity.service.recordIdentity(p),
    authenticateVisitor: (token) => modules.visitors.service.principalFor(token),
    logger: deps.logger,
    databaseUrl: deps.config.databaseUrl,
    eventsPerWindow: deps.config.rateLimit.socketEventsPer10s,
    dbTimeouts: deps.config.db,
    metrics: modules.metrics,
    // Several processes behind one port (WEB_CONCURRENCY) and no sticky sessions: a long-polling session's
    // requests would land on processes that do not know it, so only WebSocket is offered (docs/operations.md).
    websocketOnly: deps.config.webConcurrency > 1,
    allowedOrigins: deps.config.embedAllowedOrigins,
    publicUrl: deps.config.notify.publicUrl,
    accountRecheck: {
      intervalMs: deps.config.accountRecheckMs,
      deactivatedAmong: (userIds) => modules.identity.service.deactivatedAmong(userIds),
    },
  });
  modules.support.attachRealtime(realtime.support, realtime.peers);
  modules.analytics.attachRealtime(realtime.support);
  // With WORKER_PROCESS the web process writes outbox rows and the background process sends them: a
  // server-side event (through the PostgreSQL adapter) wakes it, instead of its next poll. The embedded
  // database serves one process: no adapter, no other process to tell.
  const peers = realtime.peers;
  if (peers)
    modules.notifications.attachPeers({
      announce: () => peers.emit(OUTBOX_WRITTEN),
      onAnnounced: (wake) => peers.on(OUTBOX_WRITTEN, wake),
    });
  // Each process remembers the users whose tokens it has seen and skips the users row for them; a
  // deactivation in one process must make the others read it again. Alone (embedded database), the
  // process that deactivates forgets by itself.
  if (peers) {
    const identity = modules.identity.service;
    identity.attachPeers({ tellOthersToForget: (userId) => peers.emit(IDENTITY_FORGET, userId) });
    peers.on(IDENTITY_FORGET, (userId) => {
      if (typeof userId === "string") identity.forget(userId);
    });
    peers.onListeningAgain(() => identity.forgetAll());
  }
  modules.visitors.setAdminsOnline(
    async () => (await realtime.support.in(rooms.admins).fetchSockets()).length > 0,
  );

  return {
    app,
    httpServer,
    realtime,
    modules,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address();
          const actual = typeof address === "object" && address ? address.port : port;
          resolve(`http://${host}:${actual}`);
        });
      }),
    close: async (timeoutMs = 10_000) => {
      modules.analytics.stopChecker();
      await modules.analytics.stopRefresher();
      await modules.notifications.stopWorker();
      modules.support.stopSweeper();
      const force = setTimeout(() => httpServer.closeAllConnections(), timeoutMs);
      force.unref();
      // Stop accepting first; idle keep-alive sockets would otherwise hold close() open.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      // Disconnects every socket.io client (and would close httpServer itself if still open).
      await realtime.close();
      await closed;
      clearTimeout(force);
    },
  };
}
