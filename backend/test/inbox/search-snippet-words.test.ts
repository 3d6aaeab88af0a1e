import { useTicketContext } from "../tickets/helpers";
import { matched, snippetApi } from "./snippet-helpers";

/**
 * Queue search snippets for words the SQL word split misreads (full-width letters, vowelled Arabic, Hindi
 * vowel signs): the ticket is found through the index, and its snippet comes from the messages matched by
 * the index's own word rule (docs/inbox.md, Search).
 */

const { ctx, api } = useTicketContext();

const { search, post } = snippetApi(api);

const writtenWords = [
  {
    script: "full-width Latin",
    typed: "refund",
    written: "ｒｅｆｕｎｄ",
    body: "I asked for a ｒｅｆｕｎｄ last week",
  },
  { script: "vowelled Arabic", typed: "استرداد", written: "اِسْتِرْدَادَ", body: "أُرِيدُ اِسْتِرْدَادَ المَبْلَغِ" },
  // Hindi's nukta, anusvara and virama are combining marks that the SQL split cuts words at.
  { script: "Hindi", typed: "रिफ़ंड", written: "रिफ़ंड", body: "मुझे रिफ़ंड चाहिए" },
  // A prefix, as every query word is: "ग्राह" begins "ग्राहक".
  { script: "Hindi, a prefix", typed: "ग्राह", written: "ग्राहक", body: "ग्राहक सेवा से बात करनी है" },
];

test.each(writtenWords)(
  "when a message writes the searched word as $script, then its ticket's snippet is that message with the word marked",
  async (c) => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const t = await api.ticket(shop, { subject: "Question", message: "Hello" });
    const withWord = await post(shop, t.id, c.body);
    // Newer messages without the word: the snippet is the newest matching message, not the newest one.
    await post(admin, t.id, "We are looking into it.");
    await post(shop, t.id, "शुक्रिया");
    for (const as of [shop, admin]) {
      const items = await search(as, c.typed, shop);
      expect({ as: as.role, ids: items.map((i) => i.id) }).toEqual({ as: as.role, ids: [t.id] });
      const snippet = items[0]!.searchSnippet;
      expect({ as: as.role, messageId: snippet?.messageId, matched: matched(snippet) }).toEqual({
        as: as.role,
        messageId: withWord,
        matched: [c.written],
      });
      // The message's own text, as written.
      expect(snippet!.parts.map((p) => p.text).join("")).toBe(c.body);
    }
  },
);

test("when the word is only in the subject, then the snippet stays null; when a message has it too, then that message is the snippet", async () => {
  const shop = await ctx.shopUser();
  const subjectOnly = await api.ticket(shop, { subject: "रिफ़ंड का सवाल", message: "नमस्ते, मेरा ऑर्डर" });
  await post(shop, subjectOnly.id, "ｈｅｌｌｏ again");
  const both = await api.ticket(shop, { subject: "रिफ़ंड", message: "Hello" });
  const inMessage = await post(shop, both.id, "रिफ़ंड कब मिलेगा?");

  const items = await search(shop, "रिफ़ंड", shop);
  expect(items.map((i) => i.id).sort()).toEqual([subjectOnly.id, both.id].sort());
  const byId = new Map(items.map((i) => [i.id, i.searchSnippet]));
  expect(byId.get(subjectOnly.id)).toBeNull();
  expect(byId.get(both.id)?.messageId).toBe(inMessage);
});

test("when an internal note has the word, then an admin's snippet may be the note and the shop's never is", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const t = await api.ticket(shop, { subject: "Order question", message: "Hello" });
  const shopMessage = await post(shop, t.id, "Please ｒｅｆｕｎｄ the order");
  const note = await post(admin, t.id, "ｒｅｆｕｎｄ approved, waiting for finance", true);
  // Only the note has this word: the shop does not find the ticket by it at all.
  const noteOnly = await api.ticket(shop, { subject: "Another", message: "Hello" });
  const secret = await post(admin, noteOnly.id, "اِسْتِرْدَادَ مرفوض", true);

  const adminItems = await search(admin, "refund", shop);
  expect(adminItems.map((i) => [i.id, i.searchSnippet?.messageId])).toEqual([[t.id, note]]);
  const shopItems = await search(shop, "refund", shop);
  expect(shopItems.map((i) => [i.id, i.searchSnippet?.messageId])).toEqual([[t.id, shopMessage]]);
  expect(JSON.stringify(shopItems)).not.toContain("approved");

  expect((await search(admin, "استرداد", shop)).map((i) => [i.id, i.searchSnippet?.messageId])).toEqual([
    [noteOnly.id, secret],
  ]);
  expect(await search(shop, "استرداد", shop)).toEqual([]);
});

test("when the query has several words, then the snippet is a message that has them all, with every one marked", async () => {
  const shop = await ctx.shopUser();
  // The ticket has both words, but in different messages: found, and no message to show.
  const spread = await api.ticket(shop, { subject: "Question", message: "ｒｅｆｕｎｄ please" });
  await post(shop, spread.id, "order 1042 never arrived");
  const together = await api.ticket(shop, { subject: "Question", message: "Hello" });
  const both = await post(shop, together.id, "ｒｅｆｕｎｄ for ｏｒｄｅｒ-1042 and my other order");
  await post(shop, together.id, "ｒｅｆｕｎｄ still missing");

  const items = await search(shop, "refu ord", shop);
  expect(items.map((i) => i.id).sort()).toEqual([spread.id, together.id].sort());
  const byId = new Map(items.map((i) => [i.id, i.searchSnippet]));
  expect(byId.get(spread.id)).toBeNull();
  const snippet = byId.get(together.id);
  expect(snippet?.messageId).toBe(both);
  expect(matched(snippet)).toEqual(["ｒｅｆｕｎｄ", "ｏｒｄｅｒ", "order"]);
  expect(snippet!.parts.map((p) => p.text).join("")).toBe(
    "ｒｅｆｕｎｄ for ｏｒｄｅｒ-1042 and my other order",
  );
});

test("when the matching message is older than the newest 50 visible messages or 64 KB of non-ASCII text, then the snippet stays null (the bound)", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const snippetOf = async (id: string) =>
    (await search(shop, "refund", shop)).find((i) => i.id === id)?.searchSnippet?.messageId ?? null;

  // 50 messages: the matching one and 49 newer (internal notes do not count for the shop).
  const byCount = await api.ticket(shop, { subject: "Question", message: "Hello" });
  const counted = await post(shop, byCount.id, "ｒｅｆｕｎｄ please");
  await post(admin, byCount.id, "a note", true);
  for (let i = 0; i < 49; i++) await post(i % 2 ? shop : admin, byCount.id, `update ${i}`);
  expect(await snippetOf(byCount.id)).toBe(counted);
  await post(shop, byCount.id, "one more");
  expect(await snippetOf(byCount.id)).toBeNull();

  // Newer non-ASCII messages of 30,000 bytes each (10,000 three-byte characters): two leave it in reach.
  const byBytes = await api.ticket(shop, { subject: "Question", message: "Hello" });
  const reached = await post(shop, byBytes.id, "ｒｅｆｕｎｄ please");
  for (let i = 0; i < 2; i++) await post(shop, byBytes.id, "ऑ".repeat(10_000));
  expect(await snippetOf(byBytes.id)).toBe(reached);
  await post(shop, byBytes.id, "ऑ".repeat(10_000));
  expect(await snippetOf(byBytes.id)).toBeNull();
});
