import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTokenService } from "../../src/platform/auth/token";
import { DEV_SECRET_FILE, loadOrCreateDevSecret } from "../../src/platform/auth/dev-secret";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "parley-secret-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test("when a development server restarts, then it reuses the secret kept under DATA_DIR and old tokens still verify", () => {
  const dataDir = path.join(tmp(), "data");
  const first = loadOrCreateDevSecret(dataDir, "development");
  expect(first.created).toBe(true);
  expect(first.secret.length).toBeGreaterThanOrEqual(32);
  expect(statSync(path.join(dataDir, DEV_SECRET_FILE)).mode & 0o777).toBe(0o600);

  const principal = { userId: "u1", role: "admin", shopId: null, name: "Ada" } as const;
  const token = createTokenService(first.secret).sign(principal);
  const second = loadOrCreateDevSecret(dataDir, "development");
  expect(second.created).toBe(false);
  expect(second.secret).toBe(first.secret);
  expect(createTokenService(second.secret).verify(token)).toMatchObject({ userId: "u1", role: "admin" });
  expect(() =>
    createTokenService(loadOrCreateDevSecret(tmp(), "development").secret).verify(token),
  ).toThrow();
});

test("when the kept file was loosened or is too short, then it is tightened or replaced", () => {
  const dataDir = tmp();
  const file = path.join(dataDir, DEV_SECRET_FILE);
  writeFileSync(file, "short\n", { mode: 0o644 });
  const replaced = loadOrCreateDevSecret(dataDir, "development");
  expect(replaced.created).toBe(true);
  expect(readFileSync(file, "utf8").trim()).toBe(replaced.secret);
  writeFileSync(file, "x".repeat(40), { mode: 0o644 });
  const kept = loadOrCreateDevSecret(dataDir, "development");
  expect(kept.secret).toBe("x".repeat(40));
  expect(statSync(file).mode & 0o777).toBe(0o600);
});

test("when NODE_ENV is production, then no secret is ever generated", () => {
  expect(() => loadOrCreateDevSecret(tmp(), "production")).toThrow(/never used in production/);
});
