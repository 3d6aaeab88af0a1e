import { Router, type RequestHandler } from "express";
import { noQuery, parse } from "../../../platform/http/validate";
import { requireRole } from "../../../platform/http/auth";
import { sendJson } from "../../../platform/http/cache-control";
import { ForbiddenError, UnauthenticatedError } from "../../../shared/app-error";
import { normalizeSearch } from "../domain/search";
import { anonymousClientData, voterKey } from "../domain/article";
import type { FaqService } from "../service/faq.service";
import {
  faqArticleBodySchema,
  faqArticleIdParamsSchema,
  faqArticlePatchSchema,
  faqEventBodySchema,
  faqFeedbackBodySchema,
  faqListQuerySchema,
  faqReorderBodySchema,
  faqStatsQuerySchema,
  faqSuggestQuerySchema,
  type FaqFeedbackBody,
} from "@parley/contract";
import { toArticleDto, toStatsDto } from "./faq.mappers";

export type FaqGuards = {
  authenticate: RequestHandler;
  optionalAuthenticate: RequestHandler;
  writeRateLimit: RequestHandler;
  readRateLimit: RequestHandler;
  /** Per client address: votes and deflection events need no account, so a token cannot be the key. */
  faqVoteRateLimit: RequestHandler;
  /** Mounted after optional authentication: anonymous votes per article and client address per day. */
  faqArticleVoteLimit: RequestHandler;
  faqEventRateLimit: RequestHandler;
};

/** /api/faq: public reading, voting and deflection events (an optional token sets the audience); admin writes. */
export function createFaqRouter(deps: {
  faq: FaqService;
  guards: FaqGuards;
  /** A keyed hash (server secret) of anonymousClientData: the voter id of a client without token or voterId. */
  anonymousVoterId: (clientData: string) => string;
}) {
  const { faq, guards, anonymousVoterId } = deps;
  const router = Router();
  // Reads too: every search that finds nothing is recorded (FAQ stats), so unlimited reads would let one
  // client write without limit. Per user, or per address without a token.
  const anyone = [guards.optionalAuthenticate, guards.readRateLimit];
  const anyoneWrites = [guards.optionalAuthenticate, guards.writeRateLimit];
  const admin = [guards.authenticate, requireRole("admin"), guards.writeRateLimit];
  // Anonymous reads may be kept by shared caches; with a token the answer depends on who asks.
  const publicCache: RequestHandler = (req, res, next) => {
    if (!req.get("authorization")) {
      res.setHeader("Cache-Control", "public, max-age=60");
      res.vary("Authorization"); // added to, not replacing, CORS's `Vary: Origin`
    }
    next();
  };

  router.get("/", ...anyone, publicCache, async (req, res) => {
    const query = parse(faqListQuerySchema, req.query, "query");
    const includeUnpublished = query.includeUnpublished === "true";
    if (includeUnpublished && !req.principal) throw new UnauthenticatedError();
    if (includeUnpublished && req.principal?.role !== "admin") {
      throw new ForbiddenError("Only admins can list unpublished articles.");
    }
    const items = await faq.list(req.principal, { ...query, includeUnpublished });
    sendJson(res, { items: items.map(toArticleDto) });
  });

  router.get("/suggest", ...anyone, async (req, res) => {
    const { q } = parse(faqSuggestQuerySchema, req.query, "query");
    const items = await faq.suggest(req.principal, q);
    res.json({ items: items.map(toArticleDto) });
  });

  router.get("/stats", guards.authenticate, requireRole("admin"), guards.readRateLimit, async (req, res) => {
    const query = parse(faqStatsQuerySchema, req.query, "query");
    const stats = await faq.stats(
      { since: query.since ?? null, until: query.until ?? null, shopId: query.shopId ?? null },
      query.limit,
    );
    res.json(toStatsDto(stats));
  });

  router.post("/events", guards.faqEventRateLimit, ...anyoneWrites, noQuery, async (req, res) => {
    const body = parse(faqEventBodySchema, req.body, "event");
    await faq.recordEvent({
      type: body.type,
      sessionId: body.sessionId,
      articleIds: body.articleIds ?? [],
      query: body.query === undefined ? null : normalizeSearch(body.query),
      resultCount: body.resultCount ?? null,
      userId: req.principal?.userId ?? null,
      shopId: req.principal?.role === "shop" ? req.principal.shopId : null,
    });
    res.status(204).end();
  });

  router.post("/reorder", ...admin, noQuery, async (req, res) => {
    const { ids } = parse(faqReorderBodySchema, req.body, "reorder request");
    await faq.reorder(ids);
    res.status(204).end();
  });

  router.post("/", ...admin, noQuery, async (req, res) => {
    const body = parse(faqArticleBodySchema, req.body, "article");
    res.status(201).json(toArticleDto(await faq.create(body)));
  });

  router.get("/:id", ...anyone, publicCache, noQuery, async (req, res) => {
    const { id } = parse(faqArticleIdParamsSchema, req.params, "path");
    sendJson(res, toArticleDto(await faq.getForReader(req.principal, id)));
  });

  router.patch("/:id", ...admin, noQuery, async (req, res) => {
    const { id } = parse(faqArticleIdParamsSchema, req.params, "path");
    const changes = parse(faqArticlePatchSchema, req.body, "article");
    res.json(toArticleDto(await faq.update(id, changes)));
  });

  router.delete("/:id", ...admin, noQuery, async (req, res) => {
    const { id } = parse(faqArticleIdParamsSchema, req.params, "path");
    await faq.remove(id);
    res.status(204).end();
  });

  router.post(
    "/:id/feedback",
    guards.faqVoteRateLimit,
    ...anyoneWrites,
    noQuery,
    // Checked before the per-article budget: a malformed vote counts nothing, so it spends none of it.
    (req, res, next) => {
      res.locals.vote = {
        id: parse(faqArticleIdParamsSchema, req.params, "path").id,
        body: parse(faqFeedbackBodySchema, req.body, "feedback"),
      };
      next();
    },
    guards.faqArticleVoteLimit,
    async (req, res) => {
      const { id, body } = res.locals.vote as { id: string; body: FaqFeedbackBody };
      const client = anonymousVoterId(anonymousClientData(req.ip, req.get("user-agent")));
      const voter = voterKey(req.principal, body.voterId, client);
      const counts = await faq.vote(id, voter, body.helpful);
      res.json({ id, helpful: counts.helpful, notHelpful: counts.notHelpful, vote: body.helpful });
    },
  );

  return router;
}
