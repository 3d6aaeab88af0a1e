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

type ReadReceipt = { ticketId: string; readerType: string; upToMessageId: string | null; readAt: string };

test("when an admin writes internal notes and reads past them, then the shop's view, events and receipts never show them", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const ticket = await fileTicket(t.app, shop);
  await postMessage(t.app, admin, ticket.id, "On it");
  const shopMessage = await postMessage(t.app, shop, ticket.id, "Thanks, waiting");

  const [shopSocket, adminSocket] = await Promise.all([t.connect(shop), t.connect(admin)]);
  const heard = record(shopSocket, "ticket:updated", "message:read", "message:created");
  const adminReads = record(adminSocket, "message:read");

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
  const receipt = nextEvent<ReadReceipt>(shopSocket, "message:read");
  const adminReceipt = nextEvent<ReadReceipt>(adminSocket, "message:read");
  expect(
    (
      await request(t.app)
        .post(`/api/tickets/${ticket.id}/read`)
        .set(admin.auth)
        .send({ upToMessageId: note.id })
    ).status,
  ).toBe(204);
  expect((await receipt).upToMessageId).toBe(shopMessage.id);
  expect((await adminReceipt).upToMessageId).toBe(note.id);
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

  // A public reply marks the end: events reach a socket in order, so anything about the notes came first.
  const sentinel = nextEvent<MessageDto>(shopSocket, "message:created", (m) => m.body === "All sorted");
  await postMessage(t.app, admin, ticket.id, "All sorted");
  await sentinel;
  const untilSentinel = heard.slice(
    0,
    heard.findIndex((e) => e.event === "message:created" && (e.payload as MessageDto).body === "All sorted"),
  );
  const noteIds = [note.id, note2.id];
  expect(JSON.stringify(heard)).not.toContain(note.id);
  expect(JSON.stringify(heard)).not.toContain(note2.id);
  expect(untilSentinel.filter((e) => e.event === "ticket:updated")).toEqual([]);
  expect(untilSentinel.filter((e) => e.event === "message:created")).toEqual([]);
  expect(untilSentinel.filter((e) => e.event === "message:read").map((e) => e.payload)).toEqual([
    expect.objectContaining({ readerType: "admin", upToMessageId: shopMessage.id }),
  ]);
  // The admins, who may see notes, got both receipts with the notes' ids.
  expect(adminReads.map((e) => (e.payload as ReadReceipt).upToMessageId)).toEqual(
    expect.arrayContaining(noteIds),
  );
});

test("when an admin writes a note while shop messages are unread, then nothing is marked read for the shop to see", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const ticket = await fileTicket(t.app, shop);
  const shopSocket = await t.connect(shop);
  const heard = record(shopSocket, "message:read", "ticket:updated", "message:created");
  await postMessage(t.app, admin, ticket.id, "Checking the courier", { internal: true });
  const messages = await request(t.app).get(`/api/tickets/${ticket.id}/messages`).set(shop.auth);
  expect(messages.body.items.map((m: { readAt: string | null }) => m.readAt)).toEqual([null]);
  expect((await request(t.app).get(`/api/tickets/${ticket.id}`).set(admin.auth)).body.unreadCount).toBe(1);

  const sentinel = nextEvent<MessageDto>(shopSocket, "message:created", (m) => m.body === "Public now");
  await postMessage(t.app, admin, ticket.id, "Public now");
  await sentinel;
  // The public reply's own events follow its message; before it, the shop heard nothing at all.
  const first = heard.findIndex((e) => e.event === "message:created");
  expect((heard[first]!.payload as MessageDto).body).toBe("Public now");
  expect(heard.slice(0, first)).toEqual([]);
});
