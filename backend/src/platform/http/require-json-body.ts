import type { RequestHandler } from "express";
import { AppError } from "../../shared/app-error";

/** The media types of a JSON body: what express.json parses, and what requireJsonBody lets through. */
export const JSON_BODY_TYPES = ["application/json", "application/*+json"];

/**
 * express.json reads only a JSON body and leaves any other unread, so a handler saw no body at all:
 * `{"email": false}` sent as text/plain changed nothing yet answered 200, and a client believed it had set
 * something that was dropped. A body that was sent must be JSON: otherwise it is the contract's 400
 * MALFORMED_JSON ("body is not JSON"; 415 is for uploads' sniffed types). `except` names the mounted
 * paths that read another type themselves (uploads: multipart).
 */
export function requireJsonBody(except: string[]): RequestHandler {
  return (req, _res, next) => {
    // An empty body (`Content-Length: 0`, which fetch sends for a POST without one) is no body.
    const sent = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"]) > 0;
    if (
      sent &&
      !req.is(JSON_BODY_TYPES) &&
      !except.some((p) => req.path === p || req.path.startsWith(`${p}/`))
    ) {
      throw new AppError(
        "MALFORMED_JSON",
        "The request body is not JSON: send it as JSON with Content-Type: application/json.",
        [
          {
            path: "(content-type)",
            message: `expected application/json, received ${req.get("content-type") ?? "none"}`,
          },
        ],
      );
    }
    next();
  };
}
