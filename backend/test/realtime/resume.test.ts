/**
 * Lossless resume: a client that drops off and comes back ends with every message exactly once, in order,
 * using the same resume functions the web app uses (@parley/contract's catch-up).
 */
import request from "supertest";
import { createQueueSync, fetchMessagesAfter, mergeMessages } from "@parley/contract";
import { createTestServer, nextEvent, type TestServer, TRANSPORTS } from "../support/test-server";
import type { Actor } from "../support/test-context";
import { fileTicket, postMessage, type MessageDto, type TicketDto } from "./helpers";

describe.each(TRANSPORTS)("over %s", (transport) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer({ transport });
  });
  afterAll(() => t.close());

  const PAGE = 7;
  const fetchAfter = (who: Actor, ticketId: string) => async (afterId: string | null) => {
    const res = await request(t.app)
      .get(`/api/tickets/${ticketId}/messages`)
      .query({ limit: PAGE, ...(afterId ? { after: afterId } : {}) })
      .set(who.auth);
    if (res.status !== 200) throw new Error(`catch-up failed: ${res.status}`);
    return (res.body as { items: MessageDto[] }).items;
  };

  test("when 20 messages are posted while the client is away, then after reconnecting it has all 20 exactly once", async () => {
    const shop = await t.shopUser();
    const admin = await t.admin();
    const ticket = await fileTicket(t.app, shop);
    // What the web app holds for the thread: the messages merged by id, and the last server page's cursor.
    let thread = { messages: [] as MessageDto[], cursor: null as string | null };
    const catchUp = async () => {
      const pages = await fetchMessagesAfter(fetchAfter(admin, ticket.id), thread.cursor, PAGE);
      thread = { messages: mergeMessages(thread.messages, pages.messages), cursor: pages.cursor };
    };
    const follow = (socket: Awaited<ReturnType<TestServer["connect"]>>) =>
      socket.on("message:created", (m: MessageDto) => {
        if (m.ticketId === ticket.id) thread = { ...thread, messages: mergeMessages(thread.messages, [m]) };
      });

    let socket = await t.connect(admin);
    follow(socket);
    await catchUp();
    const live = nextEvent<MessageDto>(socket, "message:created", (m) => m.body === "live before the drop");
    await postMessage(t.app, shop, ticket.id, "live before the drop");
    await live;

    socket.disconnect();
    const missed: string[] = [];
    for (let i = 1; i <= 20; i++) {
      missed.push(`missed ${i}`);
      await postMessage(t.app, shop, ticket.id, `missed ${i}`);
    }

    socket = await t.connect(admin);
    follow(socket);
    // A message that races the catch-up arrives by socket and by fetch: it must still appear once.
    const racing = postMessage(t.app, shop, ticket.id, "racing the catch-up");
    await Promise.all([catchUp(), racing]);
    await catchUp();

    const bodies = thread.messages.map((m) => m.body);
    expect(bodies).toEqual(["Hello, any news?", "live before the drop", ...missed, "racing the catch-up"]);
    expect(new Set(thread.messages.map((m) => m.id)).size).toBe(bodies.length);
  });

  test("when tickets change while the queue is away, then updatedSince brings each back once", async () => {
    const shop = await t.shopUser();
    const admin = await t.admin();
    const before = await fileTicket(t.app, shop, "Seen before the drop");
    const queue = createQueueSync<TicketDto>({
      fetchUpdatedSince: async (since, cursor) => {
        const res = await request(t.app)
          .get("/api/tickets")
          .query({ updatedSince: since, shopId: shop.shopId, limit: 2, ...(cursor ? { cursor } : {}) })
          .set(admin.auth);
        if (res.status !== 200)
          throw new Error(`queue catch-up failed: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body as { items: TicketDto[]; nextCursor: string | null };
      },
    });
    queue.seen([before]);
    await new Promise((r) => setTimeout(r, 5)); // updated_at has millisecond precision

    const created = [];
    for (let i = 0; i < 5; i++) created.push(await fileTicket(t.app, shop, `While away ${i}`));
    await postMessage(t.app, admin, before.id, "A reply bumps the old ticket");

    const changed = await queue.catchUp();
    expect(changed.map((c) => c.id).sort()).toEqual([before.id, ...created.map((c) => c.id)].sort());
  });

  test("when a colleague writes an internal note while an admin is away, then the admin's updatedSince finds the ticket and the shop's does not", async () => {
    const shop = await t.shopUser();
    const away = await t.admin();
    const colleague = await t.admin();
    const ticket = await fileTicket(t.app, shop, "Noted while away");
    await new Promise((r) => setTimeout(r, 5)); // updated_at has millisecond precision
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await postMessage(t.app, colleague, ticket.id, "Checked with finance", { internal: true });
    const changedFor = async (who: Actor) => {
      const res = await request(t.app).get("/api/tickets").query({ updatedSince: since }).set(who.auth);
      expect(res.status).toBe(200);
      return (res.body as { items: TicketDto[] }).items.map((i) => i.id);
    };
    expect(await changedFor(away)).toContain(ticket.id);
    // The shop must not learn that anything happened: a note moves nothing it can see.
    expect(await changedFor(shop)).not.toContain(ticket.id);
  });
});
