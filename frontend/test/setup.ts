import "@testing-library/jest-dom/vitest";
import { configure } from "@testing-library/react";
import { server } from "./msw";

// On a busy machine a render plus a (mocked) request can take more than RTL's default 1 s; waiting
// longer costs nothing when things are fast, and keeps the suite independent of machine speed.
configure({ asyncUtilTimeout: 10_000 });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  server.events.removeAllListeners();
  localStorage.clear();
});
afterAll(() => server.close());
