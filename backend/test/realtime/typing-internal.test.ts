import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io-client";
import { emitWithAck, nextEvent } from "../support/test-server";
import { useTeamServer } from "../team/helpers";
import { fileTicket } from "./helpers";

/**
 * An admin writing an internal note tells only the other admins (`typing` with `internal: true`): the shop
 * never sees "Support is typing…" for words that will never reach it, including while the admin switches
 * between the reply and the note box.
 */
const { srv } = useTeamServer();

type Typing = {
  ticketId: string;
  userId: string;
  name: string | null;
  senderType: string;
  isTyping: boolean;
  internal?: boolean;
};

/** A round trip on each socket: whatever the server broadcast before it has reached them by then. */
const settle = (...sockets: Socket[]) =>
  Promise.all(sockets.map((s) => emitWithAck(s, "ticket:join", { ticketId: randomUUID() })));

/** The typing events a socket heard, as they came. */
function heard(socket: Socket): Typing[] {
  const seen: Typing[] = [];
  socket.on("typing", (p: Typing) => seen.push(p));
  return seen;
}

async function setting() {
  const shop = await srv.shopUser({ name: "Sam" });
  const ada = await srv.admin({ name: "Ada" });
  const grace = await srv.admin({ name: "Grace" });
  const ticket = await fileTicket(srv.app, shop);
  const [shopSocket, adaSocket, graceSocket] = await Promise.all([
    srv.connect(shop),
    srv.connect(ada),
    srv.connect(grace),
  ]);
  return { shop, ada, ticket, shopSocket, adaSocket, graceSocket };
}

test("when an admin types an internal note, then the other admins hear it flagged internal and the shop hears nothing", async () => {
  const { ada, ticket, shopSocket, adaSocket, graceSocket } = await setting();
  const shopHeard = heard(shopSocket);
  const graceHeard = heard(graceSocket);

  const started = nextEvent<Typing>(graceSocket, "typing", (p) => p.ticketId === ticket.id);
  expect(
    await emitWithAck(adaSocket, "typing", { ticketId: ticket.id, isTyping: true, internal: true }),
  ).toEqual({ ok: true });
  expect(await started).toEqual({
    ticketId: ticket.id,
    userId: ada.userId,
    name: "Ada",
    senderType: "admin",
    isTyping: true,
    internal: true,
  });

  // The note's stop (an old client's stop carries no flag) goes where its start went: admins only.
  const stopped = nextEvent<Typing>(graceSocket, "typing", (p) => !p.isTyping);
  await emitWithAck(adaSocket, "typing", { ticketId: ticket.id, isTyping: false });
  expect(await stopped).toMatchObject({ isTyping: false, internal: true });

  await settle(shopSocket);
  expect(shopHeard).toEqual([]);
  expect(graceHeard.map((p) => p.isTyping)).toEqual([true, false]);
});

test("when an admin switches from the reply to a note while typing, then the shop's indicator is cleared and the admins see a note; switching back shows the shop a reply again", async () => {
  const { ticket, shopSocket, adaSocket, graceSocket } = await setting();
  const shopHeard = heard(shopSocket);
  const graceHeard = heard(graceSocket);
  const onTicket = (p: Typing) => p.ticketId === ticket.id;

  const replying = nextEvent<Typing>(shopSocket, "typing", onTicket);
  await emitWithAck(adaSocket, "typing", { ticketId: ticket.id, isTyping: true });
  expect(await replying).toMatchObject({ isTyping: true });
  expect((await replying).internal).toBeUndefined(); // a reply's typing looks as it always did

  // Inside the throttle's interval: the switch goes out when the interval ends, but it does go out.
  const cleared = nextEvent<Typing>(shopSocket, "typing", (p) => onTicket(p) && !p.isTyping);
  const noting = nextEvent<Typing>(graceSocket, "typing", (p) => onTicket(p) && p.internal === true);
  await emitWithAck(adaSocket, "typing", { ticketId: ticket.id, isTyping: true, internal: true });
  expect(await cleared).toMatchObject({ isTyping: false });
  expect((await cleared).internal).toBeUndefined();
  expect(await noting).toMatchObject({ isTyping: true, internal: true });

  // Still writing the note a while later: the shop hears no new "typing".
  await new Promise((r) => setTimeout(r, 1100));
  await emitWithAck(adaSocket, "typing", { ticketId: ticket.id, isTyping: true, internal: true });

  const backToReply = nextEvent<Typing>(shopSocket, "typing", (p) => onTicket(p) && p.isTyping);
  const graceReply = nextEvent<Typing>(
    graceSocket,
    "typing",
    (p) => onTicket(p) && p.isTyping && !p.internal,
  );
  await emitWithAck(adaSocket, "typing", { ticketId: ticket.id, isTyping: true, internal: false });
  expect(await backToReply).toMatchObject({ isTyping: true });
  await graceReply;

  const stop = nextEvent<Typing>(shopSocket, "typing", (p) => onTicket(p) && !p.isTyping);
  await emitWithAck(adaSocket, "typing", { ticketId: ticket.id, isTyping: false });
  await stop;
  await settle(shopSocket, graceSocket);
  // The shop saw: typing, stopped (the switch to the note), typing (back to the reply), stopped.
  expect(shopHeard.map((p) => [p.isTyping, p.internal])).toEqual([
    [true, undefined],
    [false, undefined],
    [true, undefined],
    [false, undefined],
  ]);
  // Grace never lost sight of Ada: reply, note (the throttle may merge the two refreshes), reply, stop.
  const graceStates = graceHeard.map((p) => `${p.isTyping}/${p.internal ?? false}`);
  expect(graceStates[0]).toBe("true/false");
  expect(graceStates).toContain("true/true");
  expect(graceStates).not.toContain("false/true");
  expect(graceStates.slice(-2)).toEqual(["true/false", "false/false"]);
});

test("when an admin writing a note disconnects, then the admins hear the stop and the shop hears nothing", async () => {
  const { ticket, shopSocket, adaSocket, graceSocket } = await setting();
  const shopHeard = heard(shopSocket);
  const started = nextEvent<Typing>(graceSocket, "typing", (p) => p.ticketId === ticket.id);
  await emitWithAck(adaSocket, "typing", { ticketId: ticket.id, isTyping: true, internal: true });
  await started;
  const stopped = nextEvent<Typing>(graceSocket, "typing", (p) => p.ticketId === ticket.id && !p.isTyping);
  adaSocket.disconnect();
  expect(await stopped).toMatchObject({ isTyping: false, internal: true });
  await settle(shopSocket);
  expect(shopHeard).toEqual([]);
});

test("when a shop sends internal typing, then it is refused as FORBIDDEN and nobody hears it; internal: false is today's typing", async () => {
  const { shop, ticket, shopSocket, adaSocket } = await setting();
  const adaHeard = heard(adaSocket);
  const ack = await emitWithAck(shopSocket, "typing", {
    ticketId: ticket.id,
    isTyping: true,
    internal: true,
  });
  expect(ack).toEqual({ ok: false, error: expect.objectContaining({ code: "FORBIDDEN" }) });
  await settle(adaSocket);
  expect(adaHeard).toEqual([]);

  const typing = nextEvent<Typing>(adaSocket, "typing", (p) => p.ticketId === ticket.id);
  expect(
    await emitWithAck(shopSocket, "typing", { ticketId: ticket.id, isTyping: true, internal: false }),
  ).toEqual({ ok: true });
  expect(await typing).toEqual({
    ticketId: ticket.id,
    userId: shop.userId,
    name: "Sam",
    senderType: "shop",
    isTyping: true,
  });
});

test("when the flag is not a boolean, then the typing is refused as VALIDATION_FAILED", async () => {
  const { ticket, adaSocket } = await setting();
  const ack = await emitWithAck(adaSocket, "typing", {
    ticketId: ticket.id,
    isTyping: true,
    internal: "yes",
  });
  expect(ack).toEqual({ ok: false, error: expect.objectContaining({ code: "VALIDATION_FAILED" }) });
});
