/**
 * The network in tests: msw answers the app's real fetch calls (the API client runs unchanged). Each test
 * installs its handlers with `server.use(...)`; a request nobody handles fails the test. `recordRequests`
 * lists what was sent, for tests that check a request's query or body.
 */
import { setupServer } from "msw/node";

export const server = setupServer();

export type SentRequest = { method: string; path: string; query: URLSearchParams; body: unknown };

export function recordRequests(): SentRequest[] {
  const sent: SentRequest[] = [];
  server.events.on("request:start", ({ request }) => {
    const url = new URL(request.url);
    const entry: SentRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      body: undefined,
    };
    sent.push(entry);
    void request
      .clone()
      .text()
      .then((text) => {
        entry.body = text ? JSON.parse(text) : undefined;
      });
  });
  return sent;
}
