import type { Knex } from "knex";
import type { Config } from "./config/env";
import type { Database } from "./platform/db";
import type { Logger } from "./platform/logger";
import { throttledErrorLog } from "./platform/log-throttle";
import type { TokenService } from "./platform/auth/token";
import {
  addressRateLimit,
  anonymousPerItemDailyLimit,
  readRateLimit,
  writeRateLimit,
} from "./platform/http/rate-limit";
import { createIdentityModule } from "./domains/identity";
import { createSupportModule } from "./domains/support";
import { createFaqModule } from "./domains/faq";
import { createAnalyticsModule } from "./domains/analytics";
import { createAttachmentsModule } from "./domains/attachments";
import { createVisitorsModule } from "./domains/visitors";
import { createCannedModule } from "./domains/canned";
import { createMetrics, type Metrics } from "./platform/metrics";
import { createNotificationsModule } from "./domains/notifications";

export type CoreDeps = {
  config: Config;
  database: Database;
  logger: Logger;
  tokens: TokenService;
  /** The process's metrics registry; createModules makes one when absent. */
  metrics?: Metrics;
};

/** How many connections the database's pool lends at once (the embedded database: one). */
function poolSize(database: Database): number {
  const pool = (database.knex.client as { pool?: { max?: number } }).pool;
  return database.kind === "pg" ? (pool?.max ?? 1) : 1;
}

/** Builds every domain module by hand. main.ts and the tests share this wiring. */
export function createModules(deps: CoreDeps) {
  const db = deps.database.knex;
  // Platform metrics (GET /metrics); domains register theirs on metrics.registry.
  const metrics = deps.metrics ?? createMetrics();
  metrics.observeKnex(db);
  const identity = createIdentityModule({
    db,
    tokens: deps.tokens,
    production: deps.config.nodeEnv === "production",
    // A visitor token is accepted only for a session that exists (the visitors domain checks; built below).
    authenticateVisitor: (token) => visitors.service.principalFor(token),
    // Called on requests only, once `notifications` below exists: a token's email is where alerts go.
    onIdentityChanged: (p) => notifications.recordRecipient(p),
  });
  // Domains mount these on their own routes, so an unknown /api path stays 404 rather than 401.
  // With PostgreSQL the counters live in the database, so every process (WEB_CONCURRENCY) shares them.
  const counters = {
    knex: deps.database.kind === "pg" ? db : null,
    namespace: deps.config.rateLimit.namespace,
  };
  const limits = deps.config.rateLimit;
  const guards = {
    ...identity.guards,
    writeRateLimit: writeRateLimit(limits.writesPerMinute, counters),
    readRateLimit: readRateLimit(limits.readsPerMinute, counters),
    faqVoteRateLimit: addressRateLimit(limits.faqVotesPerMinute, counters, "faq-votes"),
    faqArticleVoteLimit: anonymousPerItemDailyLimit(
      limits.faqVotesPerArticlePerDay,
      counters,
      "faq-article-votes",
    ),
    faqEventRateLimit: addressRateLimit(limits.faqEventsPerMinute, counters, "faq-events"),
  };
  const faq = createFaqModule({ db, guards, mac: (data) => deps.tokens.mac("faq-voter", data) });
  // Support and analytics ask each other one thing each: support asks the SLA clock to move with every
  // ticket change; the SLA checker asks support to re-evaluate a ticket under its row lock.
  // Background passes fail together during an outage: each kind of line at most once per 5 s.
  const backgroundError = throttledErrorLog(deps.logger);
  const analytics = createAnalyticsModule({
    db,
    guards,
    support: { reconcileSla: (ticketId, now) => support.service.reconcileSla(ticketId, now) },
    // The export's names: every shop identity knows, and the admins (assignees are admins).
    directory: {
      names: async () => ({
        shops: new Map((await identity.service.listShops()).map((s) => [s.id, s.name])),
        users: new Map((await identity.service.listAdminAccounts()).map((a) => [a.id, a.name])),
      }),
    },
    onError: (err) => backgroundError("SLA checker or analytics refresh failed", err),
  });
  const attachments = createAttachmentsModule({
    db,
    uploads: deps.config.uploads,
    guards: {
      ...guards,
      // A website visitor's screenshot: the visitors domain's guard (built below; asked per request).
      visitorUpload: {
        claims: (token) => deps.tokens.claimsVisitor(token),
        guard: (req, res, next) => visitors.uploadGuard(req, res, next),
      },
    },
    onError: backgroundError,
    mac: (data) => deps.tokens.mac("attachment-link", data),
  });
  // Notifications ask identity for the admins and support whether a reply was read; support writes
  // the outbox through notifications.record inside its own transactions.
  const notifications = createNotificationsModule({
    db,
    config: deps.config.notify,
    guards,
    ports: {
      listAdmins: async () =>
        (await identity.service.listAdminAccounts()).map((a) => ({
          id: a.id,
          email: a.email,
          active: a.active,
        })),
      isReadByShop: (messageId) => support.service.isReadByShop(messageId),
      shopName: (trx, shopId) => identity.service.shopName(trx, shopId),
      shopNameSql: (shopId) => identity.service.shopNameSql(shopId),
    },
    onError: backgroundError,
  });
  notifications.registerMetrics(metrics);
  const support = createSupportModule({
    db,
    // The embedded database has one connection: one lane at most. With PostgreSQL a lane holds a pooled
    // connection while its group runs, so at most the pool's size.
    postLanes: Math.min(deps.config.db.postLanes, poolSize(deps.database)),
    postGroupSize: metrics.histogram({
      name: "parley_post_group_size",
      help: "Message posts committed together in one transaction (group commit; DB_POST_LANES)",
      buckets: [1, 2, 4, 8, 16, 32],
    }),
    attachments: {
      attach: (trx, uploaderId, ids, target, now) =>
        attachments.service.attachToMessage(trx, uploaderId, ids, target, now),
    },
    identity: {
      // A deactivated admin can't be assigned (issue 16).
      isAdmin: async (userId) =>
        (await identity.service.findUser(userId))?.role === "admin" &&
        (await identity.service.isActive(userId)),
    },
    sla: {
      ticketCreated: (trx, t) => analytics.sla.ticketCreated(trx, t),
      ticketChanged: (trx, t) => analytics.sla.ticketChanged(trx, t),
      ticketsChanged: (trx, now, items) => analytics.sla.ticketsChanged(trx, now, items),
      publish: (ticket, alerts) =>
        analytics.sla.publish(ticket, alerts as Parameters<typeof analytics.sla.publish>[1]),
      lockedClockSql: (ticketIdSql) => analytics.sla.lockedClockSql(ticketIdSql),
      planTicketChanged: (row, t) => analytics.sla.planTicketChanged(row, t),
    },
    notify: {
      record: (trx, notices) => notifications.record(trx, notices),
      plan: (notices) => notifications.plan(notices),
    },
    visitors: { describe: (ticketIds) => visitors.service.describeTickets(ticketIds) },
    onEventError: (err) => deps.logger.error("support event listener failed", { error: String(err) }),
    team: {
      guards,
      isActive: (userId) => identity.service.isActive(userId),
      // A low score becomes an outbox row in the rating's transaction (an admin alert to the assignee).
      lowSatisfactionOutbox: {
        enqueueLowSatisfaction: (trx, rating, ticket) =>
          notifications.record(trx as Knex.Transaction, [
            {
              kind: "satisfaction.low",
              ticket,
              rating: { score: rating.score, comment: rating.comment, assigneeId: rating.assigneeId },
            },
          ]),
      },
      admins: {
        list: () => identity.service.listAdminAccounts(),
        create: (input) => identity.service.createAdmin(input),
        renewInvite: (id) => identity.service.renewInvite(id),
        setActive: (id, active, actorId) => identity.service.setAdminActive(id, active, actorId),
      },
    },
  });
  const canned = createCannedModule({ db, guards });
  // Issue 18: a website visitor talks to support as the user of its own pseudo-shop (shared/visitor.ts).
  const visitors = createVisitorsModule({
    db,
    hoursText: deps.config.visitorHoursText,
    uploadMaxBytes: deps.config.uploads.maxBytes,
    guards: {
      // Shared by every process with PostgreSQL, like the other per-address limits.
      sessionRateLimit: addressRateLimit(limits.visitorSessionsPerMinute, counters, "visitor-sessions"),
      messageRateLimit: addressRateLimit(limits.visitorMessagesPerMinute, counters, "visitor-messages"),
      readRateLimit: addressRateLimit(limits.visitorReadsPerMinute, counters, "visitor-reads"),
      // Files are sent with messages, so at the messages' rate; counted apart, so a screenshot never
      // costs the visitor a message.
      uploadRateLimit: addressRateLimit(limits.visitorMessagesPerMinute, counters, "visitor-uploads"),
    },
    recordIdentity: (p) => identity.service.recordIdentity(p),
    signToken: (sessionId) => deps.tokens.signVisitor(sessionId),
    verifyToken: (token) => deps.tokens.verifyVisitor(token),
    support: {
      openConversation: async (principal, subject, first, once) => {
        const opened = await support.withAssignment.openTicketOnce(
          principal,
          { subject, message: first.body, attachmentIds: first.attachmentIds },
          once,
        );
        return "existingTicketId" in opened ? opened : { message: support.toMessageDto(opened.message) };
      },
      postMessage: async (principal, ticketId, input) => {
        const { message, created } = await support.withAssignment.postMessage(principal, ticketId, input);
        return { message: support.toMessageDto(message), created };
      },
      listMessages: async (principal, ticketId, opts) =>
        (await support.service.listMessages(principal, ticketId, opts)).map(support.toMessageDto),
      markRead: (principal, ticketId, upToMessageId) =>
        support.service.markRead(principal, ticketId, upToMessageId),
    },
  });
  return { identity, guards, faq, support, analytics, attachments, canned, metrics, notifications, visitors };
}

export type Modules = ReturnType<typeof createModules>;
