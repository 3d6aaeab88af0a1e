import type { RequestHandler, Response } from "express";
import etag from "etag";

/**
 * API answers are private by default: a browser or proxy must not keep a ticket, a token or an error
 * (CONTRACT.md: every /api response carries `Cache-Control: no-store` unless it is public and cacheable).
 * A public route may replace the header with its own.
 */
export const noStoreByDefault: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};

/**
 * Sends JSON; an answer that may be kept (its Cache-Control is not `no-store`) carries an ETag, so a
 * cache revalidating it is answered 304 without the body. express's own ETag, computed for every answer,
 * is off (app.ts): almost every API answer is `no-store`, and nobody revalidates those.
 */
export function sendJson(res: Response, body: unknown): void {
  if (res.getHeader("Cache-Control") === "no-store") {
    res.json(body);
    return;
  }
  const json = JSON.stringify(body);
  res.setHeader("ETag", etag(json, { weak: true }));
  res.type("json").send(json);
}
