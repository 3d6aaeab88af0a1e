import { type Actor } from "../support/test-context";
import { useTicketContext } from "../tickets/helpers";
import { matched, snippetApi } from "./snippet-helpers";

/**
 * Queue search snippets come from a ticket's NEWEST visible matching message (docs/inbox.md, Search), whichever
 * of the two steps matches it: the SQL pass (plain word split) or the second step (the index's word rule, for
 * full-width, vowelled Arabic and Hindi words). An older message the SQL pass can read must not hide a newer one
 * only the second step can.
 */

const { ctx, api } = useTicketContext();

const { search, post } = snippetApi(api);

/** Each listed ticket's snippet message, by ticket id, as `as` sees it. */
async function snippetIds(as: Actor, q: string, shop: Actor): Promise<Record<string, string | null>> {
  const items = await search(as, q, shop);
  return Object.fromEntries(items.map((i) => [i.id, i.searchSnippet?.messageId ?? null]));
}

// `plain`: a message the SQL pass matches; `body`: a newer one only the index's word rule matches.
const newerWrittenWords = [
  {
    script: "full-width Latin",
    typed: "refund",
    plain: "Please refund my order",
    written: "ｒｅｆｕｎｄ",
    body: "Still no ｒｅｆｕｎｄ after a week",
  },
  {
    script: "vowelled Arabic",
    typed: "استرداد",
    plain: "أريد استرداد المبلغ",
    written: "اِسْتِرْدَادَ",
    body: "متى يتم اِسْتِرْدَادَ المَبْلَغِ",
  },
];

test.each(newerWrittenWords)(
  "when an older message matches plainly and a newer one writes the word as $script, then the snippet is the newer one",
  async (c) => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const t = await api.ticket(shop, { subject: "Question", message: "Hello" });
    await post(shop, t.id, c.plain);
    const newer = await post(shop, t.id, c.body);
    // Newest of all, matching nothing: non-ASCII and ASCII.
    await post(admin, t.id, "We are looking into it.");
    await post(shop, t.id, "शुक्रिया");
    for (const as of [shop, admin]) {
      const items = await search(as, c.typed, shop);
      expect(items.map((i) => i.id)).toEqual([t.id]);
      const snippet = items[0]!.searchSnippet;
      expect({ as: as.role, messageId: snippet?.messageId, matched: matched(snippet) }).toEqual({
        as: as.role,
        messageId: newer,
        matched: [c.written],
      });
      expect(snippet!.parts.map((p) => p.text).join("")).toBe(c.body);
    }
  },
);

test("when the newer full-width match is an internal note, then the admin's snippet is the note and the shop's the older message", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const t = await api.ticket(shop, { subject: "Question", message: "Hello" });
  const older = await post(shop, t.id, "Please refund my order");
  const note = await post(admin, t.id, "ｒｅｆｕｎｄ approved, waiting for finance", true);

  expect(await snippetIds(admin, "refund", shop)).toEqual({ [t.id]: note });
  expect(await snippetIds(shop, "refund", shop)).toEqual({ [t.id]: older });
});

test("when the plain match is the newer one, then it stays the snippet, also with older or non-matching non-ASCII messages", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  // An older full-width match, a newer plain one, then a non-ASCII message without the word.
  const afterWritten = await api.ticket(shop, { subject: "Question", message: "Hello" });
  await post(shop, afterWritten.id, "ｒｅｆｕｎｄ please");
  const plainNewer = await post(shop, afterWritten.id, "Any news on my refund?");
  await post(shop, afterWritten.id, "शुक्रिया");
  // Two plain matches: the newer one, as without any non-ASCII message.
  const twoPlain = await api.ticket(shop, { subject: "Question", message: "First refund request" });
  const secondPlain = await post(admin, twoPlain.id, "Your refund was sent today.");
  await post(shop, twoPlain.id, "Thanks!");
  // Only the second step can match it: still the newest such message.
  const onlyWritten = await api.ticket(shop, { subject: "Question", message: "ｒｅｆｕｎｄ please" });
  const newestWritten = await post(shop, onlyWritten.id, "ｒｅｆｕｎｄ still missing");

  for (const as of [shop, admin]) {
    expect({ as: as.role, ids: await snippetIds(as, "refund", shop) }).toEqual({
      as: as.role,
      ids: {
        [afterWritten.id]: plainNewer,
        [twoPlain.id]: secondPlain,
        [onlyWritten.id]: newestWritten,
      },
    });
  }
});
