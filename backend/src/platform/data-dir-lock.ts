import fs from "node:fs";
import path from "node:path";

/**
 * PGlite lets a second process open the same data directory and then silently loses writes,
 * so the embedded database is guarded by an exclusive lock file holding the owner's pid.
 * A lock whose pid is no longer alive (a process killed with -9) is stale and taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another Parley process (pid ${pid}) is using the embedded database in ${dataDir}. ` +
        `The embedded database allows one process at a time: stop that process, ` +
        `use another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.`,
    );
  }
}

export type DataDirLock = { release(): void };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "parley.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      return {
        release: () => {
          try {
            if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      let owner = Number.parseInt(readOrEmpty(lockPath), 10);
      if (!Number.isInteger(owner)) {
        // Another process may have created the file and not yet written its pid: look again shortly.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
        owner = Number.parseInt(readOrEmpty(lockPath), 10);
      }
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(dataDir, owner);
      }
      // Stale (its owner is dead) or half-written: remove it and try again.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}: the lock file keeps changing under us`);
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
