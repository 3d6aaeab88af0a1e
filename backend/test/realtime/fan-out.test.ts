import jwt from "jsonwebtoken";
import {
  createTestServer,
  emitWithAck,
  nextEvent,
  record,
  type TestServer,
  TRANSPORTS,
} from "../support/test-server";
import { fileTicket, postMessage, type MessageDto, type TicketDto } from "./helpers";

describe.each(TRANSPORTS)("over %s", (transport) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer({ transport });
  });
  afterAll(() => t.close());

  describe("handshake", () => {
    test("when no token is given, then the connection is refused with UNAUTHENTICATED", async () => {
      await expect(t.connect({ token: "" })).rejects.toThrow("UNAUTHENTICATED");
    });

    test("when the token expires while connected, then the server closes the socket and the token cannot connect again", async () => {
      const shop = await t.shopUser();
      const token = t.tokens.sign(shop, 3);
      const { exp } = jwt.decode(token) as { exp: number };
      const socket = await t.connect({ token });
      const reason = await new Promise<string>((resolve) => socket.once("disconnect", resolve));
      expect(reason).toBe("io server disconnect");
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 50);
      await expect(t.connect({ token })).rejects.toThrow("UNAUTHENTICATED");
    }, 15_000);

    test("when the token is forged, then the connection is refused with UNAUTHENTICATED", async () => {
      const shop = await t.shopUser();
      const forged = shop.token.slice(0, -4) + (shop.token.endsWith("AAAA") ? "BBBB" : "AAAA");
      await expect(t.connect({ token: forged })).rejects.toThrow("UNAUTHENTICATED");
    });
  });

  describe("fan-out", () => {
    test("when a shop files a ticket, then admins and that shop hear ticket:created, another shop hears nothing", async () => {
      const shop = await t.shopUser();
      const otherShop = await t.shopUser();
      const admin = await t.admin();
      const [adminSocket, shopSocket, otherSocket] = await Promise.all([
        t.connect(admin),
        t.connect(shop),
        t.connect(otherShop),
      ]);
      const otherHeard = record(otherSocket, "ticket:created", "message:created", "ticket:updated");

      const adminHears = nextEvent<TicketDto>(adminSocket, "ticket:created", (p) => p.shopId === shop.shopId);
      const shopHears = nextEvent<TicketDto>(shopSocket, "ticket:created");
      const firstMessage = nextEvent<MessageDto>(
        adminSocket,
        "message:created",
        (m) => m.body === "Hello, any news?",
      );
      const ticket = await fileTicket(t.app, shop);

      expect((await adminHears).id).toBe(ticket.id);
      expect(await shopHears).toEqual(expect.objectContaining({ id: ticket.id, status: "open" }));
      expect((await firstMessage).ticketId).toBe(ticket.id);

      // A later event on the other shop's own ticket proves its socket was live while it heard nothing else.
      const ownTicket = nextEvent<TicketDto>(otherSocket, "ticket:created");
      await fileTicket(t.app, otherShop, "My own question");
      await ownTicket;
      expect(
        otherHeard.filter(
          (e) => (e.payload as { shopId?: string; ticketId?: string }).shopId === shop.shopId,
        ),
      ).toEqual([]);
      expect(otherHeard.some((e) => (e.payload as { ticketId?: string }).ticketId === ticket.id)).toBe(false);
    });

    test("when each side sees the ticket's unreadCount, then it is counted for that side", async () => {
      const shop = await t.shopUser();
      const admin = await t.admin();
      const [adminSocket, shopSocket] = await Promise.all([t.connect(admin), t.connect(shop)]);
      const ticket = await fileTicket(t.app, shop);
      const adminUpdate = nextEvent<TicketDto>(adminSocket, "ticket:updated", (p) => p.id === ticket.id);
      const shopUpdate = nextEvent<TicketDto>(shopSocket, "ticket:updated", (p) => p.id === ticket.id);
      await postMessage(t.app, shop, ticket.id, "Second message from the shop");
      expect((await adminUpdate).unreadCount).toBe(2);
      expect((await shopUpdate).unreadCount).toBe(0);
    });

    test("when an admin writes an internal note, then admins hear it and the shop never does", async () => {
      const shop = await t.shopUser();
      const admin = await t.admin();
      const ticket = await fileTicket(t.app, shop);
      const [adminSocket, shopSocket] = await Promise.all([t.connect(admin), t.connect(shop)]);
      const shopHeard = record(shopSocket, "message:created");

      const adminNote = nextEvent<MessageDto>(
        adminSocket,
        "message:created",
        (m) => m.body === "Internal: VIP shop",
      );
      await postMessage(t.app, admin, ticket.id, "Internal: VIP shop", { internal: true });
      expect((await adminNote).internal).toBe(true);

      // Events reach a socket in order: once the public reply arrives, the note would have arrived before it.
      const publicReply = nextEvent<MessageDto>(
        shopSocket,
        "message:created",
        (m) => m.body === "We are on it",
      );
      await postMessage(t.app, admin, ticket.id, "We are on it");
      await publicReply;
      // (The ticket's own first message may still be arriving from its creation: only the note matters.)
      const bodies = shopHeard.map((e) => (e.payload as MessageDto).body);
      expect(bodies).toContain("We are on it");
      expect(bodies).not.toContain("Internal: VIP shop");
      expect(shopHeard.some((e) => (e.payload as MessageDto).internal)).toBe(false);
    });

    test("when a shop reads, then admins hear message:read", async () => {
      const shop = await t.shopUser();
      const admin = await t.admin();
      const ticket = await fileTicket(t.app, shop);
      const reply = await postMessage(t.app, admin, ticket.id, "Reply to be read");
      const adminSocket = await t.connect(admin);
      const heard = nextEvent<{ ticketId: string; readerType: string; upToMessageId: string | null }>(
        adminSocket,
        "message:read",
        // The admin's own reply may also mark the shop's messages read; wait for the shop's read.
        (p) => p.ticketId === ticket.id && p.readerType === "shop",
      );
      const { default: request } = await import("supertest");
      const res = await request(t.app).post(`/api/tickets/${ticket.id}/read`).set(shop.auth).send({});
      expect(res.status).toBe(204);
      expect(await heard).toEqual(expect.objectContaining({ readerType: "shop", upToMessageId: reply.id }));
    });

    test("when the client uses long polling only, then it still hears every event", async () => {
      const shop = await t.shopUser();
      const admin = await t.admin();
      const ticket = await fileTicket(t.app, shop);
      const shopSocket = await t.connect(shop, { transports: ["polling"] });
      expect(shopSocket.io.engine.transport.name).toBe("polling");
      const bodies = ["one", "two", "three"];
      const heard: string[] = [];
      const all = new Promise<void>((resolve) =>
        shopSocket.on("message:created", (m: MessageDto) => {
          heard.push(m.body);
          if (heard.length === bodies.length) resolve();
        }),
      );
      for (const body of bodies) await postMessage(t.app, admin, ticket.id, body);
      await all;
      expect(heard).toEqual(bodies);
    });
  });

  describe("following a ticket", () => {
    test("when a shop tries to join another shop's ticket, then the ack is NOT_FOUND", async () => {
      const owner = await t.shopUser();
      const intruder = await t.shopUser();
      const ticket = await fileTicket(t.app, owner);
      const socket = await t.connect(intruder);
      expect(await emitWithAck(socket, "ticket:join", { ticketId: ticket.id })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: "NOT_FOUND" }),
      });
      expect(await emitWithAck(socket, "ticket:join", { ticketId: "not-a-uuid" })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: "VALIDATION_FAILED" }),
      });
      const own = await t.connect(owner);
      expect(await emitWithAck(own, "ticket:join", { ticketId: ticket.id })).toEqual({ ok: true });
    });
  });
});
