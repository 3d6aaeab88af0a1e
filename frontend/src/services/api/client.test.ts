import { delay, http, HttpResponse } from "msw";
import { z } from "zod";
import { server } from "../../../test/msw";
import { ApiError, READ_TIMEOUT_MS, request, shouldRetryRead } from "./client";

afterEach(() => vi.useRealTimers());

test("when a read goes unanswered, then it fails with a message to try again instead of loading for ever", async () => {
  server.use(
    http.get("/api/stalled", async () => {
      await delay("infinite");
      return HttpResponse.json({});
    }),
  );
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const read = request(z.object({}), "/api/stalled");
  const failed = expect(read).rejects.toMatchObject({
    code: "TIMEOUT",
    message: "The server is taking too long to answer. Try again in a moment.",
  });
  await vi.advanceTimersByTimeAsync(READ_TIMEOUT_MS);
  await failed;
  await expect(read).rejects.toBeInstanceOf(ApiError);
});

test("when a read is answered in time, then its answer is returned and the caller can still cancel it", async () => {
  server.use(http.get("/api/quick", () => HttpResponse.json({ ok: true })));
  await expect(request(z.object({ ok: z.boolean() }), "/api/quick")).resolves.toEqual({ ok: true });

  server.use(
    http.get("/api/slow", async () => {
      await delay("infinite");
      return HttpResponse.json({});
    }),
  );
  const cancel = new AbortController();
  const read = request(z.object({}), "/api/slow", { signal: cancel.signal });
  cancel.abort();
  await expect(read).rejects.toMatchObject({ name: "AbortError" });
});

test("when a read failed, then it is asked again up to twice, except after a refusal or a timeout", () => {
  const timeout = new ApiError(0, "TIMEOUT", "The server is taking too long to answer.");
  expect(shouldRetryRead(0, timeout)).toBe(false);
  expect(shouldRetryRead(0, new ApiError(404, "NOT_FOUND", "No such ticket."))).toBe(false);
  expect(shouldRetryRead(0, new ApiError(503, "SERVICE_UNAVAILABLE", "Busy."))).toBe(true);
  expect(shouldRetryRead(1, new ApiError(0, "NETWORK", "Cannot reach the server."))).toBe(true);
  expect(shouldRetryRead(2, new ApiError(503, "SERVICE_UNAVAILABLE", "Busy."))).toBe(false);
});

test("when a proxy answers 502, 503 or 504 without Parley's error body, then the error says so in plain words", async () => {
  const unreachable = "Parley's server is not reachable right now. Try again in a moment.";
  server.use(
    http.get("/api/proxied/502", () =>
      HttpResponse.html("<html><body><h1>502 Bad Gateway</h1></body></html>", { status: 502 }),
    ),
    http.get("/api/proxied/503", () => new HttpResponse(null, { status: 503 })),
    http.get("/api/proxied/504", () => HttpResponse.text("upstream timed out", { status: 504 })),
  );
  for (const status of [502, 503, 504]) {
    await expect(request(z.object({}), `/api/proxied/${status}`)).rejects.toMatchObject({
      status,
      code: `HTTP_${status}`,
      message: unreachable,
    });
  }
});

test("when Parley itself answers 503 with its error body, then the error keeps the server's sentence", async () => {
  server.use(
    http.get("/api/busy", () =>
      HttpResponse.json(
        { error: { code: "SERVICE_UNAVAILABLE", message: "The database is busy.", requestId: "r-1" } },
        { status: 503, headers: { "Retry-After": "2" } },
      ),
    ),
  );
  await expect(request(z.object({}), "/api/busy")).rejects.toMatchObject({
    status: 503,
    code: "SERVICE_UNAVAILABLE",
    message: "The database is busy.",
    requestId: "r-1",
  });
});
