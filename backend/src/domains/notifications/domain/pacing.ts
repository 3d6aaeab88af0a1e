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
 * Retries are paced too (`retrySlot`): a failed call's alerts go again together, in a slot of their own at
 * least an interval from the destination's other calls. Such a slot is "in the table": its retried alerts
 * wait as rows to be claimed when it comes, so alerts planned into it must wait there too (not be held in
 * memory), or the claim and the held alerts would make two calls at the same moment instead of one digest.
 *
 * The slots live in the planning process's memory: after a restart, or with two planners, a destination
 * may get a call more within an interval, never an alert fewer or later.
 */
type Slot = { at: number; inTable: boolean };

export function createPacer(intervalMs: number) {
  /** Per destination, its slots from about an interval ago on, in time order (ms since the epoch). */
  const slots = new Map<string, Slot[]>();
  let lastSweep = 0;

  /** Drops destinations quiet for longer than an interval: their next alert goes at once anyway. */
  function sweep(now: number) {
    if (now - lastSweep < 60_000) return;
    lastSweep = now;
    for (const [key, list] of slots) {
      const last = list[list.length - 1];
      if (!last || last.at + intervalMs <= now) slots.delete(key);
    }
  }

  /** The destination's slots, without those more than an interval past (they hold nothing back). */
  function recent(key: string, now: number): Slot[] {
    const list = slots.get(key) ?? [];
    const from = list.findIndex((s) => s.at + intervalMs > now);
    if (from !== 0) list.splice(0, from === -1 ? list.length : from);
    return list;
  }

  /**
   * Where an alert that could go at `earliest` goes: a slot it may join (one at most an interval later),
   * else the first time at least an interval from every other slot.
   */
  function place(
    list: Slot[],
    earliest: number,
    joinable: (s: Slot) => boolean,
  ): { at: number; join?: Slot } {
    let at = earliest;
    for (const s of list) {
      if (s.at >= at && s.at - at <= intervalMs && joinable(s)) return { at: s.at, join: s };
      if (Math.abs(s.at - at) < intervalMs) at = s.at + intervalMs;
      else if (s.at > at) break;
    }
    return { at };
  }

  function reserve(key: string, at: number, inTable: boolean) {
    const list = slots.get(key) ?? [];
    const i = list.findIndex((s) => s.at > at);
    list.splice(i === -1 ? list.length : i, 0, { at, inTable });
    slots.set(key, list);
  }

  return {
    /**
     * When an alert for `key` that could go at `earliest` goes: `earliest` itself after a quiet spell, else
     * the destination's next slot (shared by every alert that comes before it). A slot more than an
     * interval after `earliest` is not waited for (an unread reply's alert is planned two minutes out; a
     * resolution's to the same address must not wait for it). Null keys are never paced. `now` is the
     * planning pass's clock (`earliest` may be later: quiet hours, an unread reply's delay).
     */
    slot(key: string | null, earliest: Date, now: Date): Date {
      if (key === null || intervalMs <= 0) return earliest;
      sweep(now.getTime());
      const { at, join } = place(recent(key, now.getTime()), earliest.getTime(), () => true);
      if (!join) reserve(key, at, false);
      return new Date(at);
    },
    /**
     * When the alerts of a failed call go again, together, no sooner than `earliest`: a slot of the
     * destinations' (a shared email has several) where they are claimed from the table. It joins only
     * another retry's slot, never one whose alerts the planner holds in memory: those would go out beside
     * the claim as a second call. Null keys (webhooks, test alerts) are never paced.
     */
    retrySlot(keys: Array<string | null>, earliest: Date, now: Date): Date {
      const paced = [...new Set(keys.filter((k): k is string => k !== null))];
      if (paced.length === 0 || intervalMs <= 0) return earliest;
      sweep(now.getTime());
      const lists = paced.map((k) => recent(k, now.getTime()));
      let at = earliest.getTime();
      // Each destination may push the time later; a few rounds settle on one that suits them all.
      for (let round = 0; round < 8; round++) {
        const later = Math.max(...lists.map((l) => place(l, at, (s) => s.inTable).at));
        if (later === at) break;
        at = later;
      }
      paced.forEach((k, i) => {
        if (!lists[i]!.some((s) => s.at === at)) reserve(k, at, true);
      });
      return new Date(at);
    },
    /** Whether this slot is a retry's, whose alerts are claimed from the table (see `retrySlot`). */
    inTable(key: string | null, at: Date): boolean {
      if (key === null) return false;
      return (slots.get(key) ?? []).some((s) => s.at === at.getTime() && s.inTable);
    },
    /** Destinations remembered (memory stays bounded by those active in the last minute or so). */
    tracked(): number {
      return slots.size;
    },
  };
}
