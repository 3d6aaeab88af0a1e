import { type Actor } from "../support/test-context";
import { useTicketContext } from "./helpers";

/**
 * Overlapping identical list requests share one read (platform/shared-reads.ts). What must not change:
 * a request sent after a write's answer sees the write, and nobody gets a page that is not theirs.
 */
const { ctx, api } = useTicketContext();

type Item = { id: string; priority: string; shopId: string | null };

/** `n` list requests kept in flight until `stop()`: a read of the key is nearly always running. */
function keepListing(as: Actor, query: Record<string, string>, n: number) {
  let stopped = false;
  const loops = Array.from({ length: n }, async () => {
    while (!stopped) {
      const res = await api.list(as, query);
      expect(res.status).toBe(200);
    }
  });
  return async () => {
    stopped = true;
    await Promise.all(loops);
  };
}

test("when identical queue requests overlap a write, then every request sent after the write's answer sees it", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const { id } = await api.ticket(shop, { priority: "low" });
  const query = { shopId: shop.shopId! };
  const stop = keepListing(admin, query, 4);
  try {
    for (const priority of ["high", "urgent", "medium", "low", "high", "urgent"]) {
      const patched = await api.patch(admin, id, { priority });
      expect(patched.status).toBe(200);
      const pages = await Promise.all(Array.from({ length: 4 }, () => api.list(admin, query)));
      for (const page of pages) {
        expect(page.status).toBe(200);
        expect((page.body.items as Item[]).find((t) => t.id === id)?.priority).toBe(priority);
      }
    }
  } finally {
    await stop();
  }
});

test("when two shops list at the same moment, then each gets only its own tickets", async () => {
  const shopA = await ctx.shopUser();
  const shopB = await ctx.shopUser();
  const a = await api.ticket(shopA);
  const b = await api.ticket(shopB);
  for (let round = 0; round < 5; round++) {
    const pages = await Promise.all(
      Array.from({ length: 6 }, (_, i) => api.list(i % 2 === 0 ? shopA : shopB)),
    );
    pages.forEach((page, i) => {
      expect(page.status).toBe(200);
      const ids = (page.body.items as Item[]).map((t) => t.id);
      expect(ids).toEqual([i % 2 === 0 ? a.id : b.id]);
    });
  }
});
