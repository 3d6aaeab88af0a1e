import { randomUUID } from "node:crypto";
import { TYPING_RELAY_INTERVAL_MS } from "../../src/domains/support/controller/support.socket";
import { createTestServer, emitWithAck, nextEvent, record, type TestServer } from "../support/test-server";
import { fileTicket } from "./helpers";

/**
 * Presence events sent back to back (the web app opens a ticket and moves on; a client starts and stops
 * typing) take effect in the order they were sent, and a ticket is one ticket however its id is spelled.
 */

let t: TestServer;
beforeAll(async () => {
  t = await createTestServer();
});
afterAll(() => t.close());

type Viewers = { ticketId: string; viewers: Array<{ userId: string; name: string | null }> };
type Typing = { ticketId: string; isTyping: boolean };
type ViewersListAck = { ok: true; tickets: Viewers[] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const viewersOf = async (socket: Parameters<typeof emitWithAck>[0], ticketId: string) =>
  (await emitWithAck<ViewersListAck>(socket, "viewers:list", {})).tickets.find((v) => v.ticketId === ticketId)
    ?.viewers ?? [];

test("when an admin opens tickets and leaves each at once, without waiting for answers, then nobody is left listed as viewing them", async () => {
  const shop = await t.shopUser();
  const [ada, bea] = [await t.admin({ name: "Ada" }), await t.admin({ name: "Bea" })];
  const tickets = [
    await fileTicket(t.app, shop),
    await fileTicket(t.app, shop),
    await fileTicket(t.app, shop),
  ];
  const [adaSocket, beaSocket] = await Promise.all([t.connect(ada), t.connect(bea)]);
  const heard = record(beaSocket, "ticket:viewers");
  // Each ticket is announced twice (opened, left). A broadcast reaches this process's own sockets only
  // after its NOTIFY's round trip, so an ack or a `viewers:list` answer may arrive before it does.
  const announcedTwice = tickets.map((ticket) => {
    let times = 0;
    return nextEvent<Viewers>(beaSocket, "ticket:viewers", (v) => v.ticketId === ticket.id && ++times === 2);
  });

  // j, j, j through the queue: each ticket is opened, then left as the next one opens.
  const acks: Array<Promise<unknown>> = [];
  for (const [i, ticket] of tickets.entries()) {
    if (i > 0)
      acks.push(emitWithAck(adaSocket, "viewing", { ticketId: tickets[i - 1]!.id, isViewing: false }));
    acks.push(emitWithAck(adaSocket, "viewing", { ticketId: ticket.id, isViewing: true }));
  }
  acks.push(emitWithAck(adaSocket, "viewing", { ticketId: tickets.at(-1)!.id, isViewing: false }));
  expect(await Promise.all(acks)).toEqual(acks.map(() => ({ ok: true })));
  await Promise.all(announcedTwice);

  for (const ticket of tickets) {
    expect(await viewersOf(beaSocket, ticket.id)).toEqual([]);
    const last = heard
      .map((h) => h.payload as Viewers)
      .filter((v) => v.ticketId === ticket.id)
      .at(-1);
    expect(last?.viewers).toEqual([]);
  }
});

test("when an admin starts and stops typing back to back on tickets it has not followed yet, then the shop last hears that typing stopped", async () => {
  const admin = await t.admin();
  const adminSocket = await t.connect(admin);
  const shops = await Promise.all(Array.from({ length: 6 }, () => t.shopUser()));
  const runs = await Promise.all(
    shops.map(async (shop) => {
      const ticket = await fileTicket(t.app, shop);
      const shopSocket = await t.connect(shop);
      return { ticket, heard: record(shopSocket, "typing") };
    }),
  );

  await Promise.all(
    runs.flatMap(({ ticket }) => [
      emitWithAck(adminSocket, "typing", { ticketId: ticket.id, isTyping: true }),
      emitWithAck(adminSocket, "typing", { ticketId: ticket.id, isTyping: false }),
    ]),
  );
  // The relay sends at most one state a second per typist and ticket, the latest when the second ends.
  await sleep(TYPING_RELAY_INTERVAL_MS + 500);
  for (const { ticket, heard } of runs) {
    expect(
      heard
        .map((h) => h.payload as Typing)
        .filter((p) => p.ticketId === ticket.id)
        .at(-1),
    ).toEqual(expect.objectContaining({ isTyping: false }));
  }
});

test("when admins name a ticket's id in upper and lower case, then it has one list of viewers and events carry its own id", async () => {
  const shop = await t.shopUser();
  const [ada, bea] = [await t.admin({ name: "Ada" }), await t.admin({ name: "Bea" })];
  const ticket = await fileTicket(t.app, shop);
  const [adaSocket, beaSocket, shopSocket] = await Promise.all([
    t.connect(ada),
    t.connect(bea),
    t.connect(shop),
  ]);

  await emitWithAck(adaSocket, "viewing", { ticketId: ticket.id, isViewing: true });
  await emitWithAck(beaSocket, "viewing", { ticketId: ticket.id.toUpperCase(), isViewing: true });
  const lists = (await emitWithAck<ViewersListAck>(adaSocket, "viewers:list", {})).tickets;
  expect(lists.filter((v) => v.ticketId.toLowerCase() === ticket.id)).toEqual([
    { ticketId: ticket.id, viewers: expect.arrayContaining([expect.objectContaining({ name: "Ada" })]) },
  ]);
  expect(lists.find((v) => v.ticketId === ticket.id)?.viewers).toHaveLength(2);

  const typing = nextEvent<Typing>(shopSocket, "typing");
  await emitWithAck(beaSocket, "typing", { ticketId: ticket.id.toUpperCase(), isTyping: true });
  expect((await typing).ticketId).toBe(ticket.id);
});

test("when an admin leaves a ticket it was not viewing, then it is acknowledged and nothing is announced", async () => {
  const shop = await t.shopUser();
  const [ada, bea] = [await t.admin(), await t.admin()];
  const ticket = await fileTicket(t.app, shop);
  const [adaSocket, beaSocket] = await Promise.all([t.connect(ada), t.connect(bea)]);
  const heard = record(beaSocket, "ticket:viewers");

  const nowhere = randomUUID();
  expect(await emitWithAck(adaSocket, "viewing", { ticketId: nowhere, isViewing: false })).toEqual({
    ok: true,
  });
  // The server sends in order: once this later announcement arrives, an earlier one would have too.
  const later = nextEvent<Viewers>(beaSocket, "ticket:viewers", (v) => v.ticketId === ticket.id);
  await emitWithAck(adaSocket, "viewing", { ticketId: ticket.id, isViewing: true });
  await later;
  expect(heard.map((h) => (h.payload as Viewers).ticketId)).not.toContain(nowhere);
});
