import { randomUUID } from "node:crypto";
import { useTicketContext } from "./helpers";

/** Session 39's black-box audit of the queue (GET /api/tickets): regressions for what it found. */

const { ctx, api } = useTicketContext();

type Snippet = { messageId: string; parts: Array<{ text: string; match: boolean }> };
type Listed = { id: string; searchSnippet?: Snippet | null };

describe("search snippets", () => {
  test("when the search finds a message by a number written after a hyphen, then its snippet highlights the number", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    // The word as the message writes it, and as an agent types it. (Full-width, vowelled Arabic and Hindi
    // words, which the snippet's SQL word split misreads: test/inbox/search-snippet-words.test.ts.)
    const cases: Array<{ written: string; body: string; typed: string }> = [
      { written: "1042", body: "order-1042 never arrived", typed: "1042" },
    ];
    for (const c of cases) {
      // A word of its own in the same message, so each search finds this ticket alone.
      const tag = `audit${randomUUID().slice(0, 8)}`;
      const t = await api.ticket(shop, { subject: "Snippet audit", message: "Hello" });
      const posted = await api.post(shop, t.id, { body: `${tag} ${c.body}` });
      expect(posted.status).toBe(201);

      for (const as of [admin, shop]) {
        const res = await api.list(as, { q: `${tag} ${c.typed}`, shopId: shop.shopId! });
        expect(res.status).toBe(200);
        const items = res.body.items as Listed[];
        expect({ typed: c.typed, ids: items.map((i) => i.id) }).toEqual({ typed: c.typed, ids: [t.id] });
        const snippet = items[0]!.searchSnippet;
        expect({ typed: c.typed, messageId: snippet?.messageId }).toEqual({
          typed: c.typed,
          messageId: posted.body.id,
        });
        expect({ typed: c.typed, matched: snippet!.parts.filter((p) => p.match).map((p) => p.text) }).toEqual(
          {
            typed: c.typed,
            matched: expect.arrayContaining([c.written]),
          },
        );
        // The parts are still the message's own text, in order.
        expect(snippet!.parts.map((p) => p.text).join("")).toContain(c.body);
      }
    }
  });
});
