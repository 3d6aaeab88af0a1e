import { randomUUID } from "node:crypto";
import request from "supertest";
import { io as ioClient, type Socket } from "socket.io-client";
import {
  createTestServer,
  emitWithAck,
  nextEvent,
  record,
  type TestServer,
  TRANSPORTS,
} from "../support/test-server";
import { fileTicket } from "./helpers";

describe.each(TRANSPORTS)("over %s", (transport) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer({ transport });
  });
  afterAll(() => t.close());

  type Typing = {
    ticketId: string;
    userId: string;
    name: string | null;
    senderType: string;
    isTyping: boolean;
  };
  type Viewers = { ticketId: string; viewers: Array<{ userId: string; name: string | null }> };

  describe("typing", () => {
    test("when a shop types, then the admin following the ticket hears it, another shop does not, and it is throttled", async () => {
      const shop = await t.shopUser({ name: "Sam" });
      const otherShop = await t.shopUser();
      const admin = await t.admin();
      const ticket = await fileTicket(t.app, shop);
      const [shopSocket, adminSocket, otherSocket] = await Promise.all([
        t.connect(shop),
        t.connect(admin),
        t.connect(otherShop),
      ]);
      await emitWithAck(adminSocket, "ticket:join", { ticketId: ticket.id });
      const otherHeard = record(otherSocket, "typing");
      const adminHeard = record(adminSocket, "typing");
      const shopHeard = record(shopSocket, "typing");

      const first = nextEvent<Typing>(adminSocket, "typing", (p) => p.ticketId === ticket.id);
      for (let i = 0; i < 5; i++)
        await emitWithAck(shopSocket, "typing", { ticketId: ticket.id, isTyping: true });
      expect(await first).toEqual({
        ticketId: ticket.id,
        userId: shop.userId,
        name: "Sam",
        senderType: "shop",
        isTyping: true,
      });

      const stopped = nextEvent<Typing>(adminSocket, "typing", (p) => !p.isTyping);
      await emitWithAck(shopSocket, "typing", { ticketId: ticket.id, isTyping: false });
      await stopped;
      // Five keystrokes inside the throttle window make one relay; the stop always goes through.
      expect(adminHeard.map((e) => (e.payload as Typing).isTyping)).toEqual([true, false]);
      expect(shopHeard).toEqual([]); // never echoed to the typist
      expect(otherHeard).toEqual([]);
    });

    test("when a shop types on another shop's ticket, then it is refused and nobody hears it", async () => {
      const owner = await t.shopUser();
      const intruder = await t.shopUser();
      const admin = await t.admin();
      const ticket = await fileTicket(t.app, owner);
      const adminSocket = await t.connect(admin);
      await emitWithAck(adminSocket, "ticket:join", { ticketId: ticket.id });
      const adminHeard = record(adminSocket, "typing");
      const intruderSocket = await t.connect(intruder);
      const ack = await emitWithAck(intruderSocket, "typing", { ticketId: ticket.id, isTyping: true });
      expect(ack).toEqual({ ok: false, error: expect.objectContaining({ code: "NOT_FOUND" }) });
      // A real typist afterwards proves the admin's socket was listening.
      const ownerSocket = await t.connect(owner);
      const heard = nextEvent<Typing>(adminSocket, "typing");
      await emitWithAck(ownerSocket, "typing", { ticketId: ticket.id, isTyping: true });
      expect((await heard).userId).toBe(owner.userId);
      expect(adminHeard.map((e) => (e.payload as Typing).userId)).toEqual([owner.userId]);
    });

    /**
     * Nobody joins the ticket here: the contract offers no way to, and admins receive every ticket's
     * events. A round trip on a socket that must hear nothing proves the broadcast had reached it.
     */
    const settle = (...sockets: Socket[]) =>
      Promise.all(sockets.map((s) => emitWithAck(s, "ticket:join", { ticketId: randomUUID() })));

    test("when a shop types on its ticket, then every admin and the shop's other users hear it without joining; another shop and the typist's own tabs never do", async () => {
      const shopId = `shop-${randomUUID()}`;
      const shop = await t.shopUser({ shopId, name: "Sam" });
      const colleague = await t.shopUser({ shopId });
      const otherShop = await t.shopUser();
      const [ada, grace] = [await t.admin(), await t.admin()];
      const ticket = await fileTicket(t.app, shop);
      const [typist, typistTab, colleagueSocket, otherSocket, adaSocket, graceSocket] = await Promise.all([
        t.connect(shop),
        t.connect(shop),
        t.connect(colleague),
        t.connect(otherShop),
        t.connect(ada),
        t.connect(grace),
      ]);
      const mute = [typist, typistTab, otherSocket].map((s) => record(s, "typing"));
      const onTicket = (p: Typing) => p.ticketId === ticket.id;
      const heard = [adaSocket, graceSocket, colleagueSocket].map((s) =>
        nextEvent<Typing>(s, "typing", onTicket),
      );

      expect(await emitWithAck(typist, "typing", { ticketId: ticket.id, isTyping: true })).toEqual({
        ok: true,
      });
      const expected = {
        ticketId: ticket.id,
        userId: shop.userId,
        name: "Sam",
        senderType: "shop",
        isTyping: true,
      };
      expect(await Promise.all(heard)).toEqual([expected, expected, expected]);
      await settle(typist, typistTab, otherSocket);
      expect(mute).toEqual([[], [], []]);
    });

    test("when an admin types on a shop's ticket, then the shop's users and the other admins hear it without joining; another shop and the typist never do", async () => {
      const shopId = `shop-${randomUUID()}`;
      const owner = await t.shopUser({ shopId });
      const colleague = await t.shopUser({ shopId });
      const otherShop = await t.shopUser();
      const ada = await t.admin({ name: "Ada" });
      const grace = await t.admin();
      const ticket = await fileTicket(t.app, owner);
      const [typist, typistTab, ownerSocket, colleagueSocket, otherSocket, graceSocket] = await Promise.all([
        t.connect(ada),
        t.connect(ada),
        t.connect(owner),
        t.connect(colleague),
        t.connect(otherShop),
        t.connect(grace),
      ]);
      const mute = [typist, typistTab, otherSocket].map((s) => record(s, "typing"));
      const onTicket = (p: Typing) => p.ticketId === ticket.id;
      const heard = [ownerSocket, colleagueSocket, graceSocket].map((s) =>
        nextEvent<Typing>(s, "typing", onTicket),
      );

      expect(await emitWithAck(typist, "typing", { ticketId: ticket.id, isTyping: true })).toEqual({
        ok: true,
      });
      const expected = {
        ticketId: ticket.id,
        userId: ada.userId,
        name: "Ada",
        senderType: "admin",
        isTyping: true,
      };
      expect(await Promise.all(heard)).toEqual([expected, expected, expected]);

      // Stopping reaches the same audience.
      const stopped = [ownerSocket, graceSocket].map((s) =>
        nextEvent<Typing>(s, "typing", (p) => !p.isTyping),
      );
      await emitWithAck(typist, "typing", { ticketId: ticket.id, isTyping: false });
      await Promise.all(stopped);
      await settle(typist, typistTab, otherSocket);
      expect(mute).toEqual([[], [], []]);
    });

    test("when a visitor and an admin type in the visitor's conversation, then each hears the other and another visitor hears neither", async () => {
      const openConversation = async (body: string) => {
        const session = await request(t.app).post("/api/visitor/sessions").send({});
        const token = session.body.visitorToken as string;
        const said = await request(t.app)
          .post("/api/visitor/messages")
          .set({ Authorization: `Bearer ${token}` })
          .send({ body });
        expect(said.status).toBe(201);
        return { token, ticketId: said.body.ticketId as string };
      };
      const connectVisitor = (token: string) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = ioClient(`${t.url}/support`, {
            auth: { visitorToken: token },
            transports: [transport],
            reconnection: false,
            forceNew: true,
          });
          t.sockets.push(socket);
          socket.once("connect", () => resolve(socket));
          socket.once("connect_error", reject);
        });
      const a = await openConversation("Hello from A");
      const b = await openConversation("Hello from B");
      const admin = await t.admin({ name: "Ada" });
      const [aSocket, bSocket, adminSocket] = await Promise.all([
        connectVisitor(a.token),
        connectVisitor(b.token),
        t.connect(admin),
      ]);
      const bHeard = record(bSocket, "typing");

      const adminHears = nextEvent<Typing>(adminSocket, "typing", (p) => p.ticketId === a.ticketId);
      expect(await emitWithAck(aSocket, "typing", { ticketId: a.ticketId, isTyping: true })).toEqual({
        ok: true,
      });
      expect(await adminHears).toMatchObject({ ticketId: a.ticketId, senderType: "shop", isTyping: true });

      const visitorHears = nextEvent<Typing>(aSocket, "typing", (p) => p.ticketId === a.ticketId);
      await emitWithAck(adminSocket, "typing", { ticketId: a.ticketId, isTyping: true });
      expect(await visitorHears).toEqual({
        ticketId: a.ticketId,
        userId: admin.userId,
        name: "Ada",
        senderType: "admin",
        isTyping: true,
      });

      // Another visitor may not type in A's conversation, and hears none of it.
      expect(await emitWithAck(bSocket, "typing", { ticketId: a.ticketId, isTyping: true })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: "NOT_FOUND" }),
      });
      await settle(bSocket);
      expect(bHeard).toEqual([]);
    });

    test("when the typist disconnects, then the others hear that typing stopped", async () => {
      const shop = await t.shopUser();
      const admin = await t.admin();
      const ticket = await fileTicket(t.app, shop);
      const adminSocket = await t.connect(admin);
      await emitWithAck(adminSocket, "ticket:join", { ticketId: ticket.id });
      const shopSocket = await t.connect(shop);
      const started = nextEvent<Typing>(adminSocket, "typing", (p) => p.isTyping);
      await emitWithAck(shopSocket, "typing", { ticketId: ticket.id, isTyping: true });
      await started;
      const cleared = nextEvent<Typing>(
        adminSocket,
        "typing",
        (p) => !p.isTyping && p.userId === shop.userId,
      );
      shopSocket.disconnect();
      await cleared;
    });
  });

  describe("viewers (collision guard)", () => {
    test("when two admins open a ticket, then admins see both; when one leaves, the list shrinks; shops never hear it", async () => {
      const shop = await t.shopUser();
      const ada = await t.admin({ name: "Ada" });
      const grace = await t.admin({ name: "Grace" });
      const ticket = await fileTicket(t.app, shop);
      const [adaSocket, graceSocket, shopSocket] = await Promise.all([
        t.connect(ada),
        t.connect(grace),
        t.connect(shop),
      ]);
      const shopHeard = record(shopSocket, "ticket:viewers");

      const one = nextEvent<Viewers>(graceSocket, "ticket:viewers", (p) => p.ticketId === ticket.id);
      expect(await emitWithAck(adaSocket, "viewing", { ticketId: ticket.id, isViewing: true })).toEqual({
        ok: true,
      });
      expect((await one).viewers).toEqual([{ userId: ada.userId, name: "Ada" }]);

      const two = nextEvent<Viewers>(
        adaSocket,
        "ticket:viewers",
        (p) => p.ticketId === ticket.id && p.viewers.length === 2,
      );
      await emitWithAck(graceSocket, "viewing", { ticketId: ticket.id, isViewing: true });
      expect((await two).viewers.map((v) => v.name).sort()).toEqual(["Ada", "Grace"]);

      const back = nextEvent<Viewers>(
        adaSocket,
        "ticket:viewers",
        (p) => p.ticketId === ticket.id && p.viewers.length === 1,
      );
      graceSocket.disconnect();
      expect((await back).viewers).toEqual([{ userId: ada.userId, name: "Ada" }]);

      expect(await emitWithAck(shopSocket, "viewing", { ticketId: ticket.id, isViewing: true })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: "FORBIDDEN" }),
      });
      expect(shopHeard).toEqual([]);
    });

    test("when an admin connects while a colleague has a ticket open, then the server tells the newcomer who views it at once", async () => {
      const shop = await t.shopUser();
      const ada = await t.admin({ name: "Ada" });
      const late = await t.admin({ name: "Late" });
      const ticket = await fileTicket(t.app, shop);
      const other = await fileTicket(t.app, shop);
      const adaSocket = await t.connect(ada);
      await emitWithAck(adaSocket, "viewing", { ticketId: ticket.id, isViewing: true });
      await emitWithAck(adaSocket, "viewing", { ticketId: other.id, isViewing: true });
      await emitWithAck(adaSocket, "viewing", { ticketId: other.id, isViewing: false });

      let heard: Array<{ event: string; payload: unknown }> = [];
      let first!: Promise<Viewers>;
      await t.connect(late, {
        beforeConnect: (s) => {
          heard = record(s, "ticket:viewers");
          first = nextEvent<Viewers>(s, "ticket:viewers", (p) => p.ticketId === ticket.id);
        },
      });
      expect((await first).viewers).toEqual([{ userId: ada.userId, name: "Ada" }]);
      // A ticket nobody views any more is not announced as viewed.
      expect(
        heard.some(
          (e) => (e.payload as Viewers).ticketId === other.id && (e.payload as Viewers).viewers.length > 0,
        ),
      ).toBe(false);
      // A shop that connects hears nothing of it.
      let shopHeard: Array<{ event: string; payload: unknown }> = [];
      const shopSocket = await t.connect(shop, {
        beforeConnect: (s) => {
          shopHeard = record(s, "ticket:viewers");
        },
      });
      // A round trip on the shop's socket after connecting: anything sent on connection has arrived by now.
      await emitWithAck(shopSocket, "ticket:join", { ticketId: ticket.id });
      expect(shopHeard).toEqual([]);
    });

    test("when an admin asks who views what (a queue that started listening after the connect), then the ack lists every viewed ticket with its viewers once each; a shop is refused", async () => {
      const shop = await t.shopUser();
      const ada = await t.admin({ name: "Ada" });
      const bea = await t.admin({ name: "Bea" });
      const late = await t.admin({ name: "Late" });
      const ticket = await fileTicket(t.app, shop);
      const both = await fileTicket(t.app, shop);
      const left = await fileTicket(t.app, shop);
      const [adaSocket, adaTab, beaSocket] = await Promise.all([
        t.connect(ada),
        t.connect(ada),
        t.connect(bea),
      ]);
      await emitWithAck(adaSocket, "viewing", { ticketId: ticket.id, isViewing: true });
      await emitWithAck(adaSocket, "viewing", { ticketId: both.id, isViewing: true });
      await emitWithAck(adaTab, "viewing", { ticketId: both.id, isViewing: true });
      await emitWithAck(beaSocket, "viewing", { ticketId: both.id, isViewing: true });
      await emitWithAck(beaSocket, "viewing", { ticketId: left.id, isViewing: true });
      await emitWithAck(beaSocket, "viewing", { ticketId: left.id, isViewing: false });

      // Connected well before it asks: whatever was pushed on connect is long gone by then.
      const lateSocket = await t.connect(late);
      const ack = (await emitWithAck(lateSocket, "viewers:list", {})) as {
        ok: true;
        tickets: Viewers[];
      };
      expect(ack.ok).toBe(true);
      const mine = ack.tickets.filter((v) => [ticket.id, both.id, left.id].includes(v.ticketId));
      const byTicket = Object.fromEntries(
        mine.map((v) => [v.ticketId, v.viewers.map((x) => x.name).sort()] as const),
      );
      expect(byTicket).toEqual({ [ticket.id]: ["Ada"], [both.id]: ["Ada", "Bea"] });

      const shopSocket = await t.connect(shop);
      expect(await emitWithAck(shopSocket, "viewers:list", {})).toEqual({
        ok: false,
        error: expect.objectContaining({ code: "FORBIDDEN" }),
      });
    });
  });
});
