import request from "supertest";
import type { Socket } from "socket.io-client";
import { nextEvent, type TestServer } from "../support/test-server";
import { useVisitorServer, visitorConversation, visitorSocket } from "./helpers";

/**
 * Issue 18: the widget on a host page may have to use socket.io's long polling (WebSocket blocked by a
 * proxy). Polling is cross-origin HTTP, so the socket server answers CORS for EMBED_ALLOWED_ORIGINS,
 * exactly, and refuses a handshake from any other page's origin. Unset, nothing changes.
 */

const HOST = "http://market.test:8080";
const OTHER = "http://evil.test:8080";

const { srv, api } = useVisitorServer({ EMBED_ALLOWED_ORIGINS: HOST });
const { srv: plain } = useVisitorServer();

const visitorToken = (on: TestServer) =>
  visitorConversation(on, { name: "Polly" }, "Can you hear me over polling?");

/** The first request of a long-polling client on that page, as a browser sends it. */
const pollingHandshake = (on: TestServer, origin: string) =>
  request(on.url).get("/socket.io/").query({ EIO: "4", transport: "polling" }).set("Origin", origin);

/** A polling-only client whose every request carries `origin`, as a browser on that page would send. */
function pollingClient(on: TestServer, token: string, origin: string): Promise<Socket> {
  return visitorSocket(on, token, { transports: ["polling"], extraHeaders: { Origin: origin } });
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
  expect((await api.post(admin, ticketId, { body: "Yes, loud and clear" })).status).toBe(201);
  expect((await reply).ticketId).toBe(ticketId);

  // What a browser checks on each polling response: its own origin, exactly, and no credentials.
  const handshake = await pollingHandshake(srv, HOST);
  expect(handshake.status).toBe(200);
  expect(handshake.headers["access-control-allow-origin"]).toBe(HOST);
  expect(handshake.headers["access-control-allow-credentials"]).toBeUndefined();
});

test("when another origin tries, then the handshake is refused and it gets no CORS answer", async () => {
  const { token } = await visitorToken(srv);
  await expect(pollingClient(srv, token, OTHER)).rejects.toThrow();

  const handshake = await pollingHandshake(srv, OTHER);
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
  const bare = await visitorSocket(srv, token, { transports: ["polling"] });
  expect(bare.connected).toBe(true);
});

test("when EMBED_ALLOWED_ORIGINS is unset, then the socket server sends no CORS header", async () => {
  const handshake = await pollingHandshake(plain, HOST);
  expect(handshake.status).toBe(200);
  expect(handshake.headers["access-control-allow-origin"]).toBeUndefined();
});
