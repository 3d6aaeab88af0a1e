import { randomBytes } from "node:crypto";
import { expectError, useTicketContext } from "../tickets/helpers";

const { ctx, api } = useTicketContext();

/** A word no other test writes: letters only, so the search's word splitting keeps it whole. */
const word = () => "r" + [...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join("");

type Listed = { id: string; number: number };
const ids = (body: { items: Listed[] }) => body.items.map((t) => t.id);

test("when sorting by relevance without a search query, then 400 names sort and q", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  for (const [who, query] of [
    [admin, { sort: "relevance" }],
    [shop, { sort: "relevance", q: "   " }],
  ] as const) {
    const res = await api.list(who, query);
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.message).toMatch(/relevance.*\bq\b/);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: "sort" })]);
  }
});

test("when sorting a search by relevance, then a subject match ranks above message matches, ties newest first", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const w = word();
  // Oldest first: the subject match is the oldest, so recency order would put it last.
  const inSubject = await api.ticket(shop, { subject: `Question about ${w}`, message: "details inside" });
  const olderBody = await api.ticket(shop, { subject: "Something", message: `the ${w} broke` });
  const newerBody = await api.ticket(shop, { subject: "Another", message: `again ${w} today` });
  await api.ticket(shop, { subject: "Unrelated", message: "nothing to see" });

  const updated = await api.list(admin, { q: w, shopId: shop.shopId! });
  expect(ids(updated.body)).toEqual([newerBody.id, olderBody.id, inSubject.id]);

  for (const who of [admin, shop]) {
    const res = await api.list(who, { q: w, sort: "relevance" });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([inSubject.id, newerBody.id, olderBody.id]);
  }
});

test("when paging a relevance search, then the keyset cursor walks every match once in rank order", async () => {
  const shop = await ctx.shopUser();
  const w = word();
  const expected: string[] = [];
  // Two in the subject (ranked first, newest first), three in a message.
  const subjects = [];
  for (let i = 0; i < 2; i++)
    subjects.push((await api.ticket(shop, { subject: `${w} ${i}`, message: "x" })).id);
  const bodies = [];
  for (let i = 0; i < 3; i++)
    bodies.push((await api.ticket(shop, { subject: `s${i}`, message: `${w} ${i}` })).id);
  expected.push(...subjects.reverse(), ...bodies.reverse());

  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await api.list(shop, { q: w, sort: "relevance", limit: 2, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    seen.push(...ids(res.body));
    cursor = res.body.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 10);
  expect(seen).toEqual(expected);

  // A cursor issued for another sort is refused, not misread.
  const byUpdated = await api.list(shop, { q: w, limit: 1 });
  const res = await api.list(shop, { q: w, sort: "relevance", cursor: byUpdated.body.nextCursor });
  expectError(res, 400, "VALIDATION_FAILED");
});

test("when a bare number heads a relevance search, then its ticket comes first and paging still reaches every text match", async () => {
  const shop = await ctx.shopUser();
  const target = await api.ticket(shop, { subject: "Numbered", message: "no mention" });
  const strong = await api.ticket(shop, { subject: `About ${target.number}`, message: "see subject" });
  const weak = await api.ticket(shop, { subject: "Other", message: `mentions ${target.number}` });
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await api.list(shop, {
      q: `${target.number}`,
      sort: "relevance",
      limit: 1,
      ...(cursor ? { cursor } : {}),
    });
    expect(res.status).toBe(200);
    seen.push(...ids(res.body));
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor && seen.length < 10);
  expect(seen).toEqual([target.id, strong.id, weak.id]);
});

test("when an internal note matches, then it ranks the ticket for admins only; the shop's ranking ignores it", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const w = word();
  // A prefix query counts every matching word, so extra words starting with w raise the rank.
  const publicTwice = await api.ticket(shop, { subject: "First", message: `${w} and ${w}q` });
  const noted = await api.ticket(shop, { subject: "Second", message: `just ${w}` });
  const noteOnly = await api.ticket(shop, { subject: "Third", message: "nothing public" });
  for (const [t, body] of [
    [noted, `internal ${w}x ${w}y ${w}z`],
    [noteOnly, `internal ${w}n`],
  ] as const) {
    const res = await api.post(admin, t.id, { body, internal: true });
    expect(res.status).toBe(201);
  }

  const forShop = await api.list(shop, { q: w, sort: "relevance" });
  expect(forShop.status).toBe(200);
  expect(ids(forShop.body)).toEqual([publicTwice.id, noted.id]);

  const forAdmin = await api.list(admin, { q: w, sort: "relevance", shopId: shop.shopId! });
  expect(forAdmin.status).toBe(200);
  expect(ids(forAdmin.body)).toEqual([noted.id, publicTwice.id, noteOnly.id]);
});
