import { defineConfig } from "vitest/config";

// The widget's own tests: its DOM in jsdom, the server played by msw (the widget's fetch runs unchanged).
export default defineConfig({
  test: {
    environment: "jsdom",
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/setup.ts"],
    // Generous: the suite must pass on a loaded CI machine; a hung test still fails.
    testTimeout: 30_000,
  },
});
