import { Router, type RequestHandler } from "express";
import {
  createVisitorSessionBodySchema,
  markReadBodySchema,
  postVisitorMessageBodySchema,
  visitorMessagesQuerySchema,
  type VisitorAvailability,
} from "@parley/contract";
import { noQuery, parse } from "../../../platform/http/validate";
import { bearerToken } from "../../../platform/auth/token";
import type { VisitorService } from "../service/visitor.service";

export type VisitorGuards = {
  sessionRateLimit: RequestHandler;
  messageRateLimit: RequestHandler;
  readRateLimit: RequestHandler;
  /** Files a visitor uploads (POST /api/uploads), per address like its messages. */
  uploadRateLimit: RequestHandler;
};

/**
 * What stands in for a user's authenticate and writeRateLimit when a visitor's token uploads a file
 * (the attachments domain mounts it): counted per address as on every visitor route, then the token and its
 * session checked (401) and req.principal set to the visitor's pseudo-shop user, whose upload it becomes.
 */
export function createVisitorUploadGuard(deps: { visitors: VisitorService; guards: VisitorGuards }) {
  return Router().use(deps.guards.uploadRateLimit, async (req, _res, next) => {
    req.principal = await deps.visitors.actAs(bearerToken(req.get("authorization")));
    next();
  });
}

/** /api/visitor: anonymous website visitors (no user token; a visitor token where one is needed). */
export function createVisitorRouter(deps: {
  visitors: VisitorService;
  guards: VisitorGuards;
  availability(): Promise<VisitorAvailability>;
}) {
  const { visitors, guards } = deps;
  const router = Router();

  // Public and asked of every process's sockets (through PostgreSQL with several): counted per address as
  // the visitor's other reads, which the widget's few calls (opening the form or a conversation, checking
  // the server after a failed upload, where a 429 still says "reachable") stay far below.
  router.get("/availability", guards.readRateLimit, noQuery, async (_req, res) => {
    res.json(await deps.availability());
  });

  router.post("/sessions", guards.sessionRateLimit, noQuery, async (req, res) => {
    const body = parse(createVisitorSessionBodySchema, req.body ?? {}, "visitor session");
    res.status(201).json(await visitors.createSession(body));
  });

  router.post("/messages", guards.messageRateLimit, noQuery, async (req, res) => {
    const session = await visitors.authenticate(bearerToken(req.get("authorization")));
    const body = parse(postVisitorMessageBodySchema, req.body ?? {}, "message");
    const { message, created } = await visitors.postMessage(session, body);
    res.status(created ? 201 : 200).json(message);
  });

  router.post("/read", guards.readRateLimit, noQuery, async (req, res) => {
    const session = await visitors.authenticate(bearerToken(req.get("authorization")));
    const body = parse(markReadBodySchema, req.body ?? {}, "read request");
    await visitors.markRead(session, body.upToMessageId);
    res.status(204).end();
  });

  router.get("/messages", guards.readRateLimit, async (req, res) => {
    const session = await visitors.authenticate(bearerToken(req.get("authorization")));
    const query = parse(visitorMessagesQuerySchema, req.query, "query");
    res.json({ items: await visitors.listMessages(session, query.after) });
  });

  return router;
}
