// End-to-end tests in Debian's Chromium. Each file in e2e/scenarios/ is one user story; they run in name
// order against one shared server (its own data directory, demo users seeded), and any may start a server
// of its own with extra environment (`t.startServer(env)`). Fails on any console error.
// `node e2e/run.mjs attach` runs only the scenarios whose file name contains "attach". Exit 0 = PASS.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureBuild, httpFailures, launchBrowser, startServer } from "./harness.mjs";

const LIVE_TIMEOUT = 10_000;
const started = Date.now();
const errors = [];
const servers = [];
let browser;

/**
 * @typedef {object} ScenarioContext
 * @property {import("playwright-core").Browser} browser
 * @property {string} url the shared server's origin
 * @property {(env?: Record<string, string>) => Promise<{url: string, stop: () => Promise<void>, output: () => string}>} startServer
 * @property {(text: string) => void} step
 * @property {string[]} errors console errors collected by watchErrors; any fails the run
 * @property {(check: () => Promise<boolean>, what: string, timeout?: number) => Promise<void>} eventually
 * @property {(page: import("playwright-core").Page, url: string, name: string) => Promise<void>} signIn
 * @property {number} LIVE_TIMEOUT
 */

function step(text) {
  console.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s  ${text}`);
}

/** Polls `check` until it is true (for values a locator cannot wait on, like a select's value). */
async function eventually(check, what, timeout = LIVE_TIMEOUT) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signIn(page, url, name) {
  await page.goto(`${url}/login`);
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
}

async function startTrackedServer(env) {
  const server = await startServer(env);
  servers.push(server);
  return server;
}

const filter = process.argv[2] ?? "";
const dir = path.join(import.meta.dirname, "scenarios");
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".mjs") && f.includes(filter))
  .sort();

let failed = false;
try {
  if (!files.length) throw new Error(`no scenario matches "${filter}"`);
  ensureBuild();
  const shared = await startTrackedServer();
  step(`server up at ${shared.url}`);
  browser = await launchBrowser();
  for (const file of files) {
    const scenario = await import(pathToFileURL(path.join(dir, file)).href);
    step(`── ${scenario.name ?? file}`);
    // A fresh browser context per scenario keeps sessions and storage apart.
    await scenario.default({
      browser,
      url: shared.url,
      startServer: startTrackedServer,
      step,
      errors,
      eventually,
      signIn,
      LIVE_TIMEOUT,
    });
    if (errors.length) throw new Error(`console errors:\n${errors.join("\n")}`);
  }
} catch (err) {
  failed = true;
  console.error(`\n${err.stack ?? err}`);
  if (errors.length) console.error(`\nBrowser errors seen:\n${errors.join("\n")}`);
  if (httpFailures.length) console.error(`\nHTTP answers >= 400 seen:\n${httpFailures.join("\n")}`);
  for (const server of servers) {
    console.error(
      `\nServer ${server.url} output (tail):\n${server.output().split("\n").slice(-30).join("\n")}`,
    );
  }
} finally {
  await browser?.close().catch(() => {});
  for (const server of servers) await server.stop().catch(() => {});
}
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(failed ? `E2E FAIL (${secs}s)` : `E2E PASS (${secs}s)`);
process.exit(failed ? 1 : 0);
