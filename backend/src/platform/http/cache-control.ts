import type { RequestHandler } from "express";

/**
 * API answers are private by default: a browser or proxy must not keep a ticket, a token or an error
 * (CONTRACT.md: every /api response carries `Cache-Control: no-store` unless it is public and cacheable).
 * A public route may replace the header with its own.
 */
export const noStoreByDefault: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};
