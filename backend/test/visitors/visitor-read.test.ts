import request from "supertest";
import { nextEvent } from "../support/test-server";
import { expectError } from "../tickets/helpers";
import { useVisitorServer } from "./helpers";

/** A visitor who has seen support's replies: the replies get their readAt, and admins hear it. */

const { srv, api } = useVisitorServer();

async function visitor() {
  const res = await request(srv.app).post("/api/visitor/sessions").send({ name: "Ada" });
  return { Authorization: `Bearer ${res.body.visitorToken as string}` };
}
const markRead = (auth: Record<string, string> | null, body: object = {}) => {
  const req = request(srv.app).post("/api/visitor/read").send(body);
  return auth ? req.set(auth) : req;
};
type Message = { id: string; ticketId: string; senderType: string; readAt: string | null };

test("when a visitor reads support's replies, then they are stamped read up to the one named, and admins hear message:read", async () => {
  const auth = await visitor();
  const first = (
    await request(srv.app).post("/api/visitor/messages").set(auth).send({ body: "Do you ship to Oslo?" })
  ).body as Message;
  const admin = await srv.admin();
  const reply = (await api.post(admin, first.ticketId, { body: "Yes, in three days." })).body as Message;
  const later = (await api.post(admin, first.ticketId, { body: "And for free." })).body as Message;
  const adminSocket = await srv.connect(admin);
  const heard = nextEvent<{ ticketId: string; readerType: string; upToMessageId: string; readAt: string }>(
    adminSocket,
    "message:read",
    (e) => e.ticketId === first.ticketId,
  );

  expect((await markRead(auth, { upToMessageId: reply.id })).status).toBe(204);
  expect(await heard).toEqual({
    ticketId: first.ticketId,
    readerType: "shop",
    upToMessageId: reply.id,
    readAt: expect.any(String),
    // The reader's side still has one reply to read.
    unreadCount: 1,
  });
  const thread = (await api.messages(admin, first.ticketId)).body.items as Message[];
  const readAt = (id: string) => thread.find((m) => m.id === id)?.readAt ?? null;
  expect(readAt(reply.id)).not.toBeNull();
  // The reply that came after the one named is not read yet.
  expect(readAt(later.id)).toBeNull();

  expect((await markRead(auth)).status).toBe(204);
  expect(((await api.messages(admin, first.ticketId)).body.items as Message[]).at(-1)?.readAt).not.toBeNull();
});

test("when a visitor with no conversation yet, another's message, no token or a user token say read, then it is 204 with nothing to read, 400, or 401", async () => {
  const auth = await visitor();
  expect((await markRead(auth)).status).toBe(204);

  const shop = await srv.shopUser();
  const other = await api.ticket(shop);
  const otherMessages = (await api.messages(shop, other.id)).body.items as Message[];
  await request(srv.app).post("/api/visitor/messages").set(auth).send({ body: "Hello?" });
  expectError(await markRead(auth, { upToMessageId: otherMessages[0]!.id }), 400, "VALIDATION_FAILED");
  expectError(await markRead(auth, { upToMessageId: "not-an-id" }), 400, "VALIDATION_FAILED");
  expectError(await markRead(null), 401, "UNAUTHENTICATED");
  expectError(await markRead(shop.auth), 401, "UNAUTHENTICATED");
});
