/**
 * Scale-out on PostgreSQL: two Parley processes on one database share events through
 * @socket.io/postgres-adapter. Runs only with DATABASE_URL (the embedded database is single-process).
 */
import pg from "pg";
import { io as ioClient, type Socket } from "socket.io-client";
import { createTestServer, nextEvent, type TestServer } from "../support/test-server";
import { TEST_SECRET } from "../support/test-context";
import { spawnParley, stopGracefully, type ParleyProcess } from "../support/parley-process";
import { fileTicket, postMessage, type MessageDto } from "./helpers";

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("two processes on one database", () => {
  let t: TestServer;
  let second: ParleyProcess;
  let secondUrl: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestServer();
    second = spawnParley({
      NODE_ENV: "production",
      DATABASE_URL: process.env.DATABASE_URL,
      JWT_SECRET: TEST_SECRET,
    });
    secondUrl = await second.listening;
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    if (second) await stopGracefully(second);
    await t?.close();
  }, 30_000);

  const connectTo = (url: string, token: string, beforeConnect?: (s: Socket) => void) =>
    new Promise<Socket>((resolve, reject) => {
      const s = ioClient(`${url}/support`, {
        auth: { token },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(s);
      beforeConnect?.(s);
      s.once("connect", () => resolve(s));
      s.once("connect_error", reject);
    });

  test("when a message is posted through the first process, then a client of the second hears it", async () => {
    const shop = await t.shopUser();
    const admin = await t.admin();
    const ticket = await fileTicket(t.app, shop);
    const onSecond = await connectTo(secondUrl, shop.token);
    const heard = nextEvent<MessageDto>(onSecond, "message:created", (m) => m.ticketId === ticket.id, 10_000);
    await postMessage(t.app, admin, ticket.id, "Across processes");
    expect((await heard).body).toBe("Across processes");
  });

  test("when twenty messages are posted at once through the first process, then a client of the second hears every one", async () => {
    // Their NOTIFYs go out in batches (several per statement): none may be lost or merged.
    const shop = await t.shopUser();
    const admin = await t.admin();
    const tickets = await Promise.all([0, 1, 2, 3].map(() => fileTicket(t.app, shop)));
    const onSecond = await connectTo(secondUrl, shop.token);
    const ids = new Set(tickets.map((k) => k.id));
    const heard: string[] = [];
    const all = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`heard ${heard.length} of 20`)), 15_000);
      onSecond.on("message:created", (m: MessageDto) => {
        if (!ids.has(m.ticketId)) return;
        heard.push(m.body);
        if (heard.length === 20) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const bodies = Array.from({ length: 20 }, (_, i) => `Burst ${i}`);
    await Promise.all(bodies.map((b, i) => postMessage(t.app, admin, tickets[i % 4]!.id, b)));
    await all;
    expect(heard.sort()).toEqual([...bodies].sort());
  });

  /**
   * A message of 9,500 characters is over NOTIFY's 8 kB: it travels through socket_io_attachments and the
   * receiving process reads it back first. The short ones posted after it must not overtake it.
   */
  const orderedBodies = () =>
    Array.from({ length: 5 }, (_, i) => (i % 2 === 0 ? `${i}:`.padEnd(9_500, "x") : `${i}:`.padEnd(10, "y")));

  /** Resolves with the first `count` message bodies of `ticketId` the socket hears, in arrival order. */
  const hearBodies = (socket: Socket, ticketId: string, count: number) => {
    const heard: string[] = [];
    return new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`heard ${heard.length} of ${count}`)), 15_000);
      socket.on("message:created", (m: MessageDto) => {
        if (m.ticketId !== ticketId) return;
        heard.push(m.body);
        if (heard.length === count) {
          clearTimeout(timer);
          resolve(heard);
        }
      });
    });
  };

  test("when a shop posts messages of 9,500 and 10 characters in turn through the first process, then an admin on the second hears them in order", async () => {
    const shop = await t.shopUser();
    const admin = await t.admin();
    const ticket = await fileTicket(t.app, shop);
    const onSecond = await connectTo(secondUrl, admin.token);
    const bodies = orderedBodies();
    const heard = hearBodies(onSecond, ticket.id, bodies.length);
    for (const body of bodies) await postMessage(t.app, shop, ticket.id, body);
    expect((await heard).map((b) => b.slice(0, 2))).toEqual(["0:", "1:", "2:", "3:", "4:"]);
    expect(await heard).toEqual(bodies);
  });

  test("when a notification between them cannot be delivered, then the messages after it still arrive, in order", async () => {
    const shop = await t.shopUser();
    const admin = await t.admin();
    const ticket = await fileTicket(t.app, shop);
    const onSecond = await connectTo(secondUrl, admin.token);
    const bodies = orderedBodies();
    const heard = hearBodies(onSecond, ticket.id, bodies.length);
    // A header whose attachment id is not a number: reading it back fails in every receiving process.
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      for (const body of bodies) {
        await postMessage(t.app, shop, ticket.id, body);
        await db.query("SELECT pg_notify($1, $2)", [
          "socket.io#/support",
          JSON.stringify({ uid: "nobody", type: 3, attachmentId: "not-a-number" }),
        ]);
      }
    } finally {
      await db.end();
    }
    expect((await heard).map((b) => b.slice(0, 2))).toEqual(["0:", "1:", "2:", "3:", "4:"]);
  });

  test("when a ticket is filed through the second process, then an admin on the first hears it", async () => {
    const shop = await t.shopUser();
    const admin = await t.admin();
    const onFirst = await t.connect(admin);
    const heard = nextEvent<{ id: string; shopId: string }>(
      onFirst,
      "ticket:created",
      (p) => p.shopId === shop.shopId,
      10_000,
    );
    const res = await fetch(`${secondUrl}/api/tickets`, {
      method: "POST",
      headers: { ...shop.auth, "Content-Type": "application/json" },
      body: JSON.stringify({ subject: "Filed on the second process", message: "Hi" }),
    });
    expect(res.status).toBe(201);
    expect((await heard).shopId).toBe(shop.shopId);
  });

  test("when an admin connects to the second process, then it hears at once who views a ticket through the first", async () => {
    const shop = await t.shopUser();
    const ada = await t.admin({ name: "Ada" });
    const late = await t.admin({ name: "Late" });
    const ticket = await fileTicket(t.app, shop);
    const onFirst = await t.connect(ada);
    await onFirst.timeout(5000).emitWithAck("viewing", { ticketId: ticket.id, isViewing: true });
    type Viewers = { ticketId: string; viewers: Array<{ userId: string; name: string | null }> };
    let heard!: Promise<Viewers>;
    await connectTo(secondUrl, late.token, (s) => {
      heard = nextEvent<Viewers>(s, "ticket:viewers", (v) => v.ticketId === ticket.id, 10_000);
    });
    expect((await heard).viewers).toEqual([{ userId: ada.userId, name: "Ada" }]);
  });

  test("when a process dies with an admin viewing a ticket, then the others announce that nobody views it", async () => {
    // Its sockets never disconnect anywhere: only the adapter's forgetting the process (heartbeats stop,
    // about 10-20 s) can tell the survivors to recount.
    const doomed = spawnParley({
      NODE_ENV: "production",
      DATABASE_URL: process.env.DATABASE_URL,
      JWT_SECRET: TEST_SECRET,
    });
    try {
      const doomedUrl = await doomed.listening;
      const shop = await t.shopUser();
      const ada = await t.admin({ name: "Ada" });
      const watcher = await t.admin({ name: "Watcher" });
      const ticket = await fileTicket(t.app, shop);
      type Viewers = { ticketId: string; viewers: Array<{ userId: string; name: string | null }> };
      const onFirst = await t.connect(watcher);
      const seen = nextEvent<Viewers>(onFirst, "ticket:viewers", (v) => v.ticketId === ticket.id, 10_000);
      const viewer = await connectTo(doomedUrl, ada.token);
      await viewer.timeout(5000).emitWithAck("viewing", { ticketId: ticket.id, isViewing: true });
      expect((await seen).viewers).toEqual([{ userId: ada.userId, name: "Ada" }]);

      const cleared = nextEvent<Viewers>(
        onFirst,
        "ticket:viewers",
        (v) => v.ticketId === ticket.id && v.viewers.length === 0,
        40_000,
      );
      doomed.child.kill("SIGKILL");
      await doomed.exited;
      expect((await cleared).viewers).toEqual([]);
    } finally {
      if (doomed.alive()) doomed.child.kill("SIGKILL");
    }
  }, 90_000);
});
