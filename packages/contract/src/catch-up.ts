/**
 * The resume protocol, client side: how a client that dropped off gets back everything it missed,
 * exactly once. Plain functions with no framework, shared by the web app (which keeps the results in
 * TanStack Query) and backend/test/realtime/resume.test.ts (which runs them against the real server).
 *
 * A thread's messages arrive from three places (socket events, POST responses, catch-up fetches) in any
 * order and possibly twice: merged by id, each shows once, ordered by createdAt and then by arrival. The
 * `after=` cursor moves only with server pages, never with socket events (which can have gaps), so a
 * catch-up always starts from the last point the server confirmed.
 */
type ThreadMessage = { id: string; createdAt: string };

/** Adds or replaces (a later copy, e.g. with readAt, keeps its place) and keeps createdAt order. */
export function mergeMessages<M extends ThreadMessage>(known: M[], incoming: M[]): M[] {
  if (incoming.length === 0) return known;
  const byId = new Map(known.map((m) => [m.id, m]));
  const added: M[] = [];
  for (const m of incoming) {
    if (!byId.has(m.id) && !added.some((a) => a.id === m.id)) added.push(m);
    byId.set(m.id, m);
  }
  // Array.prototype.sort is stable: equal createdAt keeps arrival order.
  return [...known, ...added]
    .map((m) => byId.get(m.id) ?? m)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Everything after `cursor` (`GET …/messages?after=`), page by page until a short page, and the new cursor. */
export async function fetchMessagesAfter<M extends ThreadMessage>(
  fetchPage: (after: string | null) => Promise<M[]>,
  cursor: string | null,
  pageSize: number,
): Promise<{ messages: M[]; cursor: string | null }> {
  const messages: M[] = [];
  for (;;) {
    const page = await fetchPage(cursor);
    messages.push(...page);
    const last = page[page.length - 1];
    if (last) cursor = last.id;
    if (page.length < pageSize) return { messages, cursor };
  }
}

/**
 * The ticket queue's catch-up: remembers the newest `updatedAt` it has seen and, after a reconnect or on
 * a poll, fetches every ticket changed since a little before then (all pages of
 * `GET /api/tickets?updatedSince=`), so callers merge the answer by id.
 */
type SyncedTicket = { id: string; updatedAt: string };

/**
 * How far before the newest `updatedAt` seen a catch-up starts. A write stamps `updatedAt` when its
 * transaction starts but becomes visible when it commits: a change that waited on a lock can commit after
 * a newer one the client already saw, with an older stamp. Starting from exactly the newest seen would
 * skip it for good; a minute covers any write transaction (statements time out after 5 s by default).
 */
export const QUEUE_CATCH_UP_OVERLAP_MS = 60_000;

type QueueSync<T extends SyncedTicket> = {
  /** Records tickets the client already holds (from a list fetch or a socket event). */
  seen(tickets: T[]): void;
  /**
   * Fetches and returns every ticket changed since the newest one seen, deduplicated by id; with the
   * overlap, also tickets changed in the minute before it (already known, returned again).
   */
  catchUp(): Promise<T[]>;
  since(): string | null;
};

export function createQueueSync<T extends SyncedTicket>(opts: {
  fetchUpdatedSince: (
    since: string,
    cursor: string | null,
  ) => Promise<{ items: T[]; nextCursor: string | null }>;
  /** Used before any ticket has been seen. */
  initialSince?: string;
}): QueueSync<T> {
  let newest: string | null = opts.initialSince ?? null;
  let running: Promise<T[]> | null = null;

  const seen = (tickets: T[]) => {
    for (const t of tickets) {
      if (newest === null || Date.parse(t.updatedAt) > Date.parse(newest)) newest = t.updatedAt;
    }
  };

  return {
    seen,
    since: () => newest,
    catchUp() {
      if (newest === null) return Promise.resolve([]);
      const since = new Date(Date.parse(newest) - QUEUE_CATCH_UP_OVERLAP_MS).toISOString();
      running ??= (async () => {
        const changed = new Map<string, T>();
        try {
          let cursor: string | null = null;
          do {
            const page = await opts.fetchUpdatedSince(since, cursor);
            for (const t of page.items) changed.set(t.id, t);
            cursor = page.nextCursor;
          } while (cursor);
        } finally {
          running = null;
        }
        const items = [...changed.values()];
        seen(items);
        return items;
      })();
      return running;
    },
  };
}
