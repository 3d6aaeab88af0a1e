import jwt from "jsonwebtoken";
import { TEST_SECRET } from "./test-context";

/** Hand-made tokens for the identity edge cases the contract lists. */
export function rawToken(
  claims: Record<string, unknown>,
  opts: jwt.SignOptions = {},
  secret = TEST_SECRET,
): string {
  return jwt.sign(claims, secret, { algorithm: "HS256", ...opts });
}

export function unsignedToken(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${enc({ alg: "none", typ: "JWT" })}.${enc(claims)}.`;
}

export const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;
