import request from "supertest";
import { randomUUID } from "node:crypto";
import { expectError, useTicketContext } from "./helpers";

const { ctx, api } = useTicketContext();

describe("POST /api/tickets", () => {
  test("when a shop files a ticket, then 201 with status open, a human number and its first message", async () => {
    const shop = await ctx.shopUser({ name: "Sam" });
    const res = await api.create(shop, {
      subject: "  Refund for order 1042  ",
      message: " The parcel came back. ",
      priority: "high",
      category: "billing",
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        number: expect.any(Number),
        shopId: shop.shopId,
        subject: "Refund for order 1042",
        status: "open",
        priority: "high",
        category: "billing",
        assigneeId: null,
        createdBy: shop.userId,
        firstResponseAt: null,
        resolvedAt: null,
        closedAt: null,
        unreadCount: 0,
      }),
    );
    expect(res.body.createdAt).toBe(res.body.updatedAt);
    expect(res.body.lastMessageAt).toBe(res.body.createdAt);
    expect(res.body.message).toEqual(
      expect.objectContaining({
        ticketId: res.body.id,
        senderType: "shop",
        senderId: shop.userId,
        senderName: "Sam",
        body: "The parcel came back.",
        internal: false,
        attachments: [],
      }),
    );
    expect(Object.keys(res.body).sort()).toEqual(
      [
        "id",
        "number",
        "shopId",
        "subject",
        "status",
        "priority",
        "category",
        "assigneeId",
        "createdBy",
        "createdAt",
        "updatedAt",
        "lastMessageAt",
        "firstResponseAt",
        "resolvedAt",
        "closedAt",
        "unreadCount",
        "sla",
        "context",
        // Issue 18: "shop", or "visitor" for a website visitor's conversation.
        "source",
        "tags",
        "mergedIntoId",
        "message",
      ].sort(),
    );
  });

  test("when a subject holds line breaks or tabs, then it is stored on one line; only breaks is still 400", async () => {
    const shop = await ctx.shopUser();
    const res = await api.create(shop, {
      subject: " Parcel late\r\nBcc: someone@example.com\tplease \u2028 ",
    });
    expect([res.status, res.body.subject]).toEqual([201, "Parcel late Bcc: someone@example.com please"]);
    expectError(await api.create(shop, { subject: "\r\n\t" }), 400, "VALIDATION_FAILED");
  });

  test("when context is null (as a ticket without one reads), then the ticket has none; a malformed one is 400", async () => {
    const shop = await ctx.shopUser();
    const res = await api.create(shop, { context: null });
    expect([res.status, res.body.context]).toEqual([201, null]);
    expectError(await api.create(shop, { context: { type: "order" } }), 400, "VALIDATION_FAILED");
  });

  test("when no priority is given, then it is medium; numbers increase", async () => {
    const shop = await ctx.shopUser();
    const a = await api.ticket(shop);
    const b = await api.ticket(shop);
    expect(a.priority).toBe("medium");
    expect(b.number).toBeGreaterThan(a.number);
  });

  test("when an admin tries to file a ticket, then 403 FORBIDDEN", async () => {
    expectError(await api.create(await ctx.admin()), 403, "FORBIDDEN");
  });

  test("when there is no token, then 401", async () => {
    expectError(await request(ctx.app).post("/api/tickets").send({}), 401, "UNAUTHENTICATED");
    expectError(await request(ctx.app).get("/api/tickets"), 401, "UNAUTHENTICATED");
  });

  test.each([
    ["subject missing", { subject: undefined }, "subject"],
    ["subject blank after trimming", { subject: "   " }, "subject"],
    ["subject of 201 characters", { subject: "x".repeat(201) }, "subject"],
    ["message missing", { message: undefined }, "message"],
    ["message blank", { message: " \n " }, "message"],
    ["message of 10,001 characters", { message: "x".repeat(10_001) }, "message"],
    ["unknown priority", { priority: "critical" }, "priority"],
    ["category not a string", { category: 7 }, "category"],
  ])("when the %s, then 400 VALIDATION_FAILED naming it", async (_name, patch, path) => {
    const res = await api.create(await ctx.shopUser(), patch);
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path, message: expect.any(String) })]),
    );
  });

  test("when the subject is exactly 200 and the message exactly 10,000 characters, then 201", async () => {
    const res = await api.create(await ctx.shopUser(), {
      subject: "s".repeat(200),
      message: "m".repeat(10_000),
    });
    expect(res.status).toBe(201);
  });
});

describe("POST /api/tickets with a clientMessageId", () => {
  test("when the same draft is sent again with its key, then the first ticket comes back with 200 and nothing more is filed", async () => {
    const shop = await ctx.shopUser();
    const key = `draft-${randomUUID()}`;
    const first = await api.create(shop, { subject: "Sent twice", clientMessageId: key });
    expect(first.status).toBe(201);
    expect(first.body.message.clientMessageId).toBe(key);
    const again = await api.create(shop, { subject: "Sent twice", clientMessageId: key });
    expect(again.status).toBe(200);
    expect([again.body.id, again.body.number, again.body.message.id]).toEqual([
      first.body.id,
      first.body.number,
      first.body.message.id,
    ]);
    // Sent twice at once (two tabs, a retry racing the first): still one ticket.
    const racing = `draft-${randomUUID()}`;
    const both = await Promise.all(
      [1, 2].map(() => api.create(shop, { subject: "Raced", clientMessageId: racing })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(new Set(both.map((r) => r.body.id)).size).toBe(1);
    const listed = (await api.list(shop)).body.items as Array<{ subject: string }>;
    expect(listed.map((t) => t.subject).sort()).toEqual(["Raced", "Sent twice"]);
    // The same key with other words is another request (a second tab's ticket), not a repeat: 409, and the
    // first ticket is not passed off as this one.
    const other = await api.create(shop, { subject: "Another ticket", clientMessageId: key });
    expectError(other, 409, "CONFLICT");
    expect(other.body.error.details[0].path).toBe("clientMessageId");
    // The key is the sender's own: another shop's user may use it for a ticket of its own.
    const theirs = await api.create(await ctx.shopUser(), { subject: "Mine", clientMessageId: key });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
  });

  test("when the key was used for a reply, then a new ticket with it is 409 and nothing is filed", async () => {
    const shop = await ctx.shopUser();
    const t = await api.ticket(shop);
    const key = `reply-${randomUUID()}`;
    expect((await api.post(shop, t.id, { body: "A reply", clientMessageId: key })).status).toBe(201);
    const res = await api.create(shop, { subject: "Reused key", clientMessageId: key });
    expectError(res, 409, "CONFLICT");
    expect(res.body.error.details[0].path).toBe("clientMessageId");
    expect((await api.list(shop)).body.items).toHaveLength(1);
  });
});

describe("GET /api/tickets/:id", () => {
  test("when the owner shop or an admin asks, then 200 with the ticket", async () => {
    const shop = await ctx.shopUser();
    const colleague = await ctx.shopUser({ shopId: shop.shopId! });
    const t = await api.ticket(shop);
    for (const who of [shop, colleague, await ctx.admin()]) {
      const res = await api.get(who, t.id);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(t.id);
    }
  });

  test("when the id is unknown or not a uuid, then 404 NOT_FOUND", async () => {
    const admin = await ctx.admin();
    expectError(await api.get(admin, randomUUID()), 404, "NOT_FOUND");
    expectError(await api.get(admin, "not-a-uuid"), 404, "NOT_FOUND");
    expectError(await api.get(admin, "1"), 404, "NOT_FOUND");
  });
});

describe("another shop's ticket is 404 on every endpoint", () => {
  test("when shop B touches shop A's ticket in any way, then 404 and nothing changes", async () => {
    const a = await ctx.shopUser();
    const b = await ctx.shopUser();
    const t = await api.ticket(a);
    const msgId = t.message.id;
    const responses = [
      await api.get(b, t.id),
      await api.patch(b, t.id, { status: "closed" }),
      await api.messages(b, t.id),
      await api.messages(b, t.id, { after: msgId }),
      await api.post(b, t.id, { body: "hello" }),
      await api.read(b, t.id),
      await api.read(b, t.id, { upToMessageId: msgId }),
      await api.events(b, t.id),
    ];
    for (const res of responses) expectError(res, 404, "NOT_FOUND");

    const list = await api.list(b, { shopId: a.shopId! });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const search = await api.list(b, { q: "parcel" });
    expect(search.body.items.map((i: { id: string }) => i.id)).not.toContain(t.id);

    const after = await api.get(a, t.id);
    expect(after.body.status).toBe("open");
    expect((await api.messages(a, t.id)).body.items).toHaveLength(1);
  });

  test("when a shop lists, then it sees only its own shop's tickets", async () => {
    const a = await ctx.shopUser();
    const b = await ctx.shopUser();
    const mine = await api.ticket(a);
    await api.ticket(b);
    const res = await api.list(a, { limit: 100 });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { shopId: string }) => i.shopId)).toEqual(
      res.body.items.map(() => a.shopId),
    );
    expect(res.body.items.map((i: { id: string }) => i.id)).toContain(mine.id);
    const own = await api.list(a, { shopId: a.shopId! });
    expect(own.body.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
  });
});

describe("GET /api/tickets/:id/events", () => {
  test("when a ticket is created and changed, then the timeline lists each change in order", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const t = await api.ticket(shop);
    await api.patch(admin, t.id, { priority: "urgent", assigneeId: admin.userId });
    await api.patch(admin, t.id, { status: "resolved" });
    const res = await api.events(shop, t.id);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: Record<string, unknown>) => [e.type, e.actorId, e.from, e.to])).toEqual([
      ["created", shop.userId, null, "open"],
      // The SLA clock's own entries (test/analytics/sla.test.ts checks their values)
      ["sla_started", null, null, expect.any(String)],
      ["priority", admin.userId, "medium", "urgent"],
      ["assignee", admin.userId, null, admin.userId],
      // A new priority re-targets the clock (the new deadline)
      ["sla_retargeted", null, "urgent", expect.any(String)],
      ["status", admin.userId, "open", "resolved"],
      ["sla_paused", null, null, "resolved"],
    ]);
    expect(res.body.items[0].createdAt).toBe(t.createdAt);
  });

  test("when the timeline is asked without include, then it holds only the contract's kinds (created, status, priority, assignee)", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const t = await api.ticket(shop);
    await request(ctx.app)
      .put(`/api/tickets/${t.id}/tags`)
      .set(admin.auth)
      .send({ tags: ["vip"] });
    await api.patch(admin, t.id, { priority: "urgent", assigneeId: admin.userId });
    await api.patch(admin, t.id, { status: "resolved" });
    for (const as of [shop, admin]) {
      const res = await request(ctx.app).get(`/api/tickets/${t.id}/events`).set(as.auth);
      expect(res.status).toBe(200);
      expect(res.body.items.map((e: Record<string, unknown>) => [e.type, e.from, e.to])).toEqual([
        ["created", null, "open"],
        ["priority", "medium", "urgent"],
        ["assignee", null, admin.userId],
        ["status", "open", "resolved"],
      ]);
    }
    const bad = await request(ctx.app).get(`/api/tickets/${t.id}/events?include=sla`).set(admin.auth);
    expect(bad.status).toBe(400);
  });

  test("when an admin tags a ticket, then the admin's timeline shows it and the owning shop's does not", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const t = await api.ticket(shop);
    const tagged = await request(ctx.app)
      .put(`/api/tickets/${t.id}/tags`)
      .set(admin.auth)
      .send({ tags: ["angry-customer"] });
    expect(tagged.status).toBe(200);
    await api.patch(admin, t.id, { priority: "high" });
    const types = (res: request.Response) => res.body.items.map((e: { type: string }) => e.type);
    const forAdmin = await api.events(admin, t.id);
    expect(forAdmin.body.items).toContainEqual(
      expect.objectContaining({ type: "tags", from: "", to: "angry-customer" }),
    );
    const forShop = await api.events(shop, t.id);
    expect(forShop.status).toBe(200);
    expect(types(forShop)).not.toContain("tags");
    expect(JSON.stringify(forShop.body)).not.toContain("angry-customer");
    // Everything else is the same timeline.
    expect(types(forShop)).toEqual(types(forAdmin).filter((type: string) => type !== "tags"));
  });
});
