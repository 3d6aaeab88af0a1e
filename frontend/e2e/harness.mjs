// Shared by the end-to-end test and the screenshot script: builds the app if needed, starts the real
// backend on a free port with a fresh data directory (demo users seeded), and launches Debian's Chromium.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const root = path.resolve(import.meta.dirname, "../..");

export const DEMO = {
  admin: { email: "admin@parley.local", name: "Ada Admin" },
  acme: { email: "acme@parley.local", name: "Sam (Acme Outfitters)" },
  bolt: { email: "bolt@parley.local", name: "Kim (Bolt Bikes)" },
  password: "parley-demo",
};

export function ensureBuild() {
  execFileSync(process.execPath, [path.join(root, "scripts/ensure-frontend-build.mjs")], {
    cwd: root,
    stdio: "inherit",
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A migrated embedded database that later servers start from (a copy each), made beside the first server's
 * start. A fresh embedded database costs a server about 5 s of CPU (initdb, then every migration): the first
 * server still pays it, as a fresh install does; the scenarios' other embedded servers skip it.
 */
let migratedTemplate;

function makeMigratedTemplate() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-e2e-template-"));
  process.once("exit", () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "backend/src/cli/migrate.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr.on("data", (d) => (errors += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(dataDir)
        : reject(new Error(`migrating the template failed (${code}):\n${errors}`)),
    );
  });
}

/**
 * Starts the backend (which also serves the built app) with `extraEnv` on top of a development set-up.
 * Returns { url, stop, output }.
 */
export async function startServer(extraEnv = {}) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-e2e-"));
  const embedded = !(extraEnv.DATABASE_URL ?? process.env.DATABASE_URL);
  if (embedded && migratedTemplate) {
    fs.cpSync(path.join(await migratedTemplate, "pgdata"), path.join(dataDir, "pgdata"), { recursive: true });
  } else if (embedded) {
    migratedTemplate = makeMigratedTemplate();
    // Not awaited here; a failure surfaces at the next embedded server's start.
    migratedTemplate.catch(() => {});
  }
  const env = {
    ...process.env,
    NODE_ENV: "development",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
  };
  delete env.JWT_SECRET;
  delete env.SEED_DEMO;
  // The scenarios file their own tickets: no demo ticket history in their queues.
  env.SEED_DEMO_HISTORY = "false";
  env.LOG_LEVEL = "warn";
  // Every browser and API call of every scenario comes from 127.0.0.1 within a few minutes: the per-address
  // limits (tested in the backend suite) would refuse the story, not a hostile client.
  env.RATE_LIMIT_LOGIN_PER_MINUTE = "1000";
  env.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT = "1000";
  env.RATE_LIMIT_WRITES_PER_MINUTE = "10000";
  env.RATE_LIMIT_READS_PER_MINUTE = "10000";
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, ["--import", "tsx", "backend/src/main.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  let exited = false;
  child.on("exit", () => (exited = true));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  // Generous: a server boots its PGlite and migrates in seconds on a quiet machine, but a busy 2-core CI
  // machine took over 60 s once (the browser-push scenario's second server).
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited) throw new Error(`The server exited during start-up:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not become healthy within 180 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop, output: () => output };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** HTTP answers of 400 and above that pages received: printed when a run fails, to explain console errors. */
export const httpFailures = [];

/** Collects console errors and uncaught page errors, labelled by who saw them. */
export function watchErrors(page, label, errors, tolerate = () => false) {
  page.on("response", (r) => {
    if (r.status() >= 400) httpFailures.push(`[${label}] ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on("console", (msg) => {
    if (msg.type() === "error" && !tolerate(msg.text())) errors.push(`[${label}] console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`[${label}] pageerror: ${err.message}`));
}

/** Signs in through the API (for seeding), returning the token. */
export async function apiLogin(url, email) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: DEMO.password }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return (await res.json()).token;
}

export async function api(url, token, method, p, body) {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
