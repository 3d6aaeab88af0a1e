import request from "supertest";
import { useVisitorServer, visitorSocket } from "./helpers";
import { UPLOAD_MAX_BYTES_DEFAULT } from "@parley/contract";
import { nextEvent, record } from "../support/test-server";
import type { Actor } from "../support/test-context";
import { expectError } from "../tickets/helpers";
import { inOneHour, rawToken } from "../support/tokens";
import { attachmentApi, png, randomFile } from "../attachments/helpers";

/** Issue 18: anonymous website visitors write to support and read the public replies. */

const { srv, api } = useVisitorServer();

type Visitor = { token: string; auth: { Authorization: string } };

async function visitor(body: Record<string, unknown> = {}): Promise<Visitor> {
  const res = await request(srv.app).post("/api/visitor/sessions").send(body);
  expect(res.status).toBe(201);
  expect(Object.keys(res.body)).toEqual(["visitorToken"]);
  const token = res.body.visitorToken as string;
  return { token, auth: { Authorization: `Bearer ${token}` } };
}

const say = (v: { auth: Record<string, string> }, body: string) =>
  request(srv.app).post("/api/visitor/messages").set(v.auth).send({ body });
const read = (v: { auth: Record<string, string> }, query: Record<string, string> = {}) =>
  request(srv.app).get("/api/visitor/messages").query(query).set(v.auth);

/** The visitor's ticket as the admins' queue shows it. */
async function visitorTicketOf(admin: Actor, messageTicketId: string) {
  const res = await api.get(admin, messageTicketId);
  expect(res.status).toBe(200);
  return res.body as { id: string; shopId: string | null; source: string; subject: string };
}

test("when a visitor writes twice, then the first message opens one visitor ticket and both land in it", async () => {
  const v = await visitor({ name: "Ada", email: "ada@example.com", pageUrl: "https://shop.example/pricing" });
  expect((await read(v)).body).toEqual({ items: [] });

  const first = await say(v, "Do you ship to Norway?");
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ body: "Do you ship to Norway?", senderType: "shop", internal: false });
  const second = await say(v, "And to Iceland?");
  expect(second.status).toBe(201);
  expect(second.body.ticketId).toBe(first.body.ticketId);

  const admin = await srv.admin();
  const ticket = await visitorTicketOf(admin, first.body.ticketId as string);
  expect(ticket.source).toBe("visitor");
  // Stored under a reserved pseudo-shop; to clients a visitor's conversation belongs to no shop.
  expect(ticket.shopId).toBeNull();
  expect(ticket.subject).toContain("Ada");

  const items = (await read(v)).body.items as Array<{ body: string }>;
  expect(items.map((m) => m.body)).toEqual(["Do you ship to Norway?", "And to Iceland?"]);
  const after = await read(v, { after: first.body.id as string });
  expect(after.body.items.map((m: { body: string }) => m.body)).toEqual(["And to Iceland?"]);
});

test("when an admin closed the conversation and the visitor writes again, then it reopens and takes the message", async () => {
  const v = await visitor({ name: "Returning" });
  const first = await say(v, "Is my order on its way?");
  expect(first.status).toBe(201);
  const ticketId = first.body.ticketId as string;
  const admin = await srv.admin();
  const closed = await request(srv.app)
    .patch(`/api/tickets/${ticketId}`)
    .set(admin.auth)
    .send({ status: "closed" });
  expect(closed.body.status).toBe("closed");

  const again = await say(v, "It still has not arrived.");
  expect(again.status).toBe(201);
  expect(again.body.ticketId).toBe(ticketId);
  expect((await visitorTicketOf(admin, ticketId)) as { status?: string }).toMatchObject({ status: "open" });
  const items = (await read(v)).body.items as Array<{ body: string }>;
  expect(items.map((m) => m.body)).toEqual(["Is my order on its way?", "It still has not arrived."]);
});

test("when a visitor's first two messages arrive at once, then they still share one conversation", async () => {
  const v = await visitor();
  const [x, y] = await Promise.all([say(v, "one"), say(v, "two")]);
  expect([x.status, y.status]).toEqual([201, 201]);
  expect(x.body.ticketId).toBe(y.body.ticketId);
  expect((await read(v)).body.items).toHaveLength(2);
});

test("when the admin queue is filtered by source=visitor, then only visitor tickets come back, and shops never see them", async () => {
  const v = await visitor();
  const msg = (await say(v, "Is there a free trial?")).body as { ticketId: string };
  const shop = await srv.shopUser();
  const shopTicket = await api.ticket(shop);
  const admin = await srv.admin();

  const visitorsOnly = await api.list(admin, { source: "visitor", limit: 100 });
  expect(visitorsOnly.status).toBe(200);
  const ids = visitorsOnly.body.items.map((t: { id: string }) => t.id);
  expect(ids).toContain(msg.ticketId);
  expect(ids).not.toContain(shopTicket.id);
  expect(visitorsOnly.body.items.every((t: { source: string }) => t.source === "visitor")).toBe(true);

  const shopsOnly = await api.list(admin, { source: "shop", limit: 100 });
  expect(shopsOnly.body.items.map((t: { id: string }) => t.id)).toContain(shopTicket.id);
  expect(shopsOnly.body.items.every((t: { source: string }) => t.source === "shop")).toBe(true);

  const all = await api.list(admin, { limit: 100 });
  expect(all.body.items.map((t: { id: string }) => t.id)).toEqual(
    expect.arrayContaining([msg.ticketId, shopTicket.id]),
  );

  // A shop: not in its list, not by id, not by naming the pseudo-shop.
  expect((await api.list(shop, { limit: 100 })).body.items.map((t: { id: string }) => t.id)).not.toContain(
    msg.ticketId,
  );
  expectError(await api.get(shop, msg.ticketId), 404, "NOT_FOUND");
  expect((await visitorTicketOf(admin, msg.ticketId)).shopId).toBeNull();
  expect((await api.list(shop, { shopId: "visitor:any" })).body.items).toEqual([]);
  expectError(await api.messages(shop, msg.ticketId), 404, "NOT_FOUND");
  expectError(await api.post(shop, msg.ticketId, { body: "hi" }), 404, "NOT_FOUND");

  // The queue's shop filter lists shops, not one pseudo-shop per visitor.
  const shops = await request(srv.app).get("/api/shops").set(admin.auth);
  expect(shops.status).toBe(200);
  const shopIds = (shops.body.items as Array<{ id: string }>).map((s) => s.id);
  expect(shopIds).toContain(shop.shopId);
  expect(shopIds.filter((id) => id.startsWith("visitor:"))).toEqual([]);
});

test("authorization matrix: visitor A vs visitor B vs bad tokens vs user tokens as visitor tokens and back", async () => {
  const a = await visitor({ name: "A" });
  const b = await visitor({ name: "B" });
  const aMsg = (await say(a, "A's secret question")).body as { ticketId: string };
  await say(b, "B's question");

  // B never reads A's conversation: B's reads only ever show B's own messages.
  const bItems = (await read(b)).body.items as Array<{ body: string; ticketId: string }>;
  expect(bItems.map((m) => m.body)).toEqual(["B's question"]);
  expect(bItems.every((m) => m.ticketId !== aMsg.ticketId)).toBe(true);

  // A visitor token is not a user token: the ticket API refuses it, even for the visitor's own ticket.
  expectError(await request(srv.app).get("/api/tickets").set(a.auth), 401, "UNAUTHENTICATED");
  expectError(
    await request(srv.app).get(`/api/tickets/${aMsg.ticketId}`).set(a.auth),
    401,
    "UNAUTHENTICATED",
  );

  // A user token (shop or admin) is not a visitor token.
  const shop = await srv.shopUser();
  const admin = await srv.admin();
  expectError(await read(shop), 401, "UNAUTHENTICATED");
  expectError(await read(admin), 401, "UNAUTHENTICATED");
  expectError(await say(shop, "hello"), 401, "UNAUTHENTICATED");

  // Missing, malformed, foreign-signed, expired, wrong-audience and forged-claim tokens.
  const noAuth = { auth: {} as Record<string, string> };
  expectError(await read(noAuth), 401, "UNAUTHENTICATED");
  const bad = (t: string) => ({ auth: { Authorization: `Bearer ${t}` } });
  expectError(await read(bad("not-a-jwt")), 401, "UNAUTHENTICATED");
  const sub = "6b7c9a52-8f6e-4e43-9d8a-0d5f3a1c2b4e";
  expectError(
    await read(
      bad(rawToken({ sub, aud: "parley-visitor", exp: inOneHour() }, {}, "another-secret-another-secret-xx")),
    ),
    401,
    "UNAUTHENTICATED",
  );
  expectError(
    await read(bad(rawToken({ sub, aud: "parley-visitor", exp: Math.floor(Date.now() / 1000) - 10 }))),
    401,
    "UNAUTHENTICATED",
  );
  expectError(
    await read(bad(rawToken({ sub, aud: "someone-else", exp: inOneHour() }))),
    401,
    "UNAUTHENTICATED",
  );
  // Well signed but naming no session that exists.
  expectError(
    await read(bad(rawToken({ sub, aud: "parley-visitor", exp: inOneHour() }))),
    401,
    "UNAUTHENTICATED",
  );
  // A user token with the visitor audience added is still not accepted as a user token.
  const audUser = rawToken({ sub: "u1", role: "admin", aud: "parley-visitor", exp: inOneHour() });
  expectError(await request(srv.app).get("/api/tickets").set(bad(audUser).auth), 401, "UNAUTHENTICATED");
  // No host may mint a token for the reserved visitor pseudo-shops.
  // The reserved pseudo-shops are named "visitor:<session id>".
  const pseudo = "visitor:00000000-0000-4000-8000-000000000000";
  const forged = rawToken({ sub: "evil", role: "shop", shopId: pseudo, exp: inOneHour() });
  expectError(await request(srv.app).get("/api/tickets").set(bad(forged).auth), 401, "UNAUTHENTICATED");
  const forgedSub = rawToken({ sub: pseudo, role: "shop", shopId: "shop-x", exp: inOneHour() });
  expectError(await request(srv.app).get("/api/tickets").set(bad(forgedSub).auth), 401, "UNAUTHENTICATED");

  // Bad input is 400, never 500.
  expectError(
    await request(srv.app).post("/api/visitor/sessions").send({ email: "nope" }),
    400,
    "VALIDATION_FAILED",
  );
  expectError(
    await request(srv.app).post("/api/visitor/sessions").send({ pageUrl: "javascript:alert(1)" }),
    400,
    "VALIDATION_FAILED",
  );
  expectError(
    await request(srv.app).post("/api/visitor/sessions").send({ extra: 1 }),
    400,
    "VALIDATION_FAILED",
  );
  expectError(await say(a, ""), 400, "VALIDATION_FAILED");
  expectError(await read(a, { after: "x" }), 400, "VALIDATION_FAILED");
});

test("when the admin replies and writes an internal note, then the visitor reads the reply only", async () => {
  const v = await visitor();
  const first = (await say(v, "My invoice is wrong")).body as { id: string; ticketId: string };
  const admin = await srv.admin({ name: "Grace" });
  expect(
    (await api.post(admin, first.ticketId, { body: "Internal: check billing", internal: true })).status,
  ).toBe(201);
  expect((await api.post(admin, first.ticketId, { body: "We fixed it, sorry!" })).status).toBe(201);

  const items = (await read(v)).body.items as Array<{ body: string; internal: boolean; senderType: string }>;
  expect(items.map((m) => m.body)).toEqual(["My invoice is wrong", "We fixed it, sorry!"]);
  expect(items.some((m) => m.internal)).toBe(false);
  expect(items[1]?.senderType).toBe("admin");
  const after = (await read(v, { after: first.id })).body.items as Array<{ body: string }>;
  expect(after.map((m) => m.body)).toEqual(["We fixed it, sorry!"]);
});

test("when the admin replies, then the visitor's socket gets it live, no internal note, and no other visitor's", async () => {
  const a = await visitor();
  const b = await visitor();
  const aFirst = (await say(a, "Hello from A")).body as { ticketId: string };
  const bFirst = (await say(b, "Hello from B")).body as { ticketId: string };
  const aSocket = await visitorSocket(srv, a.token);
  const seen = record(aSocket, "message:created");
  const admin = await srv.admin();

  await api.post(admin, aFirst.ticketId, { body: "note for admins", internal: true });
  await api.post(admin, bFirst.ticketId, { body: "reply to B" });
  const live = nextEvent<{ body: string; ticketId: string }>(
    aSocket,
    "message:created",
    (m) => m.body === "reply to A",
  );
  await api.post(admin, aFirst.ticketId, { body: "reply to A" });
  expect((await live).ticketId).toBe(aFirst.ticketId);
  // Every event before the reply to A (sent last) has arrived by now: none was a note or B's.
  const bodies = seen.map((e) => (e.payload as { body: string }).body);
  expect(bodies).not.toContain("note for admins");
  expect(bodies).not.toContain("reply to B");

  // A visitor socket cannot follow another conversation.
  const ack = (await aSocket.timeout(5000).emitWithAck("ticket:join", { ticketId: bFirst.ticketId })) as {
    ok: boolean;
  };
  expect(ack.ok).toBe(false);
});

test("when a socket presents a bad visitor token or a user token as one, then the handshake is refused", async () => {
  await expect(visitorSocket(srv, "nonsense")).rejects.toThrow("UNAUTHENTICATED");
  const shop = await srv.shopUser();
  await expect(visitorSocket(srv, shop.token)).rejects.toThrow("UNAUTHENTICATED");
  const v = await visitor();
  await expect(srv.connect({ token: v.token })).rejects.toThrow("UNAUTHENTICATED");
});

test("availability: offline without an admin socket, online with one", async () => {
  const before = await request(srv.app).get("/api/visitor/availability");
  expect(before.status).toBe(200);
  expect(before.body).toEqual({
    online: false,
    hoursText: expect.any(String),
    uploadMaxBytes: UPLOAD_MAX_BYTES_DEFAULT,
  });
  const admin = await srv.admin();
  const socket = await srv.connect(admin);
  expect((await request(srv.app).get("/api/visitor/availability")).body.online).toBe(true);
  socket.disconnect();
});

test("when a visitor's first message is sent twice with one clientMessageId (a retry), then it is stored once and the retry replays it", async () => {
  const v = await visitor({ name: "Rita" });
  const send = () =>
    request(srv.app)
      .post("/api/visitor/messages")
      .set(v.auth)
      .send({ body: "Is this thing on?", clientMessageId: "widget-retry-1" });
  const first = await send();
  expect(first.status).toBe(201);
  const again = await send();
  expect(again.status).toBe(200);
  expect(again.body.id).toBe(first.body.id);
  expect(((await read(v)).body.items as unknown[]).length).toBe(1);
});

describe("per-address rate limits", () => {
  const { srv: limited } = useVisitorServer({
    RATE_LIMIT_VISITOR_SESSIONS_PER_MINUTE: "3",
    RATE_LIMIT_VISITOR_MESSAGES_PER_MINUTE: "2",
  });

  test("when an address opens too many sessions or sends too many messages, then it gets 429 RATE_LIMITED", async () => {
    const open = () => request(limited.app).post("/api/visitor/sessions").send({});
    const first = await open();
    expect(first.status).toBe(201);
    const auth = { Authorization: `Bearer ${first.body.visitorToken as string}` };
    const send = () => request(limited.app).post("/api/visitor/messages").set(auth).send({ body: "hi" });
    expect((await send()).status).toBe(201);
    expect((await send()).status).toBe(201);
    expectError(await send(), 429, "RATE_LIMITED");
    // Reading is counted apart, so a polling widget is not locked out by its own writes.
    expect((await request(limited.app).get("/api/visitor/messages").set(auth)).status).toBe(200);

    expect((await open()).status).toBe(201);
    expect((await open()).status).toBe(201);
    expectError(await open(), 429, "RATE_LIMITED");
  });
});

test("when an admin replies to a visitor with a file, then the visitor downloads it with its own token; notes' files and other visitors stay closed", async () => {
  const files = attachmentApi(srv.app);
  const v = await visitor({ name: "Files" });
  const first = await say(v, "Can you send the size guide?");
  const ticketId = first.body.ticketId as string;
  const admin = await srv.admin();
  const guide = await files.uploaded(admin, await png(), "guide.png");
  const secret = await files.uploaded(admin, randomFile(200), "notes.txt");
  const reply = await api.post(admin, ticketId, { body: "Here it is", attachmentIds: [guide.id] });
  expect(reply.status).toBe(201);
  expect(
    (await api.post(admin, ticketId, { body: "internal", internal: true, attachmentIds: [secret.id] }))
      .status,
  ).toBe(201);

  const listed = (await read(v)).body.items.find((m: { id: string }) => m.id === reply.body.id);
  expect(listed.attachments).toEqual([expect.objectContaining({ id: guide.id, url: guide.url })]);
  const asVisitor = { auth: v.auth } as unknown as Actor;
  const got = await files.download(asVisitor, listed.attachments[0].url);
  expect(got.status).toBe(200);
  expect(got.headers["content-type"]).toBe("image/png");
  expect((await files.download(asVisitor, guide.thumbnailUrl!)).status).toBe(200);
  // A signed link for an <img src> or a new tab, as users get.
  const link = await request(srv.app).get(`/api/attachments/${guide.id}/link`).set(v.auth);
  expect(link.status).toBe(200);
  expect((await request(srv.app).get(link.body.url)).status).toBe(200);

  // Not the note's file, not another visitor (a visitor's own uploads: visitor-attachments.test.ts).
  expectError(await files.download(asVisitor, secret.url), 404, "NOT_FOUND");
  const stranger = { auth: (await visitor()).auth } as unknown as Actor;
  expectError(await files.download(stranger, guide.url), 404, "NOT_FOUND");
  // A visitor token stays what it was everywhere else.
  expectError(await request(srv.app).get("/api/tickets").set(v.auth), 401, "UNAUTHENTICATED");
});
