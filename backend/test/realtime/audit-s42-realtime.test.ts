/**
 * Findings of an adversarial audit of real time through the public contract (session 42). Each test
 * answered wrongly before its fix: an admin deactivated while their socket's handshake was between its
 * check of the account and joining the rooms kept a connected socket that heard every ticket's events
 * until its token expired (the deactivation's disconnect had found no socket in the admin's rooms yet); a
 * client event named "error" sent with an ack was never answered (socket.io's own no-op listener counted
 * as a handler), where any other unknown event is answered NOT_FOUND; the main namespace "/" took
 * connections without any token; and on PostgreSQL, when two processes counted one ticket's viewers at
 * once, the list counted first could be published last, and every admin kept a viewer list missing the
 * newest viewer until the next change. Real server, real database, real socket.io.
 */
import { io as ioClient, type Socket } from "socket.io-client";
import { emitWithAck, nextEvent, record } from "../support/test-server";
import { TEST_SECRET } from "../support/test-context";
import { spawnParley, stopGracefully, type ParleyProcess } from "../support/parley-process";
import { useTeamServer } from "../team/helpers";

const { srv, api, team } = useTeamServer();

/** How a connected socket ends: its disconnect reason, or "still connected" after `ms`. */
function endOf(socket: Socket, ms = 5000): Promise<string> {
  if (!socket.connected) return Promise.resolve("io server disconnect");
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(`still connected after ${ms} ms`), ms);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

test("when an admin is deactivated while their socket's handshake is past its account check, then the socket is disconnected and hears nothing", async () => {
  const lead = await srv.admin({ name: "Lead" });
  const member = await srv.admin({ name: "Member" });
  // The deactivation commits (and disconnects the member's sockets) right after the handshake read the
  // account as active, before the socket joined its rooms: the moment a real race would hit.
  const identity = srv.server.modules.identity.service;
  const recordIdentity = identity.recordIdentity;
  let deactivateOnce = true;
  identity.recordIdentity = async (p) => {
    await recordIdentity(p);
    if (deactivateOnce && p.userId === member.userId) {
      deactivateOnce = false;
      expect((await team.setActive(lead, member.userId, false)).status).toBe(200);
    }
  };
  try {
    const socket = await srv.connect(member);
    const heard = record(socket, "ticket:created");
    expect(await endOf(socket)).toBe("io server disconnect");
    // Nothing filed after the deactivation reaches it.
    await api.ticket(await srv.shopUser());
    expect(heard).toEqual([]);
  } finally {
    identity.recordIdentity = recordIdentity;
  }
});

test("when a client sends an event named error with an ack, then the ack answers NOT_FOUND like any unknown event", async () => {
  const socket = await srv.connect(await srv.shopUser());
  for (const payload of [{}, undefined]) {
    expect(await emitWithAck(socket, "error", payload)).toEqual({
      ok: false,
      error: { code: "NOT_FOUND", message: 'No event named "error".' },
    });
  }
  // The socket still serves.
  expect(await emitWithAck(socket, "viewers:list", {})).toEqual(
    expect.objectContaining({ ok: false, error: expect.objectContaining({ code: "FORBIDDEN" }) }),
  );
});

test("when a client connects to the main namespace instead of /support, then it is refused", async () => {
  const socket = ioClient(srv.url, { transports: ["websocket"], reconnection: false, forceNew: true });
  srv.sockets.push(socket);
  const outcome = await new Promise<string>((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (err) => resolve(`refused: ${err.message}`));
  });
  socket.disconnect();
  expect(outcome).toBe("refused: NOT_FOUND");
  // A user's own token changes nothing there.
  const admin = await srv.admin();
  const withToken = ioClient(srv.url, {
    auth: { token: admin.token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  srv.sockets.push(withToken);
  const second = await new Promise<string>((resolve) => {
    withToken.once("connect", () => resolve("connected"));
    withToken.once("connect_error", (err) => resolve(`refused: ${err.message}`));
  });
  withToken.disconnect();
  expect(second).toBe("refused: NOT_FOUND");
});

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("two processes on one database", () => {
  let second: ParleyProcess;
  let secondUrl: string;
  beforeAll(async () => {
    second = spawnParley({
      NODE_ENV: "production",
      DATABASE_URL: process.env.DATABASE_URL,
      JWT_SECRET: TEST_SECRET,
    });
    secondUrl = await second.listening;
  }, 60_000);
  afterAll(async () => {
    if (second) await stopGracefully(second);
  }, 30_000);

  const connectToSecond = (token: string) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = ioClient(`${secondUrl}/support`, {
        auth: { token },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      });
      srv.sockets.push(socket);
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", reject);
    });

  type Viewers = { ticketId: string; viewers: Array<{ userId: string; name: string | null }> };

  test("when admins on two processes open a ticket at once and the older count is published last, then every admin still ends with both viewers", async () => {
    const shop = await srv.shopUser();
    const ada = await srv.admin({ name: "Ada" });
    const bo = await srv.admin({ name: "Bo" });
    const watcher = await srv.admin({ name: "Watcher" });
    const ticket = await api.ticket(shop);
    const adaSocket = await srv.connect(ada);
    const boSocket = await connectToSecond(bo.token);
    const watchers = [await srv.connect(watcher), await connectToSecond(watcher.token)];

    // The first process counts Ada's ticket before Bo opens it, and publishes that count only after the
    // second process has published its own (Ada and Bo): the order a busy machine can produce.
    const adapter = srv.server.realtime.support.adapter as unknown as {
      fetchSockets(opts: { rooms: Set<string> }): Promise<unknown[]>;
    };
    const fetchSockets = adapter.fetchSockets;
    let counted!: () => void;
    const adaCounted = new Promise<void>((resolve) => (counted = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holdOnce = true;
    adapter.fetchSockets = async function (this: unknown, opts) {
      const found = await fetchSockets.call(this, opts);
      if (holdOnce && opts.rooms.has(`viewers:${ticket.id}`)) {
        holdOnce = false;
        counted();
        await released;
      }
      return found;
    };
    try {
      const adaViewing = emitWithAck(adaSocket, "viewing", { ticketId: ticket.id, isViewing: true });
      await adaCounted;
      const ofTicket = (v: Viewers) => v.ticketId === ticket.id;
      const both = (v: Viewers) => ofTicket(v) && v.viewers.length === 2;
      const bothHeard = watchers.map((w) => nextEvent<Viewers>(w, "ticket:viewers", both, 10_000));
      expect(await emitWithAck(boSocket, "viewing", { ticketId: ticket.id, isViewing: true })).toEqual({
        ok: true,
      });
      await Promise.all(bothHeard);

      // The late count (Ada alone) reaches every admin; the last list each hears after it has both again.
      const lateHeard = watchers.map((w) =>
        nextEvent<Viewers>(w, "ticket:viewers", (v) => ofTicket(v) && v.viewers.length === 1, 10_000),
      );
      release();
      expect(await adaViewing).toEqual({ ok: true });
      expect((await Promise.all(lateHeard)).map((v) => v.viewers)).toEqual([
        [{ userId: ada.userId, name: "Ada" }],
        [{ userId: ada.userId, name: "Ada" }],
      ]);
      const settled = await Promise.all(
        watchers.map((w) => nextEvent<Viewers>(w, "ticket:viewers", ofTicket, 10_000)),
      );
      for (const list of settled) {
        expect(list.viewers.map((v) => v.name).sort()).toEqual(["Ada", "Bo"]);
      }
    } finally {
      adapter.fetchSockets = fetchSockets;
      release();
    }
  }, 90_000);
});
