import { asDatabaseUnavailable } from "./db-errors";
import { throttledLog } from "./log-throttle";
import type { Logger } from "./logger";

/** What the re-check needs of a socket (socket.io's server-side Socket has it). */
export type RecheckedSocket = {
  readonly connected: boolean;
  data: { principal: { userId: string } };
  disconnect(close: boolean): unknown;
};

export type AccountRecheck = {
  /** One pass now (what the timer does every interval); resolves with how many sockets it disconnected. */
  sweep(): Promise<number>;
  /** Stops the timer and waits for a pass under way, so nothing queries a database being closed. */
  stop(): Promise<void>;
};

/**
 * A deactivation disconnects the user's sockets in every process through a message the other processes
 * may miss (the adapter's listener down for a moment while the process stays up, or a row changed by hand):
 * such a socket would hear every ticket until its token expires, though HTTP already refuses it. So every
 * `intervalMs` each process reads, in ONE query for all its signed-in sockets (thousands are normal), which
 * of their accounts are deactivated, and disconnects those sockets as the deactivation would have; their
 * reconnection is refused UNAUTHENTICATED at the handshake. A database that is away leaves every socket
 * as it is (logged, throttled): a socket is only ever closed on the database's word.
 */
export function startAccountRecheck(opts: {
  intervalMs: number;
  /** This process's sockets that signed in with a user token (a visitor has no account to deactivate). */
  signedIn: () => Iterable<RecheckedSocket>;
  /** The deactivated accounts among these user ids (identity's answer, one query). */
  deactivatedAmong: (userIds: readonly string[]) => Promise<string[]>;
  logger: Logger;
}): AccountRecheck {
  const unavailable = throttledLog(
    opts.logger,
    "warn",
    "socket account re-check skipped: database unavailable",
  );
  const failed = throttledLog(opts.logger, "error", "socket account re-check failed");
  let running: Promise<number> | null = null;
  let stopped = false;

  async function pass(): Promise<number> {
    const sockets = [...opts.signedIn()];
    if (sockets.length === 0) return 0;
    const userIds = [...new Set(sockets.map((s) => s.data.principal.userId))];
    let deactivated: Set<string>;
    try {
      deactivated = new Set(await opts.deactivatedAmong(userIds));
    } catch (err) {
      const down = asDatabaseUnavailable(err);
      if (down) unavailable({ reason: down.reason });
      else failed({ error: err instanceof Error ? err.message : String(err) });
      return 0;
    }
    let closed = 0;
    for (const socket of sockets) {
      if (!socket.connected || !deactivated.has(socket.data.principal.userId)) continue;
      socket.disconnect(true);
      closed += 1;
    }
    if (closed > 0) {
      opts.logger.info("socket account re-check: disconnected the sockets of deactivated accounts", {
        sockets: closed,
        accounts: deactivated.size,
      });
    }
    return closed;
  }

  // One pass at a time: a slow database must not pile passes (and queries) up behind each other.
  const sweep = (): Promise<number> => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped && !running) void sweep();
  }, opts.intervalMs);
  // A safety net, never a reason for the process to stay up.
  timer.unref();
  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
