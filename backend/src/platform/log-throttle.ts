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
