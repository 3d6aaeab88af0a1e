/**
 * A process that has heard no other for peerGraceMs keeps its broadcasts to its own sockets: the NOTIFY
 * would reach nobody, and the adapter delivers locally only after its round trip (issue 17). Another
 * process that starts is heard (its first heartbeat) and published to from then on. Runs only with
 * DATABASE_URL (the embedded database has no adapter).
 */
import pg from "pg";
import { MessageType } from "socket.io-adapter";
import type { Socket } from "socket.io-client";
import { adapterProcesses } from "./adapter-processes";

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("a process alone keeps its broadcasts local", () => {
  const heartbeatInterval = 200;
  const heartbeatTimeout = 600;
  const peerGraceMs = 800;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const processes = adapterProcesses({ heartbeatInterval, heartbeatTimeout, peerGraceMs });
  const startProcess = processes.start;
  const connect = processes.connect;

  function hear(client: Socket, event: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${event}" reached the socket`)), 5000);
      client.once(event, (value: unknown) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  }

  afterAll(() => processes.stopAll());

  test("when no other process is heard past the grace, then a broadcast reaches the local socket without a NOTIFY, and once another starts, its sockets hear the next one", async () => {
    // What goes over PostgreSQL on the root namespace's channel, seen from outside (not a peer: it only listens).
    const spy = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await spy.connect();
    const heard: Array<{ type?: number; data?: { packet?: { data?: unknown[] } } }> = [];
    spy.on("notification", (n) => heard.push(JSON.parse(n.payload ?? "{}")));
    await spy.query(`LISTEN "socket.io#/"`);
    try {
      const alone = await startProcess();
      const local = await connect(alone.url);
      const deadline = Date.now() + 5000;
      while (!alone.state.listening && Date.now() < deadline) await sleep(50);
      await sleep(peerGraceMs + 300);

      const arrived = hear(local, "tick");
      alone.io.emit("tick", "alone");
      await expect(arrived).resolves.toBe("alone");
      await sleep(300); // a NOTIFY, had one gone out, would be here by now
      expect(heard.filter((m) => m.type === MessageType.BROADCAST)).toEqual([]);
      expect(heard.some((m) => m.type === MessageType.HEARTBEAT)).toBe(true); // still announces itself
      expect(alone.state.keptLocal).toBeGreaterThanOrEqual(1);

      const other = await startProcess();
      const remote = await connect(other.url);
      // Its LISTEN may still be connecting once it serves (its sockets then catch up on their own); the live
      // NOTIFY is what is tested here, so wait until it listens.
      while (!other.state.listening && Date.now() < deadline + 5000) await sleep(50);
      while ((await alone.io.of("/").adapter.serverCount()) < 2 && Date.now() < deadline + 5000)
        await sleep(50);
      expect(await alone.io.of("/").adapter.serverCount()).toBe(2);

      const kept = alone.state.keptLocal;
      const both = Promise.all([hear(local, "tick"), hear(remote, "tick")]);
      alone.io.emit("tick", "two");
      await expect(both).resolves.toEqual(["two", "two"]);
      expect(alone.state.keptLocal).toBe(kept);
      // The spy is a third listener: the remote process hearing the NOTIFY does not mean the spy has yet.
      const published = () =>
        heard.filter((m) => m.type === MessageType.BROADCAST).map((m) => m.data?.packet?.data);
      const until = Date.now() + 5000;
      while (!published().some((d) => d?.[1] === "two") && Date.now() < until) await sleep(50);
      expect(published()).toContainEqual(["tick", "two"]);
    } finally {
      await spy.end();
    }
  }, 30_000);
});
