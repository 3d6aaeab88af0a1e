/**
 * Full-text search (see ticket.repository listPage): a rare word goes straight through the GIN index; a
 * common one walks the first rows of the sort order, then falls back to GIN when that finds less than a
 * page. With a window of 3 rows, a shop's few tickets exercise each path and the hand-overs across pages.
 */
import { createTicketRepository, type SortKey } from "../../src/domains/support/repository/ticket.repository";
import { createTestContext, type TestContext } from "../support/test-context";
import { ticketApi } from "./helpers";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function shopWithTickets(subjects: string[]) {
  const shop = await ctx.shopUser();
  const api = ticketApi(ctx);
  const ids: string[] = [];
  for (const subject of subjects) {
    ids.push((await api.ticket(shop, { subject })).id);
    await new Promise((r) => setTimeout(r, 3)); // distinct updated_at, so the order is the creation order
  }
  return { shopId: shop.shopId!, ids };
}

/** rareMatches 0 sends every search down the window path, so the window and its fallback are exercised. */
async function searchAll(shopId: string, word: string, limit: number, searchWindow: number, rareMatches = 0) {
  const repo = createTicketRepository(ctx.database.knex, { searchWindow, rareMatches });
  const pages: string[][] = [];
  let after: SortKey | undefined;
  for (;;) {
    const rows = await repo.listPage(
      { shopId, tsquery: `${word}:*` },
      { sort: "updated", after, limit: limit + 1, side: "admin" },
    );
    const page = rows.slice(0, limit);
    pages.push(page.map((r) => r.id));
    if (rows.length <= limit) return pages;
    after = page[page.length - 1]!.sortKey;
  }
}

test("when the word is rare and older than the window, then the GIN step still finds every match in order", async () => {
  const subjects = ["samovar broke", "samovar again", ...Array.from({ length: 8 }, (_, i) => `parcel ${i}`)];
  const { shopId, ids } = await shopWithTickets(subjects);
  const pages = await searchAll(shopId, "samo", 5, 3);
  expect(pages).toEqual([[ids[1], ids[0]]]);
});

test("when the word is common, then pages come from the window and cover every match exactly once", async () => {
  const subjects = Array.from({ length: 10 }, (_, i) => (i % 3 === 0 ? `refund ${i}` : `refund parcel ${i}`));
  const { shopId, ids } = await shopWithTickets(subjects);
  const pages = await searchAll(shopId, "refu", 2, 3);
  expect(pages.flat()).toEqual([...ids].reverse());
  expect(pages.every((p) => p.length <= 2)).toBe(true);
});

test("when matches straddle the window, then the hand-over between steps skips and repeats nothing", async () => {
  // Newest first: parcel ×2, then alternating matches, so a page of 2 needs rows beyond a window of 3.
  const subjects = ["samovar a", "parcel", "samovar b", "parcel", "samovar c", "parcel", "parcel"];
  const { shopId, ids } = await shopWithTickets(subjects);
  const pages = await searchAll(shopId, "samovar", 2, 3);
  expect(pages.flat()).toEqual([ids[4], ids[2], ids[0]]);
});

test("when the word is rare, then the GIN path alone returns every match in sort order across pages", async () => {
  const subjects = ["samovar a", "parcel", "samovar b", "parcel", "samovar c", "parcel", "parcel"];
  const { shopId, ids } = await shopWithTickets(subjects);
  const pages = await searchAll(shopId, "samovar", 2, 3, 1000);
  expect(pages).toEqual([[ids[4], ids[2]], [ids[0]]]);
});
