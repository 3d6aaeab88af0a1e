import { randomBytes } from "node:crypto";
import { up as reindexWordsWithMarks } from "../../../migrations/20261213000100_search_words_with_marks";
import { useTicketContext } from "../tickets/helpers";

const { ctx, api } = useTicketContext();

/** A word no other test writes: letters only, so the search's word splitting keeps it whole. */
const word = () => "w" + [...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join("");

type Listed = {
  id: string;
  number: number;
  searchSnippet?: { messageId: string; parts: Array<{ text: string; match: boolean }> } | null;
};

test("when searching #N or N, then ticket number N is found (first), #N finds only it, another shop never", async () => {
  const shop = await ctx.shopUser();
  const other = await ctx.shopUser();
  const admin = await ctx.admin();
  const target = await api.ticket(shop, { subject: "Payout question" });
  const mentions = await api.ticket(shop, {
    subject: "Another thing",
    message: `This is about order ${target.number} again`,
  });

  for (const q of [`#${target.number}`, `${target.number}`]) {
    const res = await api.list(admin, { q, shopId: shop.shopId! });
    expect(res.status).toBe(200);
    const ids = (res.body.items as Listed[]).map((t) => t.id);
    expect(ids[0]).toBe(target.id);
    if (q.startsWith("#")) expect(ids).toEqual([target.id]);
    else expect(ids).toEqual([target.id, mentions.id]);
  }
  // The shop finds its own ticket by number, and nobody else's.
  expect(
    ((await api.list(shop, { q: `#${target.number}` })).body.items as Listed[]).map((t) => t.id),
  ).toEqual([target.id]);
  expect((await api.list(other, { q: `#${target.number}` })).body.items).toEqual([]);
  // Filters still apply to a number: a resolved filter excludes the open ticket.
  expect((await api.list(admin, { q: `#${target.number}`, status: "resolved" })).body.items).toEqual([]);
  // #0 and #-1 name no ticket: nothing, not the tickets whose text has a 0 or a 1.
  for (const q of ["#0", "#-1"]) {
    const none = await api.list(admin, { q, shopId: shop.shopId! });
    expect([q, none.status, none.body.items]).toEqual([q, 200, []]);
  }
  // Full-width digits are the same number.
  const wide = String(target.number).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  expect(((await api.list(admin, { q: `#${wide}` })).body.items as Listed[]).map((t) => t.id)).toEqual([
    target.id,
  ]);
});

test("when a bare number finds its ticket and text matches, then every sort pages through all of them once, even one at a time", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  // The number's ticket is the oldest, so every text match sorts before it by time: a page that ends
  // on it must not continue after its own key.
  const target = await api.ticket(shop, { subject: "Numbered" });
  const ids = [target.id];
  for (let i = 0; i < 3; i++) {
    ids.push((await api.ticket(shop, { subject: `About ${target.number}`, message: "see subject" })).id);
  }
  for (const sort of ["updated", "created", "priority", "due", "relevance"]) {
    for (const limit of [1, 2]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await api.list(admin, {
          q: `${target.number}`,
          shopId: shop.shopId!,
          sort,
          limit,
          ...(cursor ? { cursor } : {}),
        });
        expect(res.status).toBe(200);
        seen.push(...(res.body.items as Listed[]).map((t) => t.id));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor && seen.length <= ids.length);
      expect({ sort, limit, first: seen[0] }).toEqual({ sort, limit, first: target.id });
      expect({ sort, limit, seen: [...seen].sort() }).toEqual({ sort, limit, seen: [...ids].sort() });
    }
  }
});

test("when text matches a message, then the list item carries a highlighted snippet of the newest matching message", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const w = word();
  const t = await api.ticket(shop, {
    subject: "Snippet test",
    message: `first mention of ${w} in the opening message`,
  });
  const reply = await api.post(admin, t.id, {
    body: `We checked ${w}: the <b>parcel</b> left the depot on Monday.`,
  });
  expect(reply.status).toBe(201);

  const res = await api.list(shop, { q: w });
  expect(res.status).toBe(200);
  const [item] = res.body.items as Listed[];
  expect(item!.id).toBe(t.id);
  expect(item!.searchSnippet!.messageId).toBe(reply.body.id);
  const parts = item!.searchSnippet!.parts;
  expect(parts.filter((p) => p.match).map((p) => p.text.toLowerCase())).toContain(w);
  // Text only: ts_headline drops tags from the text, and no marker leaks.
  expect(parts.map((p) => p.text).join("")).toContain("parcel");
  expect(parts.map((p) => p.text).join("")).not.toContain("<b>");
  expect(parts.map((p) => p.text).join("")).not.toContain("\u0002");
  expect(parts.map((p) => p.text).join("")).not.toContain("\u0003");

  // A subject-only match has no snippet; a list without q has no snippet field at all.
  const subjectOnly = await api.list(shop, { q: "Snippet" });
  expect((subjectOnly.body.items as Listed[]).find((x) => x.id === t.id)!.searchSnippet).toBeNull();
  expect((await api.list(shop)).body.items[0]).not.toHaveProperty("searchSnippet");
});

test("when only an internal note has the word, then admins find the ticket with the note as snippet, and the shop never does", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const w = word();
  const t = await api.ticket(shop, { subject: "Nothing to see" });
  const note = await api.post(admin, t.id, { body: `Fraud check: ${w} flagged`, internal: true });
  expect(note.status).toBe(201);

  const adminView = (await api.list(admin, { q: w })).body.items as Listed[];
  expect(adminView.map((x) => x.id)).toEqual([t.id]);
  expect(adminView[0]!.searchSnippet!.messageId).toBe(note.body.id);
  expect((await api.list(shop, { q: w })).body.items).toEqual([]);
});

test("when an internal note matches, then a shop's snippet never shows it", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const w = word();
  const t = await api.ticket(shop, { subject: `Public ${w}` });
  expect((await api.post(admin, t.id, { body: `secret ${w} note`, internal: true })).status).toBe(201);
  const shopView = (await api.list(shop, { q: w })).body.items as Listed[];
  expect(shopView.map((x) => x.id)).toEqual([t.id]);
  expect(shopView[0]!.searchSnippet).toBeNull();
});

test("when words carry combining marks (Hindi, Arabic vowels, Turkish İ), then a search finds each word whole, and the migration reindexes older tickets", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const hello = await api.ticket(shop, { subject: "नमस्ते", message: "नमस्ते दुनिया" });
  const medicine = await api.ticket(shop, { subject: "दवा", message: "दवा नया यह" });
  const flight = await api.ticket(shop, { subject: "Flight", message: "Flug nach İSTANBUL storniert" });
  const refund = await api.ticket(shop, { subject: "طلب", message: "أُرِيدُ اِسْتِرْدَادَ المَبْلَغِ" });
  const note = "टिप्पणी ग्राहक";
  expect((await api.post(admin, hello.id, { body: note, internal: true })).status).toBe(201);
  const found = async (q: string) =>
    ((await api.list(admin, { q, shopId: shop.shopId! })).body.items as Listed[]).map((t) => t.id).sort();
  const expectations: Array<[string, string[]]> = [
    ["दुनिया", [hello.id]], // before: द & न & य, which the medicine ticket matched too
    ["istanbul", [flight.id]],
    ["İstanbul", [flight.id]],
    ["استرداد", [refund.id]], // without the optional vowel marks
    ["دواء", []],
    ["ग्राहक", [hello.id]], // the internal note, for admins
  ];
  const check = async () => {
    for (const [q, ids] of expectations) expect([q, await found(q)]).toEqual([q, [...ids].sort()]);
  };
  await check();

  // A database indexed before the rule changed held the words split at their marks (the old rule: runs of
  // letters and digits only). The migration rebuilds those tickets' vectors with the new rule.
  const knex = ctx.database.knex;
  const oldRule = (s: string) =>
    (
      s
        .normalize("NFKC")
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu) ?? []
    ).join(" ");
  for (const [t, subject, body] of [
    [hello, "नमस्ते", "नमस्ते दुनिया"],
    [medicine, "दवा", "दवा नया यह"],
    [flight, "Flight", "Flug nach İSTANBUL storniert"],
    [refund, "طلب", "أُرِيدُ اِسْتِرْدَادَ المَبْلَغِ"],
  ] as const) {
    await knex.raw(
      `UPDATE support_tickets SET search_vector = setweight(to_tsvector('simple', ?), 'A') || strip(to_tsvector('simple', ?)) WHERE id = ?`,
      [oldRule(subject), oldRule(body), t.id],
    );
  }
  // Such an index knows only the pieces, so the new rule's whole words find nothing there.
  await knex.raw(
    `UPDATE support_tickets SET internal_search_vector = strip(to_tsvector('simple', ?)) WHERE id = ?`,
    [oldRule(note), hello.id],
  );
  expect(await found("दुनिया")).toEqual([]);
  await reindexWordsWithMarks(knex);
  await check();
  // The subject keeps its weight: the subject's word ranks its ticket first.
  expect(((await api.list(admin, { q: "दवा", shopId: shop.shopId! })).body.items as Listed[])[0]!.id).toBe(
    medicine.id,
  );
});
