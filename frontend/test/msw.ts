/**
 * The network in tests: msw answers the app's real fetch calls (the API client runs unchanged). Each test
 * installs its handlers with `server.use(...)`; a request nobody handles fails the test (but for the few
 * defaults below). `recordRequests` lists what was sent, for tests that check a request's query or body.
 */
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { ATTACHMENTS_PER_MESSAGE_MAX, UPLOAD_MAX_BYTES_DEFAULT, type UploadLimits } from "@parley/contract";

/**
 * Answers every test gets unless it installs its own (`resetHandlers` keeps these): what a screen reads once
 * per session and that no test is about.
 */
const defaults = [
  http.get("/api/uploads/limits", () =>
    HttpResponse.json({
      maxBytes: UPLOAD_MAX_BYTES_DEFAULT,
      perMessage: ATTACHMENTS_PER_MESSAGE_MAX,
    } satisfies UploadLimits),
  ),
];

export const server = setupServer(...defaults);

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
