import { randomUUID } from "node:crypto";
import { expectError, useTicketContext } from "./helpers";
import type { SupportEvents } from "../../src/domains/support";

const { ctx, api } = useTicketContext();

async function conversation() {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin({ name: "Ada" });
  const t = await api.ticket(shop, { message: "first" });
  return { shop, admin, id: t.id, first: t.message.id };
}
const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((m) => m.id);
const bodies = (res: { body: { items: Array<{ body: string }> } }) => res.body.items.map((m) => m.body);

describe("posting and listing", () => {
  test("when both sides write, then the thread lists oldest first with the message fields", async () => {
    const { shop, admin, id } = await conversation();
    const r1 = await api.post(admin, id, { body: "  hello from support  " });
    expect(r1.status).toBe(201);
    expect(r1.body).toEqual({
      id: expect.any(String),
      ticketId: id,
      senderType: "admin",
      senderId: admin.userId,
      senderName: "Ada",
      body: "hello from support",
      internal: false,
      attachments: [],
      clientMessageId: null,
      createdAt: expect.any(String),
      readAt: null,
    });
    await api.post(shop, id, { body: "thanks" });
    const list = await api.messages(shop, id);
    expect(list.status).toBe(200);
    expect(bodies(list)).toEqual(["first", "hello from support", "thanks"]);
  });

  test("when after=<id> is given, then only newer messages come back; limit caps the page", async () => {
    const { shop, admin, id, first } = await conversation();
    const m2 = (await api.post(admin, id, { body: "two" })).body;
    await api.post(shop, id, { body: "three" });
    expect(bodies(await api.messages(shop, id, { after: first }))).toEqual(["two", "three"]);
    expect(bodies(await api.messages(shop, id, { after: m2.id }))).toEqual(["three"]);
    expect(bodies(await api.messages(shop, id, { limit: 2 }))).toEqual(["first", "two"]);
    const last = (await api.messages(shop, id)).body.items.at(-1).id;
    expect(ids(await api.messages(shop, id, { after: last }))).toEqual([]);
  });

  test("when after names no message of this ticket, then 400 VALIDATION_FAILED", async () => {
    const { shop, id } = await conversation();
    const other = await conversation();
    for (const after of [randomUUID(), other.first, "garbage"]) {
      const res = await api.messages(shop, id, { after });
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details[0].path).toBe("after");
    }
  });

  test.each([
    ["no body", {}, "body"],
    ["a blank body", { body: "   " }, "body"],
    ["a body of 10,001 characters", { body: "x".repeat(10_001) }, "body"],
    ["internal not a boolean", { body: "x", internal: "yes" }, "internal"],
    ["an empty clientMessageId", { body: "x", clientMessageId: "" }, "clientMessageId"],
    [
      "a clientMessageId of 101 characters",
      { body: "x", clientMessageId: "c".repeat(101) },
      "clientMessageId",
    ],
    [
      "a malformed expectedLastMessageId",
      { body: "x", expectedLastMessageId: "nope" },
      "expectedLastMessageId",
    ],
  ])("when a message has %s, then 400 VALIDATION_FAILED", async (_n, body, path) => {
    const { shop, id } = await conversation();
    const res = await api.post(shop, id, body);
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  test("when the messages query is invalid, then 400", async () => {
    const { shop, id } = await conversation();
    expectError(await api.messages(shop, id, { limit: 0 }), 400, "VALIDATION_FAILED");
    expectError(await api.messages(shop, id, { limit: "many" }), 400, "VALIDATION_FAILED");
  });
});

describe("internal notes", () => {
  test("when an admin writes a note, then admins see it and the shop never does", async () => {
    const { shop, admin, id, first } = await conversation();
    const note = await api.post(admin, id, { body: "secret refund code 7781", internal: true });
    expect(note.status).toBe(201);
    expect(note.body.internal).toBe(true);
    expect(bodies(await api.messages(admin, id))).toEqual(["first", "secret refund code 7781"]);
    expect(bodies(await api.messages(shop, id))).toEqual(["first"]);
    expect(bodies(await api.messages(shop, id, { after: first }))).toEqual([]);
    // Its id is no anchor for the shop either.
    expectError(await api.messages(shop, id, { after: note.body.id }), 400, "VALIDATION_FAILED");
    expect((await api.get(shop, id)).body.unreadCount).toBe(0);
    // Nor does it make the ticket findable by the shop; admins find it (issue 15: notes are searchable by admins only).
    expect((await api.list(shop, { q: "7781" })).body.items).toEqual([]);
    const adminHits = (await api.list(admin, { q: "7781", shopId: shop.shopId! })).body.items as Array<{
      id: string;
    }>;
    expect(adminHits.map((t) => t.id)).toEqual([id]);
  });

  test("when a shop sends internal: true, then 403 FORBIDDEN", async () => {
    const { shop, id, admin } = await conversation();
    expectError(await api.post(shop, id, { body: "x", internal: true }), 403, "FORBIDDEN");
    expect((await api.messages(admin, id)).body.items).toHaveLength(1);
  });
});

describe("idempotent posts", () => {
  test("when the same sender repeats a clientMessageId, then 200 with the first message and nothing added", async () => {
    const { shop, admin, id } = await conversation();
    const first = await api.post(shop, id, { body: "once", clientMessageId: "c-1" });
    expect(first.status).toBe(201);
    expect(first.body.clientMessageId).toBe("c-1");
    const again = await api.post(shop, id, { body: "once (retry)", clientMessageId: "c-1" });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(bodies(await api.messages(admin, id))).toEqual(["first", "once"]);
  });

  test("when another sender uses the same clientMessageId, then it is a new message", async () => {
    const { shop, admin, id } = await conversation();
    const colleague = await ctx.shopUser({ shopId: shop.shopId! });
    expect((await api.post(shop, id, { body: "a", clientMessageId: "same" })).status).toBe(201);
    expect((await api.post(colleague, id, { body: "b", clientMessageId: "same" })).status).toBe(201);
    expect((await api.post(admin, id, { body: "c", clientMessageId: "same" })).status).toBe(201);
    expect((await api.messages(admin, id)).body.items).toHaveLength(4);
  });

  test("when the retry arrives after the ticket was closed, then it still returns the first message", async () => {
    const { shop, id } = await conversation();
    const first = await api.post(shop, id, { body: "x", clientMessageId: "late" });
    await api.patch(shop, id, { status: "closed" });
    const again = await api.post(shop, id, { body: "x", clientMessageId: "late" });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  test("when the same clientMessageId is fired concurrently, then exactly one message exists", async () => {
    const { shop, admin, id } = await conversation();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => api.post(shop, id, { body: "dup", clientMessageId: "burst" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(bodies(await api.messages(admin, id))).toEqual(["first", "dup"]);
  });

  test("when a clientMessageId was used on another ticket, then 409 CONFLICT", async () => {
    const { shop, id } = await conversation();
    const other = await api.ticket(shop);
    await api.post(shop, id, { body: "x", clientMessageId: "k" });
    expectError(await api.post(shop, other.id, { body: "x", clientMessageId: "k" }), 409, "CONFLICT");
  });
});

describe("expectedLastMessageId", () => {
  test("when the other side wrote since, then 409 CONFLICT with the newer messages; otherwise 201", async () => {
    const { shop, admin, id, first } = await conversation();
    expect((await api.post(admin, id, { body: "ok", expectedLastMessageId: first })).status).toBe(201);
    const shopReply = (await api.post(shop, id, { body: "newer from shop" })).body;
    const res = await api.post(admin, id, { body: "stale", expectedLastMessageId: first });
    expectError(res, 409, "CONFLICT");
    expect(res.body.error.details[0]).toEqual(
      expect.objectContaining({
        path: "expectedLastMessageId",
        newerMessages: [
          expect.objectContaining({ id: shopReply.id, body: "newer from shop", senderType: "shop" }),
        ],
      }),
    );
    expect(bodies(await api.messages(admin, id))).not.toContain("stale");
    expect((await api.post(admin, id, { body: "fresh", expectedLastMessageId: shopReply.id })).status).toBe(
      201,
    );
  });

  test("when a stale reply is refused, then its newer messages are shown as stored: still unread, as they stay", async () => {
    const { shop, admin, id, first } = await conversation();
    const adminReply = (await api.post(admin, id, { body: "answer" })).body;
    const res = await api.post(shop, id, { body: "stale", expectedLastMessageId: first });
    expectError(res, 409, "CONFLICT");
    expect(res.body.error.details[0].newerMessages).toEqual([
      expect.objectContaining({ id: adminReply.id, readAt: null }),
    ]);
    // The refusal wrote nothing: the answer is still unread by the shop.
    const stored = (await api.messages(shop, id)).body.items.find(
      (m: { id: string }) => m.id === adminReply.id,
    );
    expect(stored.readAt).toBeNull();
    expect((await api.get(shop, id)).body.unreadCount).toBe(1);
  });

  test("when only internal notes or own messages are newer, then no conflict; notes never leak to shops", async () => {
    const { shop, admin, id, first } = await conversation();
    await api.post(admin, id, { body: "private", internal: true });
    await api.post(shop, id, { body: "me again" });
    expect((await api.post(shop, id, { body: "and again", expectedLastMessageId: first })).status).toBe(201);
    await api.post(admin, id, { body: "public answer" });
    const res = await api.post(shop, id, { body: "x", expectedLastMessageId: first });
    expectError(res, 409, "CONFLICT");
    expect(JSON.stringify(res.body)).not.toContain("private");
    expect(res.body.error.details[0].newerMessages.map((m: { body: string }) => m.body)).toEqual([
      "public answer",
    ]);
  });

  test("when expectedLastMessageId is unknown on this ticket, then 400", async () => {
    const { shop, id } = await conversation();
    const res = await api.post(shop, id, { body: "x", expectedLastMessageId: randomUUID() });
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details[0].path).toBe("expectedLastMessageId");
  });
});

describe("unread counts and POST /read", () => {
  test("when the other side writes, then unreadCount grows; reading resets it and stamps readAt", async () => {
    const { shop, admin, id } = await conversation();
    expect((await api.get(admin, id)).body.unreadCount).toBe(1);
    expect((await api.get(shop, id)).body.unreadCount).toBe(0);
    await api.post(admin, id, { body: "a1" });
    await api.post(admin, id, { body: "note", internal: true });
    const a3 = (await api.post(admin, id, { body: "a3" })).body;
    expect((await api.get(shop, id)).body.unreadCount).toBe(2);
    const inList = (await api.list(shop, { shopId: shop.shopId! })).body.items[0];
    expect(inList.unreadCount).toBe(2);

    const read = await api.read(shop, id, {});
    expect(read.status).toBe(204);
    expect((await api.get(shop, id)).body.unreadCount).toBe(0);
    const msgs = (await api.messages(admin, id)).body.items;
    const byBody = Object.fromEntries(
      msgs.map((m: { body: string; readAt: string | null }) => [m.body, m.readAt]),
    );
    expect(byBody.a1).toEqual(expect.any(String));
    expect(byBody.a3).toEqual(expect.any(String));
    expect(byBody.note).toBeNull();
    // Replying counts as reading: the admins' reply stamped the shop's first message.
    expect(byBody.first).toEqual(expect.any(String));
    expect((await api.get(admin, id)).body.unreadCount).toBe(0);
    expect(a3.id).toBeDefined();
  });

  test("when reading up to a message, then later ones stay unread; the pointer never goes back", async () => {
    const { shop, admin, id } = await conversation();
    const m1 = (await api.post(shop, id, { body: "s1" })).body;
    const m2 = (await api.post(shop, id, { body: "s2" })).body;
    expect((await api.get(admin, id)).body.unreadCount).toBe(3);
    expect((await api.read(admin, id, { upToMessageId: m1.id })).status).toBe(204);
    expect((await api.get(admin, id)).body.unreadCount).toBe(1);
    await api.read(admin, id, { upToMessageId: m2.id });
    await api.read(admin, id, { upToMessageId: m1.id });
    expect((await api.get(admin, id)).body.unreadCount).toBe(0);
  });

  test("when upToMessageId is not a message of the ticket, then 400; a shop cannot aim at a note", async () => {
    const { shop, admin, id } = await conversation();
    const note = (await api.post(admin, id, { body: "n", internal: true })).body;
    expectError(await api.read(shop, id, { upToMessageId: note.id }), 400, "VALIDATION_FAILED");
    expectError(await api.read(shop, id, { upToMessageId: randomUUID() }), 400, "VALIDATION_FAILED");
    expectError(await api.read(shop, id, { upToMessageId: 12 }), 400, "VALIDATION_FAILED");
  });

  test("when a ticket is read, then updatedAt does not move", async () => {
    const { admin, id } = await conversation();
    const before = (await api.get(admin, id)).body.updatedAt;
    await api.read(admin, id);
    expect((await api.get(admin, id)).body.updatedAt).toBe(before);
  });
});

describe("events after commit", () => {
  test("when tickets and messages change, then the listener hears it once per change, replays excluded", async () => {
    const calls: Array<[string, unknown[]]> = [];
    const record =
      (name: string) =>
      (...args: unknown[]) =>
        calls.push([name, args]);
    const listener: SupportEvents = {
      ticketCreated: record("ticketCreated"),
      ticketUpdated: record("ticketUpdated"),
      messageCreated: record("messageCreated"),
      messageRead: record("messageRead"),
    };
    ctx.modules.support.setEvents(listener);
    try {
      const shop = await ctx.shopUser();
      const admin = await ctx.admin();
      const t = await api.ticket(shop);
      expect(calls.map((c) => c[0])).toEqual(["ticketCreated", "messageCreated"]);
      expect(calls[0]![1][0]).toEqual(expect.objectContaining({ id: t.id, unread: { shop: 0, admin: 1 } }));

      calls.length = 0;
      await api.post(admin, t.id, { body: "hi", clientMessageId: "e1" });
      expect(calls.map((c) => c[0])).toEqual(["messageCreated", "ticketUpdated", "messageRead"]);
      expect(calls[1]![1][0]).toEqual(
        expect.objectContaining({ status: "in_progress", unread: { shop: 1, admin: 0 } }),
      );

      calls.length = 0;
      expect((await api.post(admin, t.id, { body: "hi", clientMessageId: "e1" })).status).toBe(200);
      expect(calls).toEqual([]);

      await api.post(admin, t.id, { body: "psst", internal: true });
      // A note changes nothing the shop sees: no ticket update, no read receipt.
      expect(calls.map((c) => c[0])).toEqual(["messageCreated"]);
      expect(calls[0]![1][0]).toEqual(expect.objectContaining({ internal: true }));

      calls.length = 0;
      await api.patch(admin, t.id, { priority: "high" });
      expect(calls.map((c) => c[0])).toEqual(["ticketUpdated"]);

      calls.length = 0;
      await api.read(shop, t.id);
      expect(calls).toEqual([
        [
          "messageRead",
          [expect.objectContaining({ ticketId: t.id, shopId: shop.shopId, readerType: "shop" })],
        ],
      ]);

      calls.length = 0;
      await api.patch(admin, t.id, { status: "closed" });
      await api.post(shop, t.id, { body: "refused" });
      expect(calls.map((c) => c[0])).toEqual(["ticketUpdated"]);
    } finally {
      ctx.modules.support.setEvents({
        ticketCreated() {},
        ticketUpdated() {},
        messageCreated() {},
        messageRead() {},
      });
    }
  });

  test("when a listener throws, then the write still succeeds", async () => {
    ctx.modules.support.setEvents({
      ticketCreated() {
        throw new Error("socket down");
      },
      ticketUpdated() {},
      messageCreated() {},
      messageRead() {},
    });
    try {
      expect((await api.create(await ctx.shopUser())).status).toBe(201);
    } finally {
      ctx.modules.support.setEvents({
        ticketCreated() {},
        ticketUpdated() {},
        messageCreated() {},
        messageRead() {},
      });
    }
  });
});

describe("findVisibleTicket (for the socket layer)", () => {
  test("when the principal may see the ticket, then it is returned; otherwise null", async () => {
    const { shop, admin, id } = await conversation();
    const stranger = await ctx.shopUser();
    const svc = ctx.modules.support.service;
    expect((await svc.findVisibleTicket(shop, id))?.id).toBe(id);
    expect((await svc.findVisibleTicket(admin, id))?.id).toBe(id);
    expect(await svc.findVisibleTicket(stranger, id)).toBeNull();
    expect(await svc.findVisibleTicket(admin, randomUUID())).toBeNull();
    expect(await svc.findVisibleTicket(admin, "not-a-uuid")).toBeNull();
  });
});
