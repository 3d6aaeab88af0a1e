import { NOTIFICATION_CHANNELS } from "@parley/contract";
import type { Metrics } from "../../../platform/metrics";
import type { NotificationsService } from "../service/notifications.service";

/** The window of `parley_notification_failures_15m`. */
const FAILURE_WINDOW_MINUTES = 15;

/**
 * The outbox on `/metrics` (issue 17): how far behind it is and which channels fail. Both are read from the
 * database at each scrape, so any server process reports them, also when the background process
 * (WORKER_PROCESS), which serves no port, is the one sending. A scrape that cannot reach the database leaves
 * both out rather than failing (or repeating the last figures): the pool and query metrics tell that story.
 */
export function registerNotificationMetrics(
  metrics: Metrics,
  monitoring: NotificationsService["monitoring"],
  onError: (message: string, err: unknown) => void,
): void {
  metrics.gauge({
    name: "parley_outbox_lag_seconds",
    help: "Age of the oldest alert waiting: stage=planning (an event not yet planned into deliveries), stage=delivery (a delivery due and not yet sent); 0 when none",
    labelNames: ["stage"] as const,
    async collect() {
      this.reset();
      try {
        const lag = await monitoring.outboxLag();
        this.set({ stage: "planning" }, lag.planning);
        this.set({ stage: "delivery" }, lag.delivery);
      } catch (err) {
        onError("reading the outbox lag for /metrics failed", err);
      }
    },
  });
  metrics.gauge({
    name: "parley_notification_failures_15m",
    help: "Notification attempts that failed in the last 15 minutes, by channel; outcome=retried (tried again later) or failed (given up)",
    labelNames: ["channel", "outcome"] as const,
    async collect() {
      this.reset();
      try {
        const failures = await monitoring.recentFailures(FAILURE_WINDOW_MINUTES);
        // Every channel and outcome, 0 included: a dashboard's series exist before the first failure.
        for (const channel of NOTIFICATION_CHANNELS) {
          for (const outcome of ["retried", "failed"] as const) {
            const f = failures.find((r) => r.channel === channel && r.outcome === outcome);
            this.set({ channel, outcome }, f?.count ?? 0);
          }
        }
      } catch (err) {
        onError("reading recent notification failures for /metrics failed", err);
      }
    },
  });
}
