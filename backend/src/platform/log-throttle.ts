import type { Logger } from "./logger";

/**
 * During an outage the same failure repeats many times a second (every request, every adapter heartbeat).
 * This logs the first one, then at most one line per interval carrying how many were left out meanwhile.
 */
export function throttledLog(
  logger: Logger,
  level: "warn" | "error" | "info",
  message: string,
  intervalMs = 5000,
): (meta?: Record<string, unknown>) => void {
  let lastAt = -Infinity;
  let suppressed = 0;
  return (meta = {}) => {
    const now = Date.now();
    if (now - lastAt < intervalMs) {
      suppressed += 1;
      return;
    }
    logger.log(level, message, suppressed > 0 ? { ...meta, suppressedSinceLast: suppressed } : meta);
    lastAt = now;
    suppressed = 0;
  };
}

/**
 * An `onError` for background work (the outbox worker, the SLA checker, the analytics refresh): each kind
 * of line at most once per `intervalMs`, like the rest of the outage logging (docs/operations.md). During
 * a database outage every pass fails, twice a second.
 */
export function throttledErrorLog(
  logger: Logger,
  intervalMs = 5000,
): (message: string, err: unknown) => void {
  const byMessage = new Map<string, (meta?: Record<string, unknown>) => void>();
  return (message, err) => {
    let log = byMessage.get(message);
    if (!log) {
      log = throttledLog(logger, "error", message, intervalMs);
      byMessage.set(message, log);
    }
    log({ error: String(err) });
  };
}
