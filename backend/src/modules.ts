import type { Config } from "./config/env";
import type { Database } from "./platform/db";
import type { Logger } from "./platform/logger";
import type { TokenService } from "./platform/auth/token";
import { addressRateLimit, readRateLimit, writeRateLimit } from "./platform/http/rate-limit";
import { createIdentityModule } from "./domains/identity";
import { createSupportModule } from "./domains/support";
import { createFaqModule } from "./domains/faq";
import { createAnalyticsModule } from "./domains/analytics";
import { createAttachmentsModule } from "./domains/attachments";

export type CoreDeps = {
  config: Config;
  database: Database;
  logger: Logger;
  tokens: TokenService;
};

/** Builds every domain module by hand. main.ts and the tests share this wiring. */
export function createModules(deps: CoreDeps) {
  const db = deps.database.knex;
  const identity = createIdentityModule({
    db,
    tokens: deps.tokens,
    production: deps.config.nodeEnv === "production",
  });
  // Domains mount these on their own routes, so an unknown /api path stays 404 rather than 401.
  const guards = {
    ...identity.guards,
    writeRateLimit: writeRateLimit(deps.config.rateLimit.writesPerMinute),
    readRateLimit: readRateLimit(deps.config.rateLimit.readsPerMinute),
    faqVoteRateLimit: addressRateLimit(deps.config.rateLimit.faqVotesPerMinute),
    faqEventRateLimit: addressRateLimit(deps.config.rateLimit.faqEventsPerMinute),
  };
  const faq = createFaqModule({ db, guards });
  // Support and analytics ask each other one thing each: support asks the SLA clock to move with every
  // ticket change; the SLA checker asks support to re-evaluate a ticket under its row lock.
  const analytics = createAnalyticsModule({
    db,
    guards,
    support: { reconcileSla: (ticketId, now) => support.service.reconcileSla(ticketId, now) },
    onError: (err) => deps.logger.error("SLA checker failed", { error: String(err) }),
  });
  const attachments = createAttachmentsModule({
    db,
    uploads: deps.config.uploads,
    guards,
    onError: (message, err) => deps.logger.error(message, { error: String(err) }),
    mac: (data) => deps.tokens.mac("attachment-link", data),
  });
  const support = createSupportModule({
    db,
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
      publish: (ticket, alerts) =>
        analytics.sla.publish(ticket, alerts as Parameters<typeof analytics.sla.publish>[1]),
    },
    onEventError: (err) => deps.logger.error("support event listener failed", { error: String(err) }),
    team: {
      guards,
      isActive: (userId) => identity.service.isActive(userId),
      admins: {
        list: () => identity.service.listAdminAccounts(),
        create: (input) => identity.service.createAdmin(input),
        setActive: (id, active) => identity.service.setAdminActive(id, active),
      },
    },
  });
  return { identity, guards, faq, support, analytics, attachments };
}

export type Modules = ReturnType<typeof createModules>;
