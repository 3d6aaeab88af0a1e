import { createHmac, createSecretKey } from "node:crypto";
import jwt from "jsonwebtoken";
import { z } from "zod";
import {
  CONTEXT_CLAIM_MAX,
  CONTEXT_KEY_MAX,
  VISITOR_SHOP_PREFIX,
  VISITOR_TOKEN_AUDIENCE,
  isWellFormedText,
  str,
} from "@parley/contract";
import { toPrincipal, type Principal } from "../../shared/principal";
import { UnauthenticatedError } from "../../shared/app-error";

// Claims become database text, which cannot hold NUL or half a surrogate pair (stored as U+FFFD, two shop
// ids would become one shop): such a token is invalid, not a server error.
const claimText = (min: number, max = 255) =>
  str()
    .min(min)
    .max(max)
    .refine((s) => !s.includes("\u0000"), "must not contain NUL");

/** How long a visitor token lives: the widget keeps it in local storage across visits. */
export const VISITOR_TOKEN_TTL_S = 60 * 60 * 24 * 90;

/**
 * The latest `exp` accepted: the last second of the year 9999, the last instant an ISO 8601 date with a
 * four-digit year can name. Hosts mint user tokens with lifetimes of their own (the contract sets none), so
 * the bound refuses no lifetime anyone means; it refuses `exp` values such as 1e300, past which the time is
 * no longer a printable date (JavaScript's Date ends in the year 275760) and a leaked token never expires.
 */
export const TOKEN_EXP_MAX_S = Date.UTC(9999, 11, 31, 23, 59, 59) / 1000;

/**
 * `exp` (RFC 7519 NumericDate, which may have a fraction): finite and at most TOKEN_EXP_MAX_S. A
 * non-finite one never passes (zod's number refuses it), nor one in the past (jsonwebtoken: expired).
 */
const expClaim = z.number().max(TOKEN_EXP_MAX_S, "exp is beyond the year 9999");

/** The token claims of docs/architecture.md#identity: a host platform mints these, Parley verifies them. */
const ClaimsSchema = z
  .object({
    sub: claimText(1),
    role: z.enum(["shop", "admin"]),
    shopId: claimText(1).optional(),
    // A display name: the host's to choose; shown, never an identity, so a long or odd one is tidied, not refused.
    name: z.unknown().optional(),
    // Issue 18: the `type:id` keys (e.g. "order:8812") a shop may name as a ticket's context.
    contexts: z
      .array(claimText(3, CONTEXT_KEY_MAX).regex(/^[a-z]+:.+$/s))
      .max(CONTEXT_CLAIM_MAX)
      .optional(),
    // Where notifications go; a claim that is not an address is ignored rather than refusing the token.
    email: z.unknown().optional(),
    // The shop's display name, recorded on sight so alerts name the shop; ignored when not a short text.
    shopName: z.unknown().optional(),
    exp: expClaim,
    // A host may address its tokens (`aud`, `iss`, `iat`, `jti`, …: other claims are ignored); only a
    // visitor token (audience parley-visitor) is never a user token.
    aud: z
      .unknown()
      .refine(
        (a) => a !== VISITOR_TOKEN_AUDIENCE && !(Array.isArray(a) && a.includes(VISITOR_TOKEN_AUDIENCE)),
        "a visitor token is not a user token",
      )
      .optional(),
  })
  .refine((c) => c.role !== "shop" || c.shopId !== undefined, {
    message: "shopId is required for shop users",
    path: ["shopId"],
  })
  // The visitor: prefix is reserved for visitors' pseudo-shops and users (issue 18): no host may mint it.
  .refine((c) => !c.sub.startsWith(VISITOR_SHOP_PREFIX) && !c.shopId?.startsWith(VISITOR_SHOP_PREFIX), {
    message: "The visitor: prefix is reserved",
    path: ["shopId"],
  });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Line breaks, tabs and other control characters, and Unicode's line and paragraph separators. */
const LINE_BREAKING = /[\p{Cc}\u2028\u2029]+/gu;

/**
 * A `name` or `shopName` claim as Parley shows it: text only (anything else is ignored), without NUL or
 * half a surrogate pair (database text holds neither), on one line (it is a name in a list and a phrase in
 * an alert's sentence, where a line break would start a line of the host's choosing), trimmed, and cut to
 * 255 characters at a whole one.
 */
function displayName(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const clean = raw
    .replace(LONE_SURROGATE, "\uFFFD")
    .replaceAll("\u0000", "")
    .replace(LINE_BREAKING, " ")
    .trim();
  return clean ? Array.from(clean).slice(0, 255).join("").trimEnd() : undefined;
}

/**
 * An `email` claim Parley can send to: one address with no white space or control characters in it (database
 * text cannot hold NUL, which made every request of such a token a 500) and whole characters only (half a
 * surrogate pair would be stored as U+FFFD, another address). Anything else is no address and is ignored.
 */
function emailAddress(raw: unknown): string | undefined {
  if (typeof raw !== "string" || raw.length > 320 || !isWellFormedText(raw)) return undefined;
  return /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u.test(raw) ? raw : undefined;
}

/**
 * User tokens already verified, by their text, each until its `exp`. A client sends the same token with
 * every request, and verifying it again (HMAC, JSON, the claims' schema) cost 3–4% of a busy server's CPU
 * (docs/benchmarks.md, session 20). The secret is fixed for the process's life, so a token that verified
 * once verifies the same way until it expires; the expiry is checked as jsonwebtoken checks it (whole
 * seconds, no tolerance), and an expired token is verified again, which refuses it. The oldest entry
 * makes room for a new one.
 */
function createVerifiedTokens(max: number) {
  const entries = new Map<string, { principal: Principal; exp: number }>();
  return {
    get(token: string): Principal | null {
      const e = entries.get(token);
      if (!e) return null;
      if (Math.floor(Date.now() / 1000) < e.exp) return e.principal;
      entries.delete(token);
      return null;
    },
    set(token: string, principal: Principal, exp: number) {
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(token, { principal, exp });
    },
  };
}

/** A visitor token's claims: the session id and nothing a user token has. */
const VisitorClaimsSchema = z.object({
  sub: z.uuid(),
  aud: z.literal(VISITOR_TOKEN_AUDIENCE),
  exp: expClaim,
  role: z.undefined().optional(),
});

export type TokenService = {
  verify(token: string): Principal;
  sign(principal: Principal, expiresInSeconds?: number): string;
  /** An HMAC-SHA256 (base64url) of `data` under the token secret, separated by `purpose` (e.g. signed links). */
  mac(purpose: string, data: string): string;
  /** Visitor tokens (audience parley-visitor): the session id; a user token here is invalid. */
  signVisitor(sessionId: string, expiresInSeconds?: number): string;
  verifyVisitor(token: string): { sessionId: string };
  /** Whether a token claims the visitor audience (unverified: which of the verifies above to use). */
  claimsVisitor(token: string): boolean;
};

/** How many verified user tokens a process remembers (a few hundred bytes each). */
export const VERIFIED_TOKENS_KEPT = 1000;

export function createTokenService(secret: string): TokenService {
  // Given a string, jsonwebtoken first tries to parse it as a public key on every verify (and throws
  // inside); a ready secret KeyObject skips that, about 7% of the CPU of a busy server.
  const key = createSecretKey(Buffer.from(secret, "utf8"));
  const verified = createVerifiedTokens(VERIFIED_TOKENS_KEPT);
  return {
    verify(token) {
      const known = verified.get(token);
      if (known) return known;
      let payload: unknown;
      try {
        // Pinning the algorithm refuses alg:none and every asymmetric/other-HMAC confusion.
        const decoded = jwt.verify(token, key, { algorithms: ["HS256"], complete: true });
        // RFC 7515 4.1.11: a token whose `crit` header names extensions must be refused by a reader that
        // does not understand them, and Parley understands none.
        if ((decoded.header as { crit?: unknown }).crit !== undefined) throw new Error("crit header");
        payload = decoded.payload;
      } catch (err) {
        const expired = err instanceof jwt.TokenExpiredError;
        throw new UnauthenticatedError(expired ? "The token has expired." : "The token is invalid.");
      }
      const claims = ClaimsSchema.safeParse(payload);
      if (!claims.success) throw new UnauthenticatedError("The token's claims are invalid.");
      const c = claims.data;
      const email = emailAddress(c.email);
      const shopName =
        typeof c.shopName === "string" && c.shopName.length <= 255 ? displayName(c.shopName) : undefined;
      const principal = toPrincipal({
        userId: c.sub,
        role: c.role,
        shopId: c.shopId,
        name: displayName(c.name),
        contexts: c.contexts,
        email,
        shopName,
      });
      verified.set(token, Object.freeze(principal), c.exp);
      return principal;
    },
    signVisitor(sessionId, expiresInSeconds = VISITOR_TOKEN_TTL_S) {
      return jwt.sign({}, key, {
        algorithm: "HS256",
        subject: sessionId,
        audience: VISITOR_TOKEN_AUDIENCE,
        expiresIn: expiresInSeconds,
      });
    },
    verifyVisitor(token) {
      let payload: unknown;
      try {
        payload = jwt.verify(token, key, { algorithms: ["HS256"], audience: VISITOR_TOKEN_AUDIENCE });
      } catch (err) {
        const expired = err instanceof jwt.TokenExpiredError;
        throw new UnauthenticatedError(
          expired ? "The visitor token has expired." : "The visitor token is invalid.",
        );
      }
      const claims = VisitorClaimsSchema.safeParse(payload);
      if (!claims.success) throw new UnauthenticatedError("The visitor token's claims are invalid.");
      return { sessionId: claims.data.sub };
    },
    claimsVisitor(token) {
      let aud: unknown;
      try {
        aud = (jwt.decode(token, { json: true }) ?? {}).aud;
      } catch {
        // jsonwebtoken's decode throws when the payload is not JSON (jws parses it outside its try): such a
        // token claims nothing, and the user verify it then goes to refuses it with a 401, not a 500.
        return false;
      }
      return aud === VISITOR_TOKEN_AUDIENCE || (Array.isArray(aud) && aud.includes(VISITOR_TOKEN_AUDIENCE));
    },
    mac(purpose, data) {
      return createHmac("sha256", key).update(`${purpose}\n${data}`).digest("base64url");
    },
    sign(principal, expiresInSeconds = 60 * 60 * 12) {
      const claims: Record<string, unknown> = { role: principal.role };
      if (principal.shopId) claims.shopId = principal.shopId;
      if (principal.name) claims.name = principal.name;
      if (principal.role === "shop" && principal.contexts) claims.contexts = principal.contexts;
      if (principal.email) claims.email = principal.email;
      if (principal.role === "shop" && principal.shopName) claims.shopName = principal.shopName;
      return jwt.sign(claims, key, {
        algorithm: "HS256",
        subject: principal.userId,
        expiresIn: expiresInSeconds,
      });
    },
  };
}

/** Reads `Authorization: Bearer <jwt>`; returns null when the header is absent or not a bearer. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
