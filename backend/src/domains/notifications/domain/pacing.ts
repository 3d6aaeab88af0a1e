/**
 * Paces the alerts of one destination (a chat, an email address, a browser): the first alert after a quiet
 * spell goes at once, and alerts that come within `intervalMs` of the destination's last call wait for its
 * next slot, where they go out together as one digest (see `coalesce`). A destination therefore gets at
 * most one call per interval however fast alerts come, and never waits longer than one interval.
 *
 * Why: a busy desk's alerts are many per second, and each admin's email, each chat and each browser was a
 * call per claim (four a second each). Telegram asks for at most one message a second per chat and refuses
 * more with 429; nobody reads four emails a second; and with 51 admins every call was work the machine
 * did instead of serving (docs/benchmarks.md). Webhooks are never paced: each carries one event by contract.
 *
 * The slots live in the planning process's memory: after a restart, or with two planners, a destination
 * may get a call more within an interval, never an alert fewer or later.
 */
export function createPacer(intervalMs: number) {
  /** Per destination, the time of its latest call slot (ms since the epoch). */
  const slots = new Map<string, number>();
  let lastSweep = 0;

  /** Drops destinations quiet for longer than an interval: their next alert goes at once anyway. */
  function sweep(now: number) {
    if (now - lastSweep < 60_000) return;
    lastSweep = now;
    for (const [key, at] of slots) if (at + intervalMs <= now) slots.delete(key);
  }

  return {
    /**
     * When an alert for `key` that could go at `earliest` goes: `earliest` itself after a quiet spell, else
     * the destination's next slot (shared by every alert that comes before it). Null keys are never paced.
     * `now` is the planning pass's clock (`earliest` may be later: quiet hours, an unread reply's delay).
     */
    slot(key: string | null, earliest: Date, now: Date): Date {
      if (key === null || intervalMs <= 0) return earliest;
      const at = earliest.getTime();
      sweep(now.getTime());
      const last = slots.get(key);
      if (last !== undefined && at <= last) {
        // A slot not yet reached: join it, unless it is more than an interval away (an unread reply's alert
        // is planned two minutes out; a resolution's to the same address must not wait for it).
        return last - at <= intervalMs ? new Date(last) : earliest;
      }
      // Quiet for a whole interval (or never called): at once.
      if (last === undefined || at >= last + intervalMs) {
        slots.set(key, at);
        return earliest;
      }
      // Called less than an interval ago: the next slot, one interval after that call.
      const next = last + intervalMs;
      slots.set(key, next);
      return new Date(next);
    },
    /** Destinations remembered (memory stays bounded by those active in the last minute or so). */
    tracked(): number {
      return slots.size;
    },
  };
}
