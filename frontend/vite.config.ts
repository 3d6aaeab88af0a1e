/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

const backend = process.env.PARLEY_BACKEND ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    port: 5173,
    proxy: {
      "/api": backend,
      "/socket.io": { target: backend, ws: true },
    },
  },
  test: {
    environment: "jsdom",
    // Vitest's default is one worker fewer than the cores: on CI's two that is one, and the suite took 239 s
    // on this machine against 160 s with two (each file boots its own jsdom, mostly CPU).
    maxWorkers: "100%",
    // Worker threads rather than Vitest's default child processes: each file still gets a fresh worker and
    // jsdom, but a thread starts cheaper than a process (the suite: 179 s → 151 s on this 2-core machine).
    pool: "threads",
    globals: true,
    setupFiles: ["./test/setup.ts"],
    // Generous: the suite must pass on a loaded CI machine; a hung test still fails.
    testTimeout: 30_000,
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
  },
});
