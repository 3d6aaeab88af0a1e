/**
 * The embedded database allows one process: a second `npm start` on the same DATA_DIR must refuse,
 * and after `kill -9` of the first a restart must work with every committed write still there.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rawToken, inOneHour } from "../support/tokens";

const ROOT = path.resolve(__dirname, "../../..");
const SECRET = "single-process-test-secret-7d2e91c4b0";
const children: ChildProcess[] = [];

function startParley(dataDir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "backend/src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "development",
      DATA_DIR: dataDir,
      PORT: "0",
      JWT_SECRET: SECRET,
      SEED_DEMO: "false",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  const onData = (d: Buffer) => (output += d.toString());
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const listening = new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  listening.catch(() => undefined); // awaited only by callers that expect a start
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, listening, exited, output: () => output };
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

test("when a second process opens the same DATA_DIR, then it refuses; after kill -9 a restart keeps the data", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-single-"));
  const first = startParley(dataDir);
  const url = await first.listening;

  // A committed write: the first sight of a shop records it.
  const shopId = `kept-${randomUUID()}`;
  const token = rawToken({ sub: `u-${shopId}`, role: "shop", shopId, exp: inOneHour() }, {}, SECRET);
  const me = await fetch(`${url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status).toBe(200);

  const second = startParley(dataDir);
  expect(await second.exited).toBe(1);
  expect(second.output()).toMatch(/Another Parley process \(pid \d+\) is using the embedded database/);

  first.child.kill("SIGKILL");
  await first.exited;

  const third = startParley(dataDir);
  const url3 = await third.listening;
  const admin = rawToken({ sub: "admin-check", role: "admin", exp: inOneHour() }, {}, SECRET);
  const shops = await fetch(`${url3}/api/shops`, { headers: { Authorization: `Bearer ${admin}` } });
  expect(shops.status).toBe(200);
  const body = (await shops.json()) as { items: Array<{ id: string }> };
  expect(body.items.map((s) => s.id)).toContain(shopId);

  third.child.kill("SIGTERM");
  expect(await third.exited).toBe(0);
  expect(fs.existsSync(path.join(dataDir, "parley.lock"))).toBe(false);
}, 90_000);
