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
