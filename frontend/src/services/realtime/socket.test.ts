import { EventEmitter } from "node:events";

// A stand-in for socket.io-client's Socket: records what the app emits, lets the test fire server events.
class FakeSocket extends EventEmitter {
  connected = false;
  active = true;
  sent: Array<[string, unknown]> = [];
  private anyHandlers: Array<(event: string, ...args: unknown[]) => void> = [];
  override emit(event: string, ...args: unknown[]): boolean {
    if (["connect", "disconnect", "connect_error"].includes(event)) return super.emit(event, ...args);
    this.sent.push([event, args[0]]);
    return true;
  }
  onAny(h: (event: string, ...args: unknown[]) => void) {
    this.anyHandlers.push(h);
  }
  offAny() {
    this.anyHandlers = [];
  }
  serverSends(event: string, payload: unknown) {
    this.anyHandlers.forEach((h) => h(event, payload));
  }
  connect() {
    this.connected = true;
    super.emit("connect");
  }
  drop() {
    this.connected = false;
    super.emit("disconnect", "transport close");
  }
  disconnect() {
    this.connected = false;
  }
}

const sockets: FakeSocket[] = [];
vi.mock("socket.io-client", () => ({
  io: () => {
    const s = new FakeSocket();
    sockets.push(s);
    return s;
  },
}));

const rt = await import("./socket");

afterEach(() => {
  rt.disconnectRealtime();
  sockets.length = 0;
  vi.useRealTimers();
});

test("when a thread asks to follow a ticket before the connection opens, then the join is sent once it connects", () => {
  const leave = rt.joinTicket("t1");
  rt.sendViewing("t1", true);
  rt.connectRealtime("token", "http://localhost");
  const s = sockets[0]!;
  s.connect();
  expect(s.sent).toEqual([
    ["ticket:join", { ticketId: "t1" }],
    ["viewing", { ticketId: "t1", isViewing: true }],
  ]);
  leave();
  rt.sendViewing("t1", false);
});

test("when the connection drops and returns, then rooms are rejoined and every resync runs again", () => {
  const resync = vi.fn();
  const off = rt.onResync(resync);
  rt.connectRealtime("token", "http://localhost");
  const s = sockets[0]!;
  s.connect();
  expect(rt.getConnectionStatus()).toBe("live");
  const leave = rt.joinTicket("t2");
  s.drop();
  expect(rt.getConnectionStatus()).toBe("reconnecting");
  s.sent = [];
  s.connect();
  expect(s.sent).toContainEqual(["ticket:join", { ticketId: "t2" }]);
  expect(resync).toHaveBeenCalledTimes(2);
  leave();
  off();
});

test("when the socket stays down, then the resyncs run every 15 seconds until it is back", () => {
  vi.useFakeTimers();
  const resync = vi.fn();
  const off = rt.onResync(resync);
  rt.connectRealtime("token", "http://localhost");
  const s = sockets[0]!;
  s.connect();
  s.drop();
  resync.mockClear();
  vi.advanceTimersByTime(45_000);
  expect(resync).toHaveBeenCalledTimes(3);
  s.connect();
  resync.mockClear();
  vi.advanceTimersByTime(45_000);
  expect(resync).not.toHaveBeenCalled();
  off();
});

test("when the server sends an event, then every listener for it is called with the payload", () => {
  const seen = vi.fn();
  const off = rt.onRealtimeEvent("ticket:created", seen);
  rt.connectRealtime("token", "http://localhost");
  sockets[0]!.serverSends("ticket:created", { id: "t9" });
  expect(seen).toHaveBeenCalledWith({ id: "t9" });
  off();
});

test("when the handshake is refused as UNAUTHENTICATED, then the session is told", () => {
  const expired = vi.fn();
  const off = rt.onRealtimeUnauthenticated(expired);
  rt.connectRealtime("stale", "http://localhost");
  sockets[0]!.emit("connect_error", new Error("UNAUTHENTICATED"));
  expect(expired).toHaveBeenCalled();
  off();
});

test("when an admin types a note, then the typing carries internal: true; a reply's and a stop carry no flag", () => {
  rt.connectRealtime("token", "http://localhost");
  const s = sockets[0]!;
  s.connect();
  s.sent.length = 0;
  rt.sendTyping("t1", true, true);
  rt.sendTyping("t1", false);
  rt.sendTyping("t1", true);
  expect(s.sent).toEqual([
    ["typing", { ticketId: "t1", isTyping: true, internal: true }],
    ["typing", { ticketId: "t1", isTyping: false }],
    ["typing", { ticketId: "t1", isTyping: true }],
  ]);
});
