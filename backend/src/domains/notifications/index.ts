import type { Knex } from "knex";
import type { Principal } from "../../shared/principal";
import { createNotificationRepository } from "./repository/notification.repository";
import {
  createOutboxService,
  type Notice,
  type NotificationsPorts,
  type OutboxPeers,
} from "./service/outbox.service";
import { createNotificationsService } from "./service/notifications.service";
import { createNotificationsRouter, type NotificationsGuards } from "./controller/notifications.controller";
import type { NotifyConfig } from "./service/providers";
import { registerNotificationsDocs } from "./controller/notifications.openapi";
import { registerNotificationMetrics } from "./controller/notifications.metrics";
import type { Metrics } from "../../platform/metrics";

export type { NotifyConfig };

/** Composition root of the notifications domain: the outbox, its worker, channels, webhooks, preferences. */
export function createNotificationsModule(deps: {
  db: Knex;
  config: NotifyConfig;
  guards: NotificationsGuards;
  ports: NotificationsPorts;
  onError: (message: string, err: unknown) => void;
}) {
  const repo = createNotificationRepository(deps.db);
  const outbox = createOutboxService({
    db: deps.db,
    repo,
    config: deps.config,
    ports: deps.ports,
    onError: deps.onError,
  });
  const service = createNotificationsService({
    repo,
    outbox,
    config: deps.config,
    listAdmins: () => deps.ports.listAdmins(),
  });
  return {
    outbox,
    service,
    router: createNotificationsRouter({ service, guards: deps.guards }),
    registerOpenApi: registerNotificationsDocs,
    /** The outbox's lag and recent failures on `/metrics`. */
    registerMetrics: (metrics: Metrics) =>
      registerNotificationMetrics(metrics, service.monitoring, deps.onError),
    /** The port the support domain calls inside its transactions. */
    record: (trx: Knex.Transaction, notices: Notice[]) => outbox.record(trx, notices),
    /** The same writes as statements, for the support domain's one-statement message post. */
    plan: (notices: Notice[]) => outbox.plan(notices),
    /** A user seen with a token: role, shop and the token's email, so alerts reach them before they write. */
    recordRecipient: (p: Principal) => service.recordRecipient(p),
    /** How processes tell each other of new outbox rows (server.ts: socket.io server-side events). */
    attachPeers: (link: OutboxPeers) => outbox.attachPeers(link),
    /** Starts the delivery worker (server.ts) unless NOTIFY_WORKER=false. */
    startWorker() {
      if (deps.config.worker) outbox.start();
    },
    stopWorker: () => outbox.stop(),
  };
}

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;
