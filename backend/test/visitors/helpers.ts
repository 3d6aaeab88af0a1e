import { io as ioClient, type Socket } from "socket.io-client";
import type { TestServer } from "../support/test-server";

/** A website visitor's socket on the support namespace (closed with the server); rejects on a refused token. */
export function visitorSocket(srv: TestServer, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = ioClient(`${srv.url}/support`, {
      auth: { visitorToken: token },
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    srv.sockets.push(socket);
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(err));
  });
}
