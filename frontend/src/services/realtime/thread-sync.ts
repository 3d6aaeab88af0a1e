/**
 * One ticket's messages, kept complete across socket drops. Messages arrive from three places (socket
 * events, POST responses, catch-up fetches) in any order and possibly twice; this merges them by id so
 * the thread shows each message exactly once, ordered by createdAt and then by arrival.
 * Framework-free: React reads it through subscribe()/list() (useSyncExternalStore), tests drive it directly.
 */
export type SyncedMessage = { id: string; createdAt: string };

export type ThreadSync<M extends SyncedMessage> = {
  /** Merges messages from a socket event, a POST response or a fetch; returns those that were new. */
  add(messages: M[]): M[];
  /** After a (re)connect or on a poll: fetches everything after the newest known id, page by page. */
  catchUp(): Promise<M[]>;
  list(): M[];
  lastId(): string | null;
  subscribe(listener: () => void): () => void;
};

export function createThreadSync<M extends SyncedMessage>(opts: {
  fetchAfter: (afterId: string | null) => Promise<M[]>;
  pageSize: number;
}): ThreadSync<M> {
  const byId = new Map<string, { message: M; arrival: number }>();
  const listeners = new Set<() => void>();
  let arrivals = 0;
  let sorted: M[] = [];
  // The newest message the server has confirmed we hold everything up to; `after=` starts from it.
  let cursorId: string | null = null;
  let running: Promise<M[]> | null = null;

  const resort = () => {
    sorted = [...byId.values()]
      .sort((a, b) => a.message.createdAt.localeCompare(b.message.createdAt) || a.arrival - b.arrival)
      .map((entry) => entry.message);
  };

  const merge = (messages: M[]): M[] => {
    const added: M[] = [];
    for (const message of messages) {
      const known = byId.get(message.id);
      // A later copy (e.g. with readAt set) replaces the earlier one but keeps its place.
      byId.set(message.id, { message, arrival: known?.arrival ?? arrivals++ });
      if (!known) added.push(message);
    }
    return added;
  };

  const notify = () => listeners.forEach((l) => l());

  const sync: ThreadSync<M> = {
    add(messages) {
      if (messages.length === 0) return [];
      const added = merge(messages);
      resort();
      notify();
      return added;
    },

    catchUp() {
      // One catch-up at a time: a reconnect during a poll must not fetch the same pages twice.
      running ??= (async () => {
        const added: M[] = [];
        try {
          for (;;) {
            const page = await opts.fetchAfter(cursorId);
            added.push(...merge(page));
            const last = page[page.length - 1];
            if (last) cursorId = last.id;
            if (page.length < opts.pageSize) break;
          }
        } finally {
          running = null;
          resort();
          notify();
        }
        return added;
      })();
      return running;
    },

    list: () => sorted,
    lastId: () => cursorId,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return sync;
}
