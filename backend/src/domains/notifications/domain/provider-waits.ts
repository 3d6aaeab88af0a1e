/**
 * Waits a provider asked for: Telegram's `retry_after`, WhatsApp's or a webhook's `Retry-After`. Telegram's
 * is how long the bot must leave that chat alone, not how long to hold the one message it refused: an alert
 * sent there meanwhile is refused too, or, worse, arrives before the one held back. So a wait holds the whole
 * destination (the chat, the number, that one webhook or browser), and every alert for it goes after the
 * wait, together with the one that was refused (docs/notifications.md, "Retries").
 *
 * The waits live in the sending process's memory, as the pacer's slots do: the deliveries already queued
 * carry the wait in their rows (`not_before`), but another process planning a new alert meanwhile does not
 * know of it.
 */

/**
 * The longest wait honoured: a provider's answer, not our backoff's cap (NOTIFY_RETRY_MAX_MS), decides how
 * long a destination rests, but a garbled or hostile answer ("retry after a year") must not silence it.
 */
export const PROVIDER_WAIT_MAX_MS = 3_600_000;

/** The wait a provider asked for, as we honour it: at most PROVIDER_WAIT_MAX_MS, none when it asked none. */
export function providerWaitMs(asked: number | undefined): number {
  if (asked === undefined || !Number.isFinite(asked) || asked <= 0) return 0;
  return Math.min(asked, PROVIDER_WAIT_MAX_MS);
}

/** Where a call goes, as a provider's wait applies to it: the channel and its chat, address, webhook or browser. */
export function destinationOf(d: { channel: string; target: string }): string {
  return `${d.channel} ${d.target}`;
}

export function createProviderWaits() {
  /** Per destination, when its wait ends (ms since the epoch). */
  const until = new Map<string, number>();
  return {
    /** The destination rests until `at` (a later wait already set stands). */
    hold(destination: string, at: number, now: number): void {
      // Ended waits are forgotten when read; one never read again goes once there are many.
      if (until.size >= 1000) for (const [d, end] of until) if (end <= now) until.delete(d);
      if ((until.get(destination) ?? 0) < at) until.set(destination, at);
    },
    /** When the destination's wait ends, or 0 when it has none at `now` (an ended wait is forgotten). */
    endOf(destination: string, now: number): number {
      const at = until.get(destination);
      if (at === undefined) return 0;
      if (at > now) return at;
      until.delete(destination);
      return 0;
    },
  };
}

export type ProviderWaits = ReturnType<typeof createProviderWaits>;
