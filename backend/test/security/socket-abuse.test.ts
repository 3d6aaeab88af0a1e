/**
 * Socket abuse: a per-socket budget for client events (flooders are cut off before any database work
 * and finally disconnected), typing relayed at most once per second per user and ticket whatever the
 * client sends, and a per-user read limit on the API.
 */
import { randomUUID } from "node:crypto";
import request from "supertest";
import type { Socket } from "socket.io-client";
import { createTestServer, type TestServer } from "../support/test-server";
import { createTestContext } from "../support/test-context";
import { fileTicket } from "../realtime/helpers";

type Ack = { ok: boolean; error?: { code: string } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the per-socket event budget", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer({ env: { SOCKET_EVENTS_PER_10S: "100" } });
  });
  afterAll(() => t.close());

  test("when a shop floods 5000 ticket:join with random ids, then at most the budget is looked up, it is disconnected, and another shop is served", async () => {
    const flooder = await t.shopUser();
    const other = await t.shopUser();
    const otherTicket = await fileTicket(t.app, other);
    // Counts, on the server, the client events that got past the budget to the handlers.
    let handled = 0;
    t.server.realtime.support.on("connection", (s) => {
      // A listener of the event itself runs after the socket's middlewares, like the real handler.
      if (s.data.principal.userId === flooder.userId) {
        s.on("ticket:join", () => {
          handled += 1;
        });
      }
    });
    const socket = await t.connect(flooder);
    const acks: Ack[] = [];
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));

    const started = Date.now();
    for (let i = 0; i < 5000; i++) {
      socket.emit("ticket:join", { ticketId: randomUUID() }, (a: Ack) => acks.push(a));
    }
    // Meanwhile the other shop keeps using its queue.
    const latencies: number[] = [];
    const lists = (async () => {
      for (let i = 0; i < 5; i++) {
        const t0 = Date.now();
        const res = await request(t.app).get("/api/tickets").set(other.auth);
        latencies.push(Date.now() - t0);
        expect(res.status).toBe(200);
        expect(res.body.items.map((x: { id: string }) => x.id)).toContain(otherTicket.id);
      }
    })();
    const reason = await disconnected;
    await lists;
    await sleep(200);

    const refused = acks.filter((a) => a.error?.code === "RATE_LIMITED").length;
    console.log(
      `ticket:join flood: 5000 sent, ${handled} handled, ${refused} refused, disconnected after ` +
        `${Date.now() - started} ms (${reason}); the other shop's list took max ${Math.max(...latencies)} ms`,
    );
    expect(reason).toBe("io server disconnect");
    expect(handled).toBeLessThanOrEqual(100);
    expect(handled + refused).toBeLessThan(300);
    expect(refused).toBeGreaterThan(0);
    // The shop is not banned: a new, calm connection works.
    const again = await t.connect(flooder);
    const ack = (await again.timeout(5000).emitWithAck("ticket:join", { ticketId: randomUUID() })) as Ack;
    expect(ack.error?.code).toBe("NOT_FOUND");
  });

  test("when a socket goes a little over its budget, then the excess is answered RATE_LIMITED and it stays connected", async () => {
    const shop = await t.shopUser();
    const ticket = await fileTicket(t.app, shop);
    const socket = await t.connect(shop);
    const acks = await Promise.all(
      Array.from(
        { length: 150 },
        (_, i) =>
          socket
            .timeout(10_000)
            .emitWithAck("typing", { ticketId: ticket.id, isTyping: i % 2 === 0 }) as Promise<Ack>,
      ),
    );
    expect(acks.filter((a) => a.ok)).toHaveLength(100);
    expect(acks.filter((a) => a.error?.code === "RATE_LIMITED")).toHaveLength(50);
    expect(socket.connected).toBe(true);
  });
});

describe("typing", () => {
  let t: TestServer;
  beforeAll(async () => {
    // No budget in the way: this is about the relay throttle itself.
    t = await createTestServer({ env: { SOCKET_EVENTS_PER_10S: "1000000" } });
  });
  afterAll(() => t.close());

  test("when a shop toggles typing 3000 times from two tabs, then the admin hears at most one event per second and the final state", async () => {
    const shop = await t.shopUser();
    const admin = await t.admin();
    const ticket = await fileTicket(t.app, shop);
    const adminSocket = await t.connect(admin);
    expect(
      ((await adminSocket.timeout(5000).emitWithAck("ticket:join", { ticketId: ticket.id })) as Ack).ok,
    ).toBe(true);
    const heard: Array<{ at: number; isTyping: boolean }> = [];
    adminSocket.on("typing", (p: { userId: string; isTyping: boolean }) => {
      if (p.userId === shop.userId) heard.push({ at: Date.now(), isTyping: p.isTyping });
    });
    const tabs: Socket[] = await Promise.all([t.connect(shop), t.connect(shop)]);
    for (const tab of tabs) await tab.timeout(5000).emitWithAck("ticket:join", { ticketId: ticket.id });

    const started = Date.now();
    for (let i = 0; i < 3000; i++) {
      const tab = tabs[i % 2]!;
      const isTyping = i % 2 === 0;
      // The last one is acknowledged: when it returns, the server has handled all of them (in order per tab).
      if (i >= 2998) await tab.timeout(30_000).emitWithAck("typing", { ticketId: ticket.id, isTyping });
      else tab.emit("typing", { ticketId: ticket.id, isTyping });
    }
    const sentFor = Date.now() - started;
    await sleep(2500); // the trailing state goes out when the current interval ends
    const windowS = (Date.now() - started) / 1000;

    console.log(
      `typing: 3000 toggles from 2 tabs, handled in ${sentFor} ms, reached the admin ${heard.length} times ` +
        `within ${windowS.toFixed(1)} s`,
    );
    // The server relays at most once per second per user and ticket, so a window of W seconds holds at
    // most floor(W) + 1 relays. (Receive times are not compared: client and server share this process.)
    expect(heard.length).toBeGreaterThanOrEqual(2);
    expect(heard.length).toBeLessThanOrEqual(Math.floor(windowS) + 1);
    expect(heard[0]!.isTyping).toBe(true);
    expect(heard[heard.length - 1]!.isTyping).toBe(false);
  });
});

test("when a user reads past the per-user read limit, then 429 RATE_LIMITED with Retry-After; writes are counted apart", async () => {
  const ctx = await createTestContext({ RATE_LIMIT_READS_PER_MINUTE: "5" });
  try {
    const shop = await ctx.shopUser();
    const other = await ctx.shopUser();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await request(ctx.app).get("/api/tickets").set(shop.auth)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await request(ctx.app).get("/api/tickets").set(shop.auth);
    expect(limited.body).toEqual({
      error: { code: "RATE_LIMITED", message: expect.any(String), requestId: expect.any(String) },
    });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.headers["cache-control"]).toBe("no-store");
    const write = await request(ctx.app)
      .post("/api/tickets")
      .set(shop.auth)
      .send({ subject: "Still works", message: "Writes have their own limit" });
    expect(write.status).toBe(201);
    // The limit is per user: another user of the same address is not affected.
    expect((await request(ctx.app).get("/api/tickets").set(other.auth)).status).toBe(200);
  } finally {
    await ctx.close();
  }
});
