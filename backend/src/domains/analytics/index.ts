import type { Knex } from "knex";
import { createSlaRepository } from "./repository/sla.repository";
import { createAnalyticsRepository } from "./repository/analytics.repository";
import {
  createSlaService,
  noSlaAlerts,
  type AnalyticsSupportPort,
  type SlaAlertSink,
} from "./service/sla.service";
import { createAnalyticsService, type AnalyticsDirectoryPort } from "./service/analytics.service";
import { createDailySummaryRepository } from "./repository/daily-summary.repository";
import { backgroundKnex } from "../../platform/db";
import {
  createDailySummaryService,
  REFRESH_STATEMENT_TIMEOUT_MS,
  type DailySummaryService,
} from "./service/daily-summary.service";
import { createAnalyticsRouter, type AnalyticsGuards } from "./controller/analytics.controller";
import { registerAnalyticsDocs } from "./controller/analytics.openapi";
import { rooms, type SupportNamespace } from "../../platform/realtime";
import { createDemoHistoryRepository } from "./repository/demo-history.repository";
import { demoHistories } from "./domain/demo-history";

/** How often the SLA checker looks for warnings and deadlines that have come due. */
export const SLA_CHECK_INTERVAL_MS = 30_000;

/** Composition root of the analytics domain: SLA policies and clocks, the checker, the summary and export. */
export function createAnalyticsModule(deps: {
  db: Knex;
  guards: AnalyticsGuards;
  support: AnalyticsSupportPort;
  directory: AnalyticsDirectoryPort;
  onError?: (err: unknown) => void;
}) {
  const sla = createSlaRepository();
  const analytics = createAnalyticsRepository(deps.db);
  let sink: SlaAlertSink = noSlaAlerts;
  const slaService = createSlaService({
    db: deps.db,
    sla,
    support: deps.support,
    alerts: () => sink,
    onError: deps.onError,
  });
  const daily = createDailySummaryRepository();
  const analyticsService = createAnalyticsService({
    db: deps.db,
    analytics,
    sla,
    daily,
    directory: deps.directory,
  });
  const dailySummary = createDailySummaryService({ db: deps.db, daily, sla });
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let refreshTimer: NodeJS.Timeout | undefined;
  let refreshing: Promise<unknown> | null = null;
  // The timer's refresh runs on a connection of its own without the request timeouts: a rebuild at
  // 1,000,000 tickets takes longer than a request may (docs/analytics.md, "Scale").
  let background: ReturnType<typeof backgroundKnex> | null = null;
  let timedSummary: DailySummaryService | null = null;
  const refreshOnce = () => {
    // A run never overlaps the previous one.
    if (refreshing) return;
    background ??= backgroundKnex(deps.db, REFRESH_STATEMENT_TIMEOUT_MS);
    timedSummary ??= createDailySummaryService({ db: background.knex, daily, sla });
    refreshing = timedSummary
      .refresh()
      .catch((err: unknown) => deps.onError?.(err))
      .finally(() => {
        refreshing = null;
      });
  };
  return {
    sla: slaService,
    analytics: analyticsService,
    /** The daily summary's refresh, callable directly (tests, the benchmark). */
    dailySummary,
    router: createAnalyticsRouter({ analytics: analyticsService, sla: slaService, guards: deps.guards }),
    registerOpenApi: registerAnalyticsDocs,
    /**
     * Development only (SEED_DEMO, main.ts): six weeks of resolved, breached and open tickets for the demo
     * shops, so a fresh start's Analytics page has figures. Nothing when those shops already have tickets.
     */
    async seedDemoHistory(a: {
      shops: Array<{ shopId: string; userId: string; name: string }>;
      admin: { id: string; name: string };
      now?: Date;
    }): Promise<number> {
      const repo = createDemoHistoryRepository();
      if (a.shops.length === 0) return 0;
      if (
        await repo.shopsHaveTickets(
          deps.db,
          a.shops.map((s) => s.shopId),
        )
      )
        return 0;
      const policy = await sla.getPolicy(deps.db);
      const MIN = 60_000;
      const tickets = demoHistories({
        now: a.now ?? new Date(),
        weeks: 6,
        perDay: 4,
        shops: a.shops.length,
        calendar: policy.calendar,
        targetsFor: (p) => {
          const t = policy.targets.find((x) => x.priority === p)!;
          return {
            firstResponse: t.firstResponseMinutes * MIN,
            nextResponse: (t.nextResponseMinutes ?? t.firstResponseMinutes) * MIN,
            resolution: t.resolutionMinutes * MIN,
          };
        },
      });
      await deps.db.transaction(async (trx) => {
        for (const t of tickets) {
          const shop = a.shops[t.shopIndex]!;
          await repo.insert(trx, t, {
            shopId: shop.shopId,
            shopUserId: shop.userId,
            shopName: shop.name,
            adminId: a.admin.id,
            adminName: a.admin.name,
          });
        }
      });
      return tickets.length;
    },
    /** SLA alerts go to the admins' room. */
    attachRealtime(nsp: SupportNamespace) {
      sink = {
        warning: (w) => nsp.to(rooms.admins).emit("sla.warning", w),
        breached: (b) => nsp.to(rooms.admins).emit("sla.breached", b),
      };
    },
    /** Starts the periodic checker (server.ts); a run never overlaps the previous one. */
    startChecker(intervalMs = SLA_CHECK_INTERVAL_MS) {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = true;
        slaService
          .checkDue(new Date())
          .catch((err: unknown) => deps.onError?.(err))
          .finally(() => {
            running = false;
          });
      }, intervalMs);
      timer.unref();
    },
    stopChecker() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    /** Refreshes the analytics daily summary now (server start) and every `intervalMs` (0: only now). */
    startRefresher(intervalMs: number) {
      if (refreshTimer) return;
      refreshOnce();
      if (intervalMs <= 0) return;
      refreshTimer = setInterval(refreshOnce, intervalMs);
      refreshTimer.unref();
    },
    /** Stops the timer and waits for a refresh under way. */
    async stopRefresher(): Promise<void> {
      if (refreshTimer) clearInterval(refreshTimer);
      refreshTimer = undefined;
      await refreshing;
      await background?.close();
      background = null;
      timedSummary = null;
    },
  };
}

export type AnalyticsModule = ReturnType<typeof createAnalyticsModule>;
