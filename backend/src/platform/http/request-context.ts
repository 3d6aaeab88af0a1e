import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import type { Logger } from "../logger";
import type { Principal } from "../../shared/principal";

declare module "express-serve-static-core" {
  interface Request {
    id: string;
    principal?: Principal;
  }
}

const INCOMING_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Gives every request an id (kept from X-Request-Id when it is sane), returns it, logs one line at the end. */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    req.id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader("X-Request-Id", req.id);
    // Below LOG_LEVEL=http winston would still build and pipe each line before dropping it.
    if (!logger.isLevelEnabled("http")) return next();
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.http("request", {
        requestId: req.id,
        method: req.method,
        path: req.originalUrl.split("?")[0],
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        userId: req.principal?.userId,
      });
    });
    next();
  };
}
