import request from "supertest";
import { io as ioClient, type Socket } from "socket.io-client";
import { createTestServer, nextEvent, type TestServer } from "../support/test-server";
import { ticketApi } from "../tickets/helpers";

/**
 * Issue 18: the widget on a host page may have to use socket.io's long polling (WebSocket blocked by a
 * proxy). Polling is cross-origin HTTP, so the socket server answers CORS for EMBED_ALLOWED_ORIGINS,
 * exactly, and refuses a handshake from any other page's origin. Unset, nothing changes.
 */

const HOST = "http://market.test:8080";
const OTHER = "http://evil.test:8080";

let srv: TestServer;
let plain: TestServer;
beforeAll(async () => {
  srv = await createTestServer({ env: { EMBED_ALLOWED_ORIGINS: HOST } });
  plain = await createTestServer();
});
afterAll(async () => {
  await srv.close();
  await plain.close();
});

async function visitorToken(on: TestServer): Promise<{ token: string; ticketId: string }> {
  const session = await request(on.app).post("/api/visitor/sessions").send({ name: "Polly" });
  const token = session.body.visitorToken as string;
  const first = await request(on.app)
    .post("/api/visitor/messages")
    .set({ Authorization: `Bearer ${token}` })
    .send({ body: "Can you hear me over polling?" });
  expect(first.status).toBe(201);
  return { token, ticketId: first.body.ticketId as string };
}

/** A polling-only client whose every request carries `origin`, as a browser on that page would send. */
function pollingClient(on: TestServer, token: string, origin: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = ioClient(`${on.url}/support`, {
      auth: { visitorToken: token },
      transports: ["polling"],
      extraHeaders: { Origin: origin },
      reconnection: false,
      forceNew: true,
    });
    on.sockets.push(socket);
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

test("when the host page's origin connects by long polling, then it gets CORS for itself and replies arrive live", async () => {
  const { token, ticketId } = await visitorToken(srv);
  const socket = await pollingClient(srv, token, HOST);
  expect(socket.io.engine.transport.name).toBe("polling");

  const admin = await srv.admin();
  const reply = nextEvent<{ body: string; ticketId: string }>(
    socket,
    "message:created",
    (m) => m.body === "Yes, loud and clear",
  );
  expect((await ticketApi(srv as never).post(admin, ticketId, { body: "Yes, loud and clear" })).status).toBe(
    201,
  );
  expect((await reply).ticketId).toBe(ticketId);

  // What a browser checks on each polling response: its own origin, exactly, and no credentials.
  const handshake = await request(srv.url)
    .get("/socket.io/")
    .query({ EIO: "4", transport: "polling" })
    .set("Origin", HOST);
  expect(handshake.status).toBe(200);
  expect(handshake.headers["access-control-allow-origin"]).toBe(HOST);
  expect(handshake.headers["access-control-allow-credentials"]).toBeUndefined();
});

test("when another origin tries, then the handshake is refused and it gets no CORS answer", async () => {
  const { token } = await visitorToken(srv);
  await expect(pollingClient(srv, token, OTHER)).rejects.toThrow();

  const handshake = await request(srv.url)
    .get("/socket.io/")
    .query({ EIO: "4", transport: "polling" })
    .set("Origin", OTHER);
  expect(handshake.status).toBe(403);
  expect(handshake.headers["access-control-allow-origin"]).toBeUndefined();
  // A preflight from that origin is not granted either.
  const preflight = await request(srv.url)
    .options("/socket.io/")
    .query({ EIO: "4", transport: "polling" })
    .set("Origin", OTHER)
    .set("Access-Control-Request-Method", "POST");
  expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
});

test("when Parley's own page or a non-browser client connects, then the origin check lets it through", async () => {
  const { token } = await visitorToken(srv);
  // Same origin as the server (Parley's own pages), and no Origin at all (not a browser).
  const own = await pollingClient(srv, token, srv.url);
  expect(own.connected).toBe(true);
  const bare = await new Promise<Socket>((resolve, reject) => {
    const s = ioClient(`${srv.url}/support`, {
      auth: { visitorToken: token },
      transports: ["polling"],
      reconnection: false,
      forceNew: true,
    });
    srv.sockets.push(s);
    s.once("connect", () => resolve(s));
    s.once("connect_error", reject);
  });
  expect(bare.connected).toBe(true);
});

test("when EMBED_ALLOWED_ORIGINS is unset, then the socket server sends no CORS header", async () => {
  const handshake = await request(plain.url)
    .get("/socket.io/")
    .query({ EIO: "4", transport: "polling" })
    .set("Origin", HOST);
  expect(handshake.status).toBe(200);
  expect(handshake.headers["access-control-allow-origin"]).toBeUndefined();
});
