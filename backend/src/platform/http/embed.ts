import fs from "node:fs";
import path from "node:path";
import type { RequestHandler } from "express";
import { embedConfigSchema, type EmbedConfig } from "@parley/contract";
import { sendJson } from "./cache-control";

/**
 * Issue 18: Parley inside a host marketplace. Two precise openings, both driven by EMBED_ALLOWED_ORIGINS
 * and both absent when it is unset:
 * - CORS on /api for exactly those origins (no credentials: the API takes bearer tokens, not cookies);
 * - CSP frame-ancestors on /embed/* for exactly those origins (every other page keeps 'self').
 */

const ALLOWED_HEADERS = "Authorization, Content-Type, Accept";
const ALLOWED_METHODS = "GET, POST, PATCH, PUT, DELETE";
const EXPOSED_HEADERS = "Retry-After, RateLimit, RateLimit-Policy";

export function embedCors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.get("origin");
    // Always vary: a cache must not hand one origin's answer (with or without the header) to another.
    if (allowed.size > 0) res.vary("Origin");
    if (!origin || !allowed.has(origin)) return next();
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    if (req.method === "OPTIONS" && req.get("access-control-request-method")) {
      res.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
      res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      res.setHeader("Access-Control-Max-Age", "600");
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * Whether a socket.io handshake from `origin` may open (issue 18). Only asked when EMBED_ALLOWED_ORIGINS
 * is set: no Origin (not a browser), Parley's own pages (the request's own host, or PUBLIC_URL behind a
 * proxy that rewrites Host) and the embedding origins connect; any other page's browser is refused.
 */
export function socketOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: ReadonlySet<string>,
  publicOrigin: string | null,
): boolean {
  if (!origin) return true;
  if (allowed.has(origin) || origin === publicOrigin) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The frame-ancestors sources for /embed/*: Parley itself and the configured hosts. */
/** The pages a host may frame: the shop's support tab and the customer FAQ (a trailing slash allowed). */
export function isEmbedPage(path: string): boolean {
  return /^\/embed\/(support|help)\/?$/.test(path);
}

export function embedFrameAncestors(allowedOrigins: readonly string[]): string[] {
  return ["'self'", ...allowedOrigins];
}

/** GET /api/embed/config: what an embedded frame checks a postMessage event's origin against. */
export function embedConfigHandler(allowedOrigins: readonly string[]): RequestHandler {
  const body: EmbedConfig = embedConfigSchema.parse({ allowedOrigins: [...allowedOrigins] });
  return (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=60");
    sendJson(res, body);
  };
}

/**
 * GET /parley-embed.js: the @parley/embed client as an ES module a host page may import from Parley
 * itself. Public and cacheable briefly; a cross-origin module script needs CORS, and it holds no secret.
 */
export function embedClientHandler(file: string): RequestHandler {
  return (_req, res) => {
    // Never the web app's index.html in its place: a host page's <script> would run HTML.
    if (!fs.existsSync(file)) {
      res
        .status(404)
        .type("text/plain")
        .send(`${path.basename(file)} is not built (npm run build).`);
      return;
    }
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    res.setHeader("Cache-Control", "public, max-age=300");
    res.type("text/javascript").sendFile(file);
  };
}
