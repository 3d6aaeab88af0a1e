/**
 * Client events answer through the ack wherever the client put it. The handlers took the ack from the
 * second argument: `emitWithAck("ticket:join")` (the ack first, as the payload) and
 * `emitWithAck("ticket:join", payload, 1, 2)` (the ack fourth) were never answered and timed out. The
 * ack is the last argument; a missing payload or extra arguments are answered VALIDATION_FAILED.
 */
import { createTestServer, type TestServer } from "../support/test-server";
import { fileTicket } from "./helpers";

type Ack = { ok: boolean; error?: { code: string; message: string } };

let t: TestServer;
beforeAll(async () => {
  t = await createTestServer();
});
afterAll(() => t.close());

const EVENTS = ["ticket:join", "ticket:leave", "typing", "viewing"] as const;
const validPayload = (event: (typeof EVENTS)[number], ticketId: string) =>
  event === "typing"
    ? { ticketId, isTyping: true }
    : event === "viewing"
      ? { ticketId, isViewing: true }
      : { ticketId };

describe.each(EVENTS)("the %s event", (event) => {
  test("when it is sent with an ack and no payload, then the ack answers VALIDATION_FAILED", async () => {
    const admin = await t.admin();
    const socket = await t.connect(admin);
    const ack = (await socket.timeout(3000).emitWithAck(event)) as Ack;
    expect(ack).toEqual({ ok: false, error: { code: "VALIDATION_FAILED", message: expect.any(String) } });
  });

  test("when a valid payload is followed by two more arguments and then the ack, then the ack answers VALIDATION_FAILED", async () => {
    const shop = await t.shopUser();
    const admin = await t.admin();
    const ticket = await fileTicket(t.app, shop);
    const socket = await t.connect(admin);
    const ack = (await socket.timeout(3000).emitWithAck(event, validPayload(event, ticket.id), 1, 2)) as Ack;
    expect(ack).toEqual({ ok: false, error: { code: "VALIDATION_FAILED", message: expect.any(String) } });
  });

  test("when a valid payload comes with the ack second, then the ack answers ok", async () => {
    const shop = await t.shopUser();
    const admin = await t.admin();
    const ticket = await fileTicket(t.app, shop);
    const socket = await t.connect(admin);
    const ack = (await socket.timeout(3000).emitWithAck(event, validPayload(event, ticket.id))) as Ack;
    expect(ack).toEqual({ ok: true });
  });
});

test("when events come without an ack (no payload, or extra arguments), then nothing breaks and the socket still answers", async () => {
  const shop = await t.shopUser();
  const ticket = await fileTicket(t.app, shop);
  const socket = await t.connect(shop);
  socket.emit("ticket:join");
  socket.emit("ticket:join", { ticketId: ticket.id }, 1, 2);
  socket.emit("typing", "not an object");
  const ack = (await socket.timeout(3000).emitWithAck("ticket:join", { ticketId: ticket.id })) as Ack;
  expect(ack).toEqual({ ok: true });
  expect(socket.connected).toBe(true);
});

test("when an event nobody handles is sent with an ack, then the ack answers NOT_FOUND instead of never", async () => {
  const shop = await t.shopUser();
  const socket = await t.connect(shop);
  for (const event of ["ticket:delete", "message:send", "x".repeat(300)]) {
    const ack = (await socket.timeout(3000).emitWithAck(event, { ticketId: "x" })) as Ack;
    expect(ack).toEqual({ ok: false, error: { code: "NOT_FOUND", message: expect.any(String) } });
    expect(ack.error!.message.length).toBeLessThan(200);
  }
  // Without an ack it is simply ignored, and the socket stays connected.
  socket.emit("no-such-event", 1);
  const ack = (await socket.timeout(3000).emitWithAck("ticket:join", { ticketId: "nope" })) as Ack;
  expect(ack.ok).toBe(false);
  expect(socket.connected).toBe(true);
});
