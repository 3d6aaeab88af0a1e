import request from "supertest";
import { io as ioClient, type Socket } from "socket.io-client";
import type { TestServer, Transport } from "../support/test-server";
import { useTeamServer } from "../team/helpers";

/**
 * Parley listening on a free port, with real socket.io, on this file's test database, with `env`'s settings
 * (the visitor tests need their own upload and rate limits, embed origins), and the ticket API on it.
 */
export function useVisitorServer(env: Record<string, string> = {}) {
  const { srv, api } = useTeamServer(env);
  return { srv, api };
}

/** A visitor's session (with `details` such as its name) and its first message, which opens its conversation. */
export async function visitorConversation(
  srv: Pick<TestServer, "app">,
  details: Record<string, unknown>,
  firstMessage: string,
): Promise<{ token: string; ticketId: string }> {
  const session = await request(srv.app).post("/api/visitor/sessions").send(details);
  expect(session.status).toBe(201);
  const token = session.body.visitorToken as string;
  const first = await request(srv.app)
    .post("/api/visitor/messages")
    .set({ Authorization: `Bearer ${token}` })
    .send({ body: firstMessage });
  expect(first.status).toBe(201);
  return { token, ticketId: first.body.ticketId as string };
}

/**
 * A website visitor's socket on the support namespace (closed with the server); rejects on a refused token.
 * WebSocket unless `transports` says otherwise; `extraHeaders` are sent as a browser would (its Origin).
 */
export function visitorSocket(
  srv: TestServer,
  token: string,
  opts: { transports?: Transport[]; extraHeaders?: Record<string, string> } = {},
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = ioClient(`${srv.url}/support`, {
      auth: { visitorToken: token },
      transports: opts.transports ?? ["websocket"],
      ...(opts.extraHeaders ? { extraHeaders: opts.extraHeaders } : {}),
      reconnection: false,
      forceNew: true,
    });
    srv.sockets.push(socket);
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(err));
  });
}
