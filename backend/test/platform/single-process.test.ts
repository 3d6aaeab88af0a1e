/**
 * The embedded database allows one process: a second `npm start` on the same DATA_DIR must refuse,
 * and after `kill -9` of the first a restart must work with every committed write still there.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { rawToken, inOneHour } from "../support/tokens";
import { spawnParley, type ParleyProcess } from "../support/parley-process";

const SECRET = "single-process-test-secret-7d2e91c4b0";
const started: ParleyProcess[] = [];

function startParley(dataDir: string): ParleyProcess {
  const p = spawnParley({
    NODE_ENV: "development",
    DATA_DIR: dataDir,
    JWT_SECRET: SECRET,
    SEED_DEMO: "false",
  });
  started.push(p);
  return p;
}

afterAll(() => {
  for (const p of started) if (p.alive()) p.child.kill("SIGKILL");
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
