import type { IncomingMessage } from "node:http";

const lingering = new WeakSet<object>();

/** How long a refused upload's remaining bytes are read and dropped before the connection is cut. */
export const LINGER_MS = 2000;

/**
 * A lingering close, as Apache and nginx do it, for a request whose body the server refuses mid-upload
 * (answered with `Connection: close`).
 *
 * Node closes such a connection as soon as the answer is flushed. The client is still sending, and a socket
 * closed with unread bytes makes the kernel answer with a reset. Under load, a client busy writing then sees
 * its write fail (EPIPE or ECONNRESET) before it has read the answer, and never learns why it failed.
 *
 * For this one connection, Node's close (`socket.destroySoon`, which the HTTP server calls once a
 * `Connection: close` answer is out) becomes: send the answer and a FIN, drop whatever still arrives, and
 * close fully when the client stops sending or after `lingerMs`. The bytes read meanwhile are discarded as
 * they arrive, so memory stays flat. A request whose body was read to the end closes at once, as before.
 */
export function lingerAfterRefusal(req: IncomingMessage, lingerMs = LINGER_MS): void {
  const socket = req.socket;
  if (lingering.has(socket)) return;
  lingering.add(socket);
  const closeAtOnce = socket.destroySoon.bind(socket);
  socket.destroySoon = () => {
    // Nothing more can arrive: the body was read to its end, or the client has already sent its FIN.
    if (req.complete || socket.destroyed || socket.readableEnded) {
      closeAtOnce();
      return;
    }
    const cut = setTimeout(() => socket.destroy(), lingerMs);
    cut.unref();
    socket.once("close", () => clearTimeout(cut));
    // The client's FIN: it has sent everything (or given up), so nothing more can be reset.
    socket.once("end", () => socket.destroy());
    socket.end();
    req.resume();
  };
}
