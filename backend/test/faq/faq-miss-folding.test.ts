import request from "supertest";
import { uniqueWord, useFaqContext } from "./faq-fixtures";

/**
 * The stats' "searches that found nothing" group queries the search itself reads as the same: full-width
 * letters (a Japanese keyboard's "ｒｅｆｕｎｄ" is "refund"), case, spacing and punctuation around the words.
 */
const { ctx, admin, shop } = useFaqContext();

/** The database's clock, so "since" and created_at compare on one clock. */
const dbNow = async (): Promise<string> => {
  const res = await ctx.database.knex.raw("select clock_timestamp() as now");
  return new Date(res.rows[0].now).toISOString();
};

/** Full-width forms of ASCII letters and digits (U+FF01..U+FF5E), as an East Asian keyboard types them. */
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

test("when searches that find nothing differ only in how their words are written, then the stats count them as one", async () => {
  const since = await dbNow();
  // Two made-up words: a real one ("refund") may be in another test's article on a shared database, and
  // the search's fallback ("any of the words") would then find it.
  const [word, other] = [uniqueWord(), uniqueWord("zr")];
  const typed = [
    `${word} ${other}`,
    fullWidth(`${word} ${other}`),
    `${word.toUpperCase()}   ${fullWidth(other.toUpperCase())}?`,
  ];
  for (const q of typed) {
    const res = await request(ctx.app).get("/api/faq").query({ q });
    expect({ q, status: res.status, items: res.body.items }).toEqual({ q, status: 200, items: [] });
  }
  const suggested = await request(ctx.app)
    .get("/api/faq/suggest")
    .set(shop.auth)
    .query({ q: `${fullWidth(word)}  ${other}!` });
  expect(suggested.body).toEqual({ items: [] });

  const stats = await request(ctx.app).get("/api/faq/stats").set(admin.auth).query({ since, limit: "100" });
  expect(stats.status).toBe(200);
  const ours = (stats.body.zeroResultSearches as Array<{ query: string; count: number }>).filter((s) =>
    s.query.normalize("NFKC").toLowerCase().includes(word),
  );
  expect(ours).toEqual([expect.objectContaining({ query: `${word} ${other}`, count: 4 })]);
});
