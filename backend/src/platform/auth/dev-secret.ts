import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Where a development server keeps the secret it generated, so a restart keeps everyone signed in. */
export const DEV_SECRET_FILE = "jwt-secret.dev";

/**
 * The development JWT secret: read from DATA_DIR if an earlier run generated one, else generated and
 * written there with mode 600. Never called in production (env.ts refuses to start without JWT_SECRET).
 */
export function loadOrCreateDevSecret(
  dataDir: string,
  nodeEnv: string,
): { secret: string; created: boolean; file: string } {
  if (nodeEnv === "production") throw new Error("a generated JWT secret is never used in production");
  const file = path.join(dataDir, DEV_SECRET_FILE);
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) {
      // Tighten a file someone loosened: it signs every session.
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return { secret: existing, created: false, file };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const secret = randomBytes(32).toString("hex");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, created: true, file };
}
