import { createThreadSync } from "./thread-sync";
import { createQueueSync } from "./queue-sync";

type Msg = { id: string; createdAt: string; body: string };
const msg = (n: number): Msg => ({
  id: `m${n}`,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  body: `#${n}`,
});

/** A fake server thread that pages like GET /messages?after=&limit=. */
function serverThread(messages: Msg[], pageSize: number) {
  const calls: Array<string | null> = [];
  return {
    calls,
    fetchAfter: async (afterId: string | null) => {
      calls.push(afterId);
      const start = afterId === null ? 0 : messages.findIndex((m) => m.id === afterId) + 1;
      return messages.slice(start, start + pageSize);
    },
  };
}

describe("thread sync", () => {
  test("when catching up over several pages, then every message arrives once and in order", async () => {
    const all = Array.from({ length: 23 }, (_, i) => msg(i));
    const server = serverThread(all, 10);
    const sync = createThreadSync<Msg>({ fetchAfter: server.fetchAfter, pageSize: 10 });
    const added = await sync.catchUp();
    expect(added).toHaveLength(23);
    expect(sync.list().map((m) => m.id)).toEqual(all.map((m) => m.id));
    expect(server.calls).toEqual([null, "m9", "m19"]);
  });

  test("when the socket delivered some messages before the catch-up, then none is doubled", async () => {
    const all = Array.from({ length: 5 }, (_, i) => msg(i));
    const sync = createThreadSync<Msg>({ fetchAfter: serverThread(all, 50).fetchAfter, pageSize: 50 });
    expect(sync.add([all[3]!, all[4]!])).toHaveLength(2);
    expect(sync.add([all[4]!])).toHaveLength(0);
    const added = await sync.catchUp();
    expect(added.map((m) => m.id)).toEqual(["m0", "m1", "m2"]);
    expect(sync.list().map((m) => m.id)).toEqual(["m0", "m1", "m2", "m3", "m4"]);
  });

  test("when a later copy of a message arrives, then it replaces the first in place", () => {
    const sync = createThreadSync<Msg>({ fetchAfter: async () => [], pageSize: 10 });
    sync.add([msg(1), msg(2)]);
    sync.add([{ ...msg(1), body: "edited" }]);
    expect(sync.list().map((m) => m.body)).toEqual(["edited", "#2"]);
  });

  test("when two catch-ups overlap, then the pages are fetched once", async () => {
    const server = serverThread([msg(1), msg(2)], 10);
    const sync = createThreadSync<Msg>({ fetchAfter: server.fetchAfter, pageSize: 10 });
    await Promise.all([sync.catchUp(), sync.catchUp()]);
    expect(server.calls).toEqual([null]);
    expect(sync.list()).toHaveLength(2);
  });

  test("when subscribed, then listeners hear merges and can unsubscribe", () => {
    const sync = createThreadSync<Msg>({ fetchAfter: async () => [], pageSize: 10 });
    const listener = vi.fn();
    const off = sync.subscribe(listener);
    sync.add([msg(1)]);
    off();
    sync.add([msg(2)]);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe("queue sync", () => {
  type T = { id: string; updatedAt: string };
  test("when catching up, then it asks from the newest updatedAt seen and follows every cursor", async () => {
    const calls: Array<[string, string | null]> = [];
    const pages: Record<string, { items: T[]; nextCursor: string | null }> = {
      start: { items: [{ id: "a", updatedAt: "2026-01-01T00:00:05.000Z" }], nextCursor: "c1" },
      c1: { items: [{ id: "b", updatedAt: "2026-01-01T00:00:03.000Z" }], nextCursor: null },
    };
    const sync = createQueueSync<T>({
      fetchUpdatedSince: async (since, cursor) => {
        calls.push([since, cursor]);
        return pages[cursor ?? "start"]!;
      },
    });
    sync.seen([
      { id: "x", updatedAt: "2026-01-01T00:00:01.000Z" },
      { id: "y", updatedAt: "2026-01-01T00:00:02.000Z" },
    ]);
    const changed = await sync.catchUp();
    expect(calls).toEqual([
      ["2026-01-01T00:00:02.000Z", null],
      ["2026-01-01T00:00:02.000Z", "c1"],
    ]);
    expect(changed.map((t) => t.id)).toEqual(["a", "b"]);
    expect(sync.since()).toBe("2026-01-01T00:00:05.000Z");
  });

  test("when nothing has been seen, then catch-up asks for nothing", async () => {
    const fetch = vi.fn();
    const sync = createQueueSync<T>({ fetchUpdatedSince: fetch });
    expect(await sync.catchUp()).toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
  });
});
