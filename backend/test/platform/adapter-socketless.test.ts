/**
 * The socket.io adapter in a process with no sockets (the background process of WORKER_PROCESS) skips the
 * broadcasts it hears (nobody to hand them to): it still counts their sender as alive, and hands them on
 * as soon as a socket is there. Runs only with DATABASE_URL (the embedded database has no adapter).
 */
import { adapterProcesses } from "./adapter-processes";

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("a process without sockets hearing another's broadcasts", () => {
  // A short heartbeat, so that a peer whose heartbeats went unheard would be dropped within the test.
  const heartbeatInterval = 200;
  const heartbeatTimeout = 600;
  const processes = adapterProcesses({ heartbeatInterval, heartbeatTimeout });
  const startProcess = processes.start;

  afterAll(() => processes.stopAll());

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

      const client = await processes.connect(quiet.url);
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
