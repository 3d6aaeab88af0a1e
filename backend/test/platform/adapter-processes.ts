/**
 * socket.io servers with the PostgreSQL adapter in this test process, each with its own pool and listener,
 * as separate server processes would have (the adapter tests: adapter-alone, adapter-socketless).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { Server } from "socket.io";
import { io as ioClient, type Socket } from "socket.io-client";
import {
  createResilientAdapter,
  type ListenerOptions,
  type ListenerState,
} from "../../src/platform/pg-listener";
import { createLogger } from "../../src/platform/logger";

export type AdapterProcess = { io: Server; url: string; state: ListenerState };

export function adapterProcesses(
  options: Pick<ListenerOptions, "heartbeatInterval" | "heartbeatTimeout" | "peerGraceMs">,
) {
  const pools: pg.Pool[] = [];
  const drains: Array<() => Promise<void>> = [];
  const servers: Server[] = [];
  const clients: Socket[] = [];
  const logger = createLogger({ level: "error", format: "json", silent: true });

  return {
    async start(): Promise<AdapterProcess> {
      const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
      pools.push(pool);
      await pool.query(`CREATE TABLE IF NOT EXISTS socket_io_attachments (
        id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`);
      const adapter = createResilientAdapter(pool, {
        connection: { connectionString: process.env.DATABASE_URL },
        logger,
        ...options,
      });
      drains.push(adapter.drain);
      const httpServer = http.createServer();
      const io = new Server(httpServer, { adapter: adapter.factory });
      servers.push(io);
      await new Promise<void>((r) => httpServer.listen(0, "127.0.0.1", r));
      return {
        io,
        url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
        state: adapter.state,
      };
    },

    /** A WebSocket client of one of them, connected. */
    async connect(url: string): Promise<Socket> {
      const client = ioClient(url, { transports: ["websocket"], forceNew: true, reconnection: false });
      clients.push(client);
      await new Promise<void>((resolve, reject) => {
        client.once("connect", () => resolve());
        client.once("connect_error", reject);
      });
      return client;
    },

    async stopAll(): Promise<void> {
      for (const c of clients) c.disconnect();
      for (const io of servers) await io.close();
      // As realtime.ts closes: the adapters' goodbyes go out before their pools end.
      for (const drain of drains) await drain();
      for (const p of pools) await p.end();
    },
  };
}
