/**
 * The network in the widget's tests: msw answers the widget's real fetch calls. Each test installs its
 * handlers with `server.use(...)`; a request nobody handles fails the test. `requested` lists what was sent.
 */
import { setupServer } from "msw/node";

export const server = setupServer();

/** "METHOD /path" of every request sent from now on, in order. */
export function requested(): string[] {
  const sent: string[] = [];
  server.events.on("request:start", ({ request }) => {
    sent.push(`${request.method} ${new URL(request.url).pathname}`);
  });
  return sent;
}
