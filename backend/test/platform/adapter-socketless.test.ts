/**
 * The socket.io adapter in a process with no sockets (the background process of WORKER_PROCESS) skips the
 * broadcasts it hears (nobody to hand them to): it still counts their sender as alive, and hands them on
 * as soon as a socket is there. Runs only with DATABASE_URL (the embedded database has no adapter).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { Server } from "socket.io";
import { io as ioClient, type Socket } from "socket.io-client";
import { createResilientAdapter } from "../../src/platform/pg-listener";
import { createLogger } from "../../src/platform/logger";

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("a process without sockets hearing another's broadcasts", () => {
  const pools: pg.Pool[] = [];
  const servers: Server[] = [];
  const clients: Socket[] = [];
  const logger = createLogger({ level: "error", format: "json", silent: true });
  // A short heartbeat, so that a peer whose heartbeats went unheard would be dropped within the test.
  const heartbeatInterval = 200;
  const heartbeatTimeout = 600;

  async function startProcess(): Promise<{ io: Server; url: string }> {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    pools.push(pool);
    await pool.query(`CREATE TABLE IF NOT EXISTS socket_io_attachments (
      id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`);
    const adapter = createResilientAdapter(pool, {
      connection: { connectionString: process.env.DATABASE_URL },
      logger,
      heartbeatInterval,
      heartbeatTimeout,
    });
    const httpServer = http.createServer();
    const io = new Server(httpServer, { adapter: adapter.factory });
    servers.push(io);
    await new Promise<void>((r) => httpServer.listen(0, "127.0.0.1", r));
    return { io, url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}` };
  }

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    for (const io of servers) await io.close();
    for (const p of pools) await p.end();
  });

  test("when one process only broadcasts, then the one without sockets still counts it, and its first socket hears the next broadcast", async () => {
    const sender = await startProcess();
    const quiet = await startProcess();
    // Each hears the other's first heartbeat.
    const deadline = Date.now() + 5000;
    while ((await quiet.io.of("/").adapter.serverCount()) < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await quiet.io.of("/").adapter.serverCount()).toBe(2);

    // The sender broadcasts, many times per heartbeat interval, to a process that skips its broadcasts.
    const flood = setInterval(() => sender.io.emit("tick", Date.now()), 50);
    try {
      await new Promise((r) => setTimeout(r, heartbeatTimeout * 3));
      expect(await quiet.io.of("/").adapter.serverCount()).toBe(2);

      const client = ioClient(quiet.url, { transports: ["websocket"], forceNew: true, reconnection: false });
      clients.push(client);
      await new Promise<void>((resolve, reject) => {
        client.once("connect", () => resolve());
        client.once("connect_error", reject);
      });
      const heard = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no broadcast reached the new socket")), 5000);
        client.once("tick", (at: number) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
      expect(typeof heard).toBe("number");
    } finally {
      clearInterval(flood);
    }
  }, 20_000);
});
