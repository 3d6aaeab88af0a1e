/**
 * Fault test: PostgreSQL restarts under two Parley processes while one of them takes posts and the other
 * holds a shop's socket. NOTIFY is not durable: events the first process publishes before the second
 * listens again never reach it, and a socket that stayed connected had no reason to catch up (a
 * reliability audit lost 7 of 20 messages this way). The second process now closes its clients'
 * transports once listening again; a client that catches up on every reconnect, as the contract says,
 * then has every acknowledged message, each once.
 */
import { io as ioClient, type Socket } from "socket.io-client";
import { randomUUID } from "node:crypto";
import {
  adminUser,
  api,
  Cluster,
  fetchMessagesAfter,
  fileTicket,
  onOwnPostgres,
  report,
  shopUser,
  sleep,
  startParley,
  stopGracefully,
  type MessageDto,
  type ParleyProcess,
} from "./fault-kit";

const MESSAGES = 20;

onOwnPostgres("PostgreSQL restarted under two processes", () => {
  let cluster: Cluster;
  let first: ParleyProcess;
  let second: ParleyProcess;
  let socket: Socket | undefined;

  beforeAll(async () => {
    cluster = await Cluster.start();
    first = startParley({ DATABASE_URL: cluster.url });
    await first.listening;
    second = startParley({ DATABASE_URL: cluster.url });
    await second.listening;
  }, 90_000);

  afterAll(async () => {
    socket?.disconnect();
    for (const p of [first, second]) if (p?.alive()) p.child.kill("SIGKILL");
    cluster?.stop();
  });

  test("when messages are posted on one process as the database comes back, then a client of the other ends with every one, once", async () => {
    const [firstUrl, secondUrl] = [await first.listening, await second.listening];
    const shop = shopUser();
    const admin = adminUser();
    const ticket = await fileTicket(firstUrl, shop);

    // The client: live events, and on every (re)connect a catch-up from its cursor (CONTRACT.md).
    const seen = new Map<string, number>();
    let cursor: string | undefined = (await fetchMessagesAfter(secondUrl, shop, ticket.id)).at(-1)?.id;
    const reasons: string[] = [];
    let catchUps = 0;
    socket = ioClient(`${secondUrl}/support`, {
      auth: { token: shop.token },
      transports: ["websocket"],
      forceNew: true,
    });
    socket.on("message:created", (m: MessageDto) => {
      if (m.ticketId === ticket.id) seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
    });
    socket.on("disconnect", (reason) => reasons.push(reason));
    let connects = 0;
    socket.on("connect", () => {
      connects += 1;
      if (connects === 1) return;
      catchUps += 1;
      void fetchMessagesAfter(secondUrl, shop, ticket.id, cursor).then((missed) => {
        for (const m of missed) if (!seen.has(m.id)) seen.set(m.id, 1);
        cursor = missed.at(-1)?.id ?? cursor;
      });
    });
    await new Promise<void>((resolve) => socket!.once("connect", () => resolve()));

    await cluster.halt();
    await sleep(3000);
    await cluster.resume();
    // Right away, while the second process's listener is still backing off: each retried until acknowledged.
    const acked: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const clientMessageId = randomUUID();
      for (let attempt = 0; attempt < 100; attempt++) {
        const res = await api(firstUrl, admin, "POST", `/api/tickets/${ticket.id}/messages`, {
          body: `after the restart ${i}`,
          clientMessageId,
        }).catch(() => ({ status: 0, body: null }));
        if (res.status === 201 || res.status === 200) {
          acked.push((res.body as MessageDto).id);
          break;
        }
        await sleep(100);
      }
    }
    const until = Date.now() + 20_000;
    while (acked.some((id) => !seen.has(id)) && Date.now() < until) await sleep(100);
    await sleep(500);

    const missing = acked.filter((id) => !seen.has(id)).length;
    const doubled = [...seen.values()].filter((n) => n > 1).length;
    report("PostgreSQL restarted under two processes, 20 posts on the first as it comes back", {
      "acknowledged / missing on the second's client / heard twice": `${acked.length} / ${missing} / ${doubled}`,
      "client disconnects": reasons.join(", ") || 0,
      "catch-ups after reconnects": catchUps,
    });
    expect(acked).toHaveLength(MESSAGES);
    expect(missing).toBe(0);
    expect(doubled).toBe(0);
    // The second process heard the first before the restart, so it asked its client to catch up.
    expect(reasons).toContain("transport close");
    expect(first.alive() && second.alive()).toBe(true);
    socket.disconnect();
    expect(await stopGracefully(first)).toBe(0);
    expect(await stopGracefully(second)).toBe(0);
  }, 120_000);
});
