/**
 * A closing process says goodbye: socket.io's adapter publishes ADAPTER_CLOSE as it closes, so the other
 * processes stop counting on this one at once instead of after its heartbeats time out. The publish is
 * batched, so the server waits for it (`drain`) before it ends the adapter's pool; ending the pool first
 * lost it ("Cannot use a pool after calling end on the pool", seen in the benchmark's server log).
 * Runs only with DATABASE_URL (the embedded database has no adapter).
 */
import http from "node:http";
import pg from "pg";
import { Server } from "socket.io";
import { MessageType } from "socket.io-adapter";
import { createResilientAdapter } from "../../src/platform/pg-listener";
import { createLogger } from "../../src/platform/logger";

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

onPostgres("a closing process's goodbye", () => {
  test("when a process closes and drains its adapter before ending the pool, then the others hear ADAPTER_CLOSE", async () => {
    // The other processes, seen from outside: a plain LISTEN on the root namespace's channel.
    const spy = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await spy.connect();
    const heard: Array<{ type?: number; uid?: string }> = [];
    spy.on("notification", (n) => heard.push(JSON.parse(n.payload ?? "{}") as { type?: number }));
    await spy.query(`LISTEN "socket.io#/"`);
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    try {
      await pool.query(`CREATE TABLE IF NOT EXISTS socket_io_attachments (
        id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`);
      const adapter = createResilientAdapter(pool, {
        connection: { connectionString: process.env.DATABASE_URL },
        logger: createLogger({ level: "error", format: "json", silent: true }),
      });
      const io = new Server(http.createServer(), { adapter: adapter.factory });
      const deadline = Date.now() + 5000;
      while (!adapter.state.listening && Date.now() < deadline) await sleep(50);
      expect(adapter.state.listening).toBe(true);

      // The order of realtime.ts's close: the server (and with it the adapter), the drain, the pool.
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await adapter.drain();
      await pool.end();

      const until = Date.now() + 5000;
      while (!heard.some((m) => m.type === MessageType.ADAPTER_CLOSE) && Date.now() < until) await sleep(50);
      expect(heard.map((m) => m.type)).toContain(MessageType.ADAPTER_CLOSE);
    } finally {
      await spy.end();
      await pool.end().catch(() => undefined);
    }
  });
});
