import { io as ioClient, type Socket } from "socket.io-client";
import { createServer, type ParleyServer } from "../../src/server";
import { createTokenService } from "../../src/platform/auth/token";
import {
  actorFactory,
  openTestDatabase,
  testConfig,
  testLogger,
  TEST_SECRET,
  type Actor,
  type TestContext,
} from "./test-context";

export type TestServer = Omit<TestContext, "app" | "modules"> & {
  server: ParleyServer;
  app: ParleyServer["app"];
  url: string;
  /** A socket.io client on /support, connected (or rejected) before it resolves. */
  connect(
    actor: Actor | { token: string },
    opts?: { transports?: Transport[]; beforeConnect?: (socket: Socket) => void },
  ): Promise<Socket>;
  sockets: Socket[];
};

/** Parley listening on a free loopback port, with real socket.io, on the test database. */
export type Transport = "polling" | "websocket";

/** The socket tests run once per transport: long polling must pass the same tests as WebSocket. */
export const TRANSPORTS: Transport[] = ["websocket", "polling"];

export async function createTestServer(
  opts: { transport?: Transport; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const config = testConfig(opts.env);
  const database = await openTestDatabase();
  const tokens = createTokenService(TEST_SECRET);
  const server = await createServer({ config, database, logger: testLogger(), tokens });
  const url = await server.listen(0, "127.0.0.1");
  const sockets: Socket[] = [];
  const defaultTransport = opts.transport ?? "websocket";
  return {
    server,
    app: server.app,
    url,
    config,
    database,
    tokens,
    sockets,
    ...actorFactory(tokens, server.modules.identity.service.recordIdentity),
    connect: (who, connectOpts = {}) =>
      new Promise((resolve, reject) => {
        const socket = ioClient(`${url}/support`, {
          auth: { token: who.token },
          transports: connectOpts.transports ?? [defaultTransport],
          reconnection: false,
          forceNew: true,
        });
        sockets.push(socket);
        // Listeners for what the server sends at once on connection (it may share the connect's poll).
        connectOpts.beforeConnect?.(socket);
        socket.once("connect", () => resolve(socket));
        socket.once("connect_error", (err) => reject(err));
      }),
    close: async () => {
      // The server says goodbye first: a long-polling client gets the close in its pending poll and
      // stops, instead of erroring later on requests to a closed server (after jest's teardown).
      const gone = sockets
        .filter((s) => s.connected)
        .map((s) => new Promise<void>((resolve) => s.once("disconnect", () => resolve())));
      server.realtime.support.disconnectSockets(true);
      await Promise.race([Promise.all(gone), new Promise((r) => setTimeout(r, 2000))]);
      for (const s of sockets) s.disconnect();
      await server.close(1000);
      await database.close();
    },
  };
}

/** Resolves with the next `event` whose payload passes `match`; rejects after timeoutMs. */
export function nextEvent<T = unknown>(
  socket: Socket,
  event: string,
  match: (payload: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onEvent = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, onEvent);
      resolve(payload);
    };
    socket.on(event, onEvent);
  });
}

/** Records every payload of the given events, to assert later that something never arrived. */
export function record(socket: Socket, ...events: string[]): Array<{ event: string; payload: unknown }> {
  const seen: Array<{ event: string; payload: unknown }> = [];
  for (const event of events) socket.on(event, (payload: unknown) => seen.push({ event, payload }));
  return seen;
}

export function emitWithAck<T = unknown>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<T>;
}
