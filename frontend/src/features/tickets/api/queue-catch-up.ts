/**
 * The ticket queue's catch-up: remembers the newest `updatedAt` it has seen and, after a reconnect or on
 * a poll, fetches every ticket changed since then (all pages of `GET /api/tickets?updatedSince=`).
 */
type SyncedTicket = { id: string; updatedAt: string };

type QueueSync<T extends SyncedTicket> = {
  /** Records tickets the client already holds (from a list fetch or a socket event). */
  seen(tickets: T[]): void;
  /** Fetches and returns every ticket changed since the newest one seen, deduplicated by id. */
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
      const since = newest;
      if (since === null) return Promise.resolve([]);
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
