/**
 * The internal-note side channel: a shop's view of a ticket (its times, status, unread count, timeline),
 * its socket events and its read receipts never change because an admin wrote an internal note.
 */
import request from "supertest";
import { createTestServer, nextEvent, record, type TestServer } from "../support/test-server";
import { fileTicket, postMessage, type MessageDto } from "../realtime/helpers";

let t: TestServer;
beforeAll(async () => {
  t = await createTestServer();
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type ReadReceipt = { ticketId: string; readerType: string; upToMessageId: string | null; readAt: string };
type Heard = Array<{ event: string; payload: unknown }>;

/**
 * What the shop heard about one ticket, as a sorted list of short descriptions. Socket events from
 * different broadcasts may arrive in any order with the PostgreSQL adapter, so tests compare the whole
 * multiset after a pause rather than positions.
 */
function summary(heard: Heard, ticketId: string, name: (id: string | null) => string): string[] {
  return heard
    .filter(
      (e) =>
        (e.payload as { ticketId?: string; id?: string }).ticketId === ticketId ||
        (e.payload as { id?: string }).id === ticketId,
    )
    .map((e) => {
      if (e.event === "message:created") return `created ${name((e.payload as MessageDto).id)}`;
      if (e.event === "message:read") {
        const r = e.payload as ReadReceipt;
        return `read by ${r.readerType} up to ${name(r.upToMessageId)}`;
      }
      return e.event;
    })
    .sort();
}

test("when an admin writes internal notes and reads past them, then the shop's view, events and receipts never show them", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const [shopSocket, adminSocket] = await Promise.all([t.connect(shop), t.connect(admin)]);
  const heard = record(shopSocket, "ticket:updated", "message:read", "message:created");
  const adminReads = record(adminSocket, "message:read");

  const ticket = await fileTicket(t.app, shop);
  const onIt = await postMessage(t.app, admin, ticket.id, "On it");
  const shopMessage = await postMessage(t.app, shop, ticket.id, "Thanks, waiting");

  const view = async () => {
    const ticketRes = await request(t.app).get(`/api/tickets/${ticket.id}`).set(shop.auth);
    const events = await request(t.app).get(`/api/tickets/${ticket.id}/events`).set(shop.auth);
    const messages = await request(t.app).get(`/api/tickets/${ticket.id}/messages`).set(shop.auth);
    return { ticket: ticketRes.body, events: events.body, messages: messages.body };
  };
  const before = await view();
  const adminBefore = (await request(t.app).get(`/api/tickets/${ticket.id}`).set(admin.auth)).body;

  // 1. A note while the shop's message is still unread by the admins.
  const note = await postMessage(t.app, admin, ticket.id, "VIP shop, refund quietly", { internal: true });
  // 2. The admin reads up to the note: the shop may learn its own message was read, nothing more.
  expect(
    (
      await request(t.app)
        .post(`/api/tickets/${ticket.id}/read`)
        .set(admin.auth)
        .send({ upToMessageId: note.id })
    ).status,
  ).toBe(204);
  // 3. A second note, then a read that only moves past it: the shop hears nothing at all.
  const note2 = await postMessage(t.app, admin, ticket.id, "Escalated to finance", { internal: true });
  const adminOnly = nextEvent<ReadReceipt>(adminSocket, "message:read", (r) => r.upToMessageId === note2.id);
  expect((await request(t.app).post(`/api/tickets/${ticket.id}/read`).set(admin.auth).send({})).status).toBe(
    204,
  );
  await adminOnly;

  // Over HTTP the shop sees the same ticket as before (read state of its own message aside).
  const after = await view();
  for (const field of ["updatedAt", "lastMessageAt", "status", "unreadCount", "firstResponseAt"]) {
    expect({ field, value: after.ticket[field] }).toEqual({ field, value: before.ticket[field] });
  }
  expect(after.events).toEqual(before.events);
  expect(after.messages.items.map((m: MessageDto) => m.id)).toEqual(
    before.messages.items.map((m: MessageDto) => m.id),
  );
  const since = await request(t.app)
    .get("/api/tickets")
    .query({ updatedSince: before.ticket.updatedAt })
    .set(shop.auth);
  expect(since.body.items.map((x: { id: string }) => x.id)).not.toContain(ticket.id);
  // The admins' queue order does not move for a note either (it carries the same updatedAt).
  const adminAfter = (await request(t.app).get(`/api/tickets/${ticket.id}`).set(admin.auth)).body;
  expect(adminAfter.updatedAt).toBe(adminBefore.updatedAt);

  // A public reply closes the story; then everything the shop heard is accounted for.
  const arrived = nextEvent<MessageDto>(shopSocket, "message:created", (m) => m.body === "All sorted");
  const reply = await postMessage(t.app, admin, ticket.id, "All sorted");
  expect((await arrived).id).toBe(reply.id);
  await sleep(500);
  const names = new Map<string | null, string>([
    [onIt.id, "on-it"],
    [shopMessage.id, "thanks"],
    [reply.id, "reply"],
    [note.id, "NOTE"],
    [note2.id, "NOTE2"],
  ]);
  const name = (id: string | null) => names.get(id) ?? "first";
  expect(summary(heard, ticket.id, name)).toEqual(
    [
      "created first",
      "created on-it",
      "created thanks",
      "created reply",
      "ticket:updated", // on-it
      "ticket:updated", // thanks
      "ticket:updated", // reply
      "read by admin up to on-it", // posting implies reading the shop's first message
      "read by shop up to thanks", // the shop's post reads "On it"
      "read by admin up to thanks", // the admins' read up to the note, as the shop may see it
    ].sort(),
  );
  expect(JSON.stringify(heard)).not.toContain(note.id);
  expect(JSON.stringify(heard)).not.toContain(note2.id);
  // The admins, who may see notes, got both receipts with the notes' ids.
  expect(adminReads.map((e) => (e.payload as ReadReceipt).upToMessageId)).toEqual(
    expect.arrayContaining([note.id, note2.id]),
  );
});

test("when an admin writes a note while shop messages are unread, then nothing is marked read for the shop to see", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const shopSocket = await t.connect(shop);
  const heard = record(shopSocket, "message:read", "ticket:updated", "message:created");
  const ticket = await fileTicket(t.app, shop);
  await postMessage(t.app, admin, ticket.id, "Checking the courier", { internal: true });
  const messages = await request(t.app).get(`/api/tickets/${ticket.id}/messages`).set(shop.auth);
  expect(messages.body.items.map((m: { readAt: string | null }) => m.readAt)).toEqual([null]);
  expect((await request(t.app).get(`/api/tickets/${ticket.id}`).set(admin.auth)).body.unreadCount).toBe(1);

  const arrived = nextEvent<MessageDto>(shopSocket, "message:created", (m) => m.body === "Public now");
  const reply = await postMessage(t.app, admin, ticket.id, "Public now");
  expect((await arrived).id).toBe(reply.id);
  await sleep(500);
  // Only the ticket's creation and the public reply speak (the reply reads the shop's first message).
  const name = (id: string | null) => (id === reply.id ? "reply" : "first");
  expect(summary(heard, ticket.id, name)).toEqual(
    ["created first", "created reply", "ticket:updated", "read by admin up to reply"].sort(),
  );
});
