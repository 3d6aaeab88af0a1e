import type { RequestHandler } from "express";
import { ValidationError } from "../../shared/app-error";

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a body, query or path would fail deep in a query
 * as a 500 (`PATCH /api/admins/%00`). Refusing it here covers every endpoint, present and future, with a
 * clear 400. The path is read still percent-encoded (route params are not known yet at this point), and
 * HTTP parsers refuse a raw NUL in the request line, so `%00` is the only way one arrives there.
 */
export const rejectNulCharacters: RequestHandler = (req, _res, next) => {
  const found = [
    req.path.includes("%00") ? "(path)" : null,
    // Named as the schemas' own errors name a field (`name`, not `body.name`): one form of path per API.
    findNul(req.body, ""),
    findNul(req.query, ""),
  ].filter((p) => p !== null);
  if (found.length) {
    throw new ValidationError(
      "The request contains a NUL character, which Parley does not accept.",
      found.map((path) => ({ path, message: "must not contain the NUL character (U+0000)" })),
    );
  }
  next();
};

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path || "(root)" : null;
  if (depth > 20 || value === null || typeof value !== "object") return null;
  const at = (key: string) => (path ? `${path}.${key}` : key);
  for (const [key, child] of Object.entries(value)) {
    if (key.includes("\u0000")) return at(key.replaceAll("\u0000", "\\0"));
    const hit = findNul(child, at(key), depth + 1);
    if (hit) return hit;
  }
  return null;
}
