import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "parley-lock-"));

test("when the directory is free, then the lock is taken and released", () => {
  const dir = tempDir();
  const lock = lockDataDir(dir);
  expect(fs.readFileSync(path.join(dir, "parley.lock"), "utf8")).toBe(String(process.pid));
  lock.release();
  expect(fs.existsSync(path.join(dir, "parley.lock"))).toBe(false);
});

test("when a live process holds the lock, then locking fails and names it", () => {
  const dir = tempDir();
  // The parent of this test process is alive for the whole test.
  fs.writeFileSync(path.join(dir, "parley.lock"), String(process.ppid));
  expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
  expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${process.ppid}`));
});

test("when the holder is dead (killed with -9), then the stale lock is taken over", () => {
  const dir = tempDir();
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  fs.writeFileSync(path.join(dir, "parley.lock"), dead.stdout.toString());
  const lock = lockDataDir(dir);
  expect(fs.readFileSync(path.join(dir, "parley.lock"), "utf8")).toBe(String(process.pid));
  lock.release();
});

test("when the lock file is empty garbage, then it is treated as stale", () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "parley.lock"), "");
  lockDataDir(dir).release();
});
