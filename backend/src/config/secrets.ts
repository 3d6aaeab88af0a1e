/**
 * What makes a JWT_SECRET unfit: CONTRACT.md v2 asks for at least 32 characters and no known placeholder.
 * Anyone who can guess the secret can mint an admin token, so a placeholder copied from an example file is
 * as bad as no secret at all.
 */
export const JWT_SECRET_MIN_LENGTH = 32;

/** Secrets seen in example files and tutorials, compared without case, separators or a trailing number. */
const PLACEHOLDERS = [
  "change-me-to-a-long-random-string",
  "changeme",
  "change-me",
  "changethis",
  "replaceme",
  "secret",
  "jwtsecret",
  "supersecret",
  "mysecret",
  "yoursecret",
  "secretkey",
  "password",
  "parley",
  "test",
  "example",
  "placeholder",
];

/** Words that mark a value as a placeholder wherever they appear in it. */
const PLACEHOLDER_WORDS = ["changeme", "changethis", "replaceme", "placeholder", "yoursecret", "example"];

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Why the secret is unfit, or null when it is acceptable. */
export function weakSecretReason(secret: string): string | null {
  if (secret.length < JWT_SECRET_MIN_LENGTH) {
    return `must be at least ${JWT_SECRET_MIN_LENGTH} characters (it has ${secret.length})`;
  }
  const squashed = squash(secret);
  const withoutDigits = squashed.replace(/\d+$/, "");
  const placeholder =
    PLACEHOLDERS.some((p) => squash(p) === squashed || squash(p) === withoutDigits) ||
    PLACEHOLDER_WORDS.some((w) => squashed.includes(w));
  if (placeholder) return "is a known placeholder; generate one with `openssl rand -hex 32`";
  // "aaaa…", "abababab…", "secretsecretsecret…": a short unit repeated is guessable whatever its length.
  if (/^(.{1,8}?)\1+$/s.test(secret)) return "is one short pattern repeated; use random characters";
  if (new Set(secret).size < 8) return "uses fewer than 8 different characters; use random characters";
  return null;
}
