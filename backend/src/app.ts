import fs from "node:fs";
import path from "node:path";
import express, { type Express } from "express";
import helmet from "helmet";
import { pingDatabase } from "./platform/db";
import { EMBED_CLIENT_JS, FRONTEND_DIST, WIDGET_JS } from "./platform/paths";
import { requestContext } from "./platform/http/request-context";
import { apiNotFound, errorBody, errorHandler } from "./platform/http/error-handler";
import { DatabaseUnavailableError, RETRY_AFTER_SECONDS } from "./platform/db-errors";
import { loginRateLimit } from "./platform/http/rate-limit";
import { noStoreByDefault } from "./platform/http/cache-control";
import { rejectNulCharacters } from "./platform/http/reject-nul";
import { rejectNullBody } from "./platform/http/reject-null-body";
import { JSON_BODY_TYPES, requireJsonBody } from "./platform/http/require-json-body";
import { noQuery } from "./platform/http/validate";
import { createDocsRouter, registerCoreDocs } from "./platform/http/openapi";
import {
  embedClientHandler,
  embedConfigHandler,
  embedCors,
  embedFrameAncestors,
  isEmbedPage,
} from "./platform/http/embed";
import { metricsHandler, mountedAt } from "./platform/metrics";
import type { CoreDeps, Modules } from "./modules";

export { FRONTEND_DIST };
export const BODY_LIMIT = "1mb";

export type AppDeps = CoreDeps & { modules: Modules };

/** The express app, without listening: main.ts serves it, supertest drives it. */
export function createApp(deps: AppDeps): Express {
  const { config, logger, modules } = deps;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  // express hashes every body it sends to make an ETag, so that a client holding a copy can be answered
  // 304. API answers are `no-store` (noStoreByDefault), so no client holds one and the hash is wasted
  // (1.5% of a queue request's CPU, docs/benchmarks.md). The public, cacheable answers (the FAQ read
  // without a token, /api/embed/config) send their own (sendJson); static files keep theirs (serve-static).
  app.set("etag", false);

  app.use(requestContext(logger));
  app.use(modules.metrics.httpMiddleware);
  app.get("/metrics", metricsHandler(modules.metrics, config.metricsToken));
  // /embed/support and /embed/help may be framed by the configured host origins (issue 18); every other page
  // stays unframeable, /embed and /embed/<anything else> too (the web app there is not the embedded one).
  const embedOrigins = config.embedAllowedOrigins;
  const embedHelmet = helmet({
    contentSecurityPolicy: { directives: { frameAncestors: embedFrameAncestors(embedOrigins) } },
    xFrameOptions: embedOrigins.length > 0 ? false : { action: "sameorigin" },
  });
  const defaultHelmet = helmet();
  app.use((req, res, next) => (isEmbedPage(req.path) ? embedHelmet : defaultHelmet)(req, res, next));
  app.use("/api", embedCors(embedOrigins));
  app.get("/api/embed/config", noQuery, embedConfigHandler(embedOrigins));
  app.get("/parley-embed.js", embedClientHandler(EMBED_CLIENT_JS));
  app.get("/widget.js", embedClientHandler(WIDGET_JS));
  // Any JSON value is JSON: `null` or `"text"` where an object is expected is VALIDATION_FAILED (the
  // schema says what is wanted), not MALFORMED_JSON, which is kept for bodies that do not parse.
  app.use(
    "/api",
    noStoreByDefault,
    requireJsonBody(["/uploads"]),
    express.json({ limit: BODY_LIMIT, strict: false, type: JSON_BODY_TYPES }),
    rejectNullBody,
    rejectNulCharacters,
  );

  app.get("/api/health", noQuery, async (req, res) => {
    if (await pingDatabase(deps.database.knex)) return void res.json({ status: "ok", db: "ok" });
    // The health fields, and the contract's error object and Retry-After that every 503 carries.
    const down = new DatabaseUnavailableError(undefined, "health-check");
    res.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
    res.status(503).json({ status: "error", db: "down", ...errorBody(down, req.id) });
  });

  // Setting a password from an invite is a credential guess too (and a bcrypt hash each): the same limit.
  app.use(
    ["/api/auth/login", "/api/auth/invite"],
    loginRateLimit({
      knex: deps.database.kind === "pg" ? deps.database.knex : null,
      namespace: config.rateLimit.namespace,
      perAddressPerMinute: config.rateLimit.loginPerMinute,
      failuresPerAccount: config.rateLimit.loginFailuresPerAccount,
      accountWindowS: config.rateLimit.loginAccountWindowS,
    }),
  );
  app.use("/api/auth", mountedAt("/api/auth"), modules.identity.authRouter);
  app.use("/api", mountedAt("/api"), modules.identity.peopleRouter);
  // Team operations: /api/admins, /api/team, /api/views, and /api/tickets/bulk, /:id/merge, … (before /api/tickets/:id).
  app.use("/api", mountedAt("/api"), modules.support.teamRouter);
  app.use("/api/faq", mountedAt("/api/faq"), modules.faq.router);
  app.use("/api/visitor", mountedAt("/api/visitor"), modules.visitors.router);

  app.use(
    "/api/tickets",
    mountedAt("/api/tickets"),
    modules.guards.authenticate,
    modules.guards.writeRateLimit,
    modules.guards.readRateLimit,
    modules.support.router,
  );
  app.use("/api", mountedAt("/api"), modules.analytics.router);
  app.use("/api/canned-responses", mountedAt("/api/canned-responses"), modules.canned.router);
  app.use("/api", mountedAt("/api"), modules.notifications.router);
  app.use("/api/uploads", mountedAt("/api/uploads"), modules.attachments.uploadsRouter);
  app.use("/api/attachments", mountedAt("/api/attachments"), modules.attachments.downloadsRouter);
  app.use(
    "/api/docs",
    mountedAt("/api/docs"),
    createDocsRouter([
      registerCoreDocs,
      modules.support.registerOpenApi,
      modules.faq.registerOpenApi,
      modules.analytics.registerOpenApi,
      modules.attachments.registerOpenApi,
      modules.visitors.registerOpenApi,
      modules.canned.registerOpenApi,
      modules.notifications.registerOpenApi,
    ]),
  );

  app.use("/api", apiNotFound);
  serveFrontend(app);
  app.use(errorHandler(logger));
  return app;
}

/** The built React app, with index.html for client-side routes. Absent in a backend-only checkout. */
function serveFrontend(app: Express): void {
  const indexHtml = path.join(FRONTEND_DIST, "index.html");
  app.use("/assets", express.static(path.join(FRONTEND_DIST, "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(FRONTEND_DIST, { index: false }));
  app.get("/{*path}", (req, res) => {
    // `//api//tickets` is not under the `/api` mount, yet it is an API path to anyone reading it: the
    // contract's JSON 404, not the web app with 200. So is a file name the build does not have.
    if (/^\/+api(\/|$)/.test(req.path)) return apiNotFound(req, res, () => undefined);
    if (/\.[a-z0-9]+$/i.test(req.path)) {
      res.status(404).type("text/plain").send(`No file ${req.path}.`);
      return;
    }
    // Answered here rather than by express's final handler, which would replace helmet's headers.
    if (!fs.existsSync(indexHtml)) {
      res.status(404).type("text/plain").send("The web app is not built (npm run build -w frontend).");
      return;
    }
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(indexHtml);
  });
}
