/**
 * message:read carries the reader's side's unread count after the read, so a colleague's partial read
 * (POST /read {upToMessageId} naming an older message) leaves the right badge on everyone's queue, not 0.
 */
import request from "supertest";
import { createTestServer, nextEvent, type TestServer } from "../support/test-server";
import { fileTicket, postMessage, type MessageDto } from "./helpers";

type Receipt = {
  ticketId: string;
  readerType: "shop" | "admin";
  upToMessageId: string | null;
  readAt: string;
  unreadCount: number;
};

let t: TestServer;
beforeAll(async () => {
  t = await createTestServer();
});
afterAll(() => t.close());

const firstMessageOf = async (ticketId: string, who: { auth: Record<string, string> }) =>
  (await request(t.app).get(`/api/tickets/${ticketId}/messages`).set(who.auth)).body.items[0] as MessageDto;

const unreadFor = async (ticketId: string, who: { auth: Record<string, string> }) =>
  (await request(t.app).get(`/api/tickets/${ticketId}`).set(who.auth)).body.unreadCount as number;

test("when an admin reads only up to an older shop message, then colleagues and the shop hear the admins' remaining count, not 0", async () => {
  const shop = await t.shopUser();
  const reader = await t.admin();
  const colleague = await t.admin();
  const ticket = await fileTicket(t.app, shop);
  const first = await firstMessageOf(ticket.id, shop);
  await postMessage(t.app, shop, ticket.id, "Second");
  await postMessage(t.app, shop, ticket.id, "Third");
  const [colleagueSocket, shopSocket] = await Promise.all([t.connect(colleague), t.connect(shop)]);

  const colleagueHears = nextEvent<Receipt>(colleagueSocket, "message:read", (r) => r.ticketId === ticket.id);
  const shopHears = nextEvent<Receipt>(shopSocket, "message:read", (r) => r.ticketId === ticket.id);
  const res = await request(t.app)
    .post(`/api/tickets/${ticket.id}/read`)
    .set(reader.auth)
    .send({ upToMessageId: first.id });
  expect(res.status).toBe(204);

  expect(await colleagueHears).toEqual(
    expect.objectContaining({ readerType: "admin", upToMessageId: first.id, unreadCount: 2 }),
  );
  expect(await shopHears).toEqual(
    expect.objectContaining({ readerType: "admin", upToMessageId: first.id, unreadCount: 2 }),
  );
  // The same number the API gives the colleague's queue.
  expect(await unreadFor(ticket.id, colleague)).toBe(2);

  // Reading the rest empties it, for everyone.
  const rest = nextEvent<Receipt>(colleagueSocket, "message:read", (r) => r.ticketId === ticket.id);
  await request(t.app).post(`/api/tickets/${ticket.id}/read`).set(reader.auth).send({}).expect(204);
  expect((await rest).unreadCount).toBe(0);
});

test("when a shop user reads up to an older reply while an internal note is newer, then the count for the shop's side leaves the note out, in both rooms", async () => {
  const shop = await t.shopUser();
  const sameShop = await t.shopUser({ shopId: shop.shopId! });
  const admin = await t.admin();
  const ticket = await fileTicket(t.app, shop);
  const early = await postMessage(t.app, admin, ticket.id, "Looking into it");
  await postMessage(t.app, admin, ticket.id, "Found it, refund sent");
  const note = await postMessage(t.app, admin, ticket.id, "Refund was 40 EUR, VIP", { internal: true });
  const [shopSocket, adminSocket] = await Promise.all([t.connect(sameShop), t.connect(admin)]);

  const shopHears = nextEvent<Receipt>(shopSocket, "message:read", (r) => r.ticketId === ticket.id);
  const adminHears = nextEvent<Receipt>(adminSocket, "message:read", (r) => r.ticketId === ticket.id);
  await request(t.app)
    .post(`/api/tickets/${ticket.id}/read`)
    .set(shop.auth)
    .send({ upToMessageId: early.id })
    .expect(204);

  const heardByShop = await shopHears;
  expect(heardByShop).toEqual(
    expect.objectContaining({ readerType: "shop", upToMessageId: early.id, unreadCount: 1 }),
  );
  expect((await adminHears).unreadCount).toBe(1);
  expect(JSON.stringify(heardByShop)).not.toContain(note.id);
  expect(await unreadFor(ticket.id, sameShop)).toBe(1);
});

test("when an admin reads up to an internal note with a shop message after it, then the shop's receipt names its public message and the count of what is left", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const ticket = await fileTicket(t.app, shop);
  const first = await firstMessageOf(ticket.id, shop);
  const note = await postMessage(t.app, admin, ticket.id, "Courier says lost", { internal: true });
  await postMessage(t.app, shop, ticket.id, "Any update?");
  const [shopSocket, adminSocket] = await Promise.all([t.connect(shop), t.connect(admin)]);

  const shopHears = nextEvent<Receipt>(shopSocket, "message:read", (r) => r.ticketId === ticket.id);
  const adminHears = nextEvent<Receipt>(adminSocket, "message:read", (r) => r.ticketId === ticket.id);
  await request(t.app)
    .post(`/api/tickets/${ticket.id}/read`)
    .set(admin.auth)
    .send({ upToMessageId: note.id })
    .expect(204);

  const heardByShop = await shopHears;
  expect(heardByShop).toEqual(
    expect.objectContaining({ readerType: "admin", upToMessageId: first.id, unreadCount: 1 }),
  );
  expect(JSON.stringify(heardByShop)).not.toContain(note.id);
  expect(await adminHears).toEqual(expect.objectContaining({ upToMessageId: note.id, unreadCount: 1 }));
});

test("when a reply reads the other side's messages, then its receipt says the writer's side has nothing unread", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const colleague = await t.admin();
  const ticket = await fileTicket(t.app, shop);
  await postMessage(t.app, shop, ticket.id, "Hello again");
  const socket = await t.connect(colleague);
  const heard = nextEvent<Receipt>(socket, "message:read", (r) => r.ticketId === ticket.id);
  const reply = await postMessage(t.app, admin, ticket.id, "On it");
  expect(await heard).toEqual(
    expect.objectContaining({ readerType: "admin", upToMessageId: reply.id, unreadCount: 0 }),
  );
});
