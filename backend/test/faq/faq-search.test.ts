import request from "supertest";
import { DEFAULT_FAQ_ARTICLES as defaults } from "@parley/faq-content";
import { createArticle, faqSearchApi, ids, uniqueWord, useFaqContext } from "./faq-fixtures";

const { ctx, admin, shop } = useFaqContext({ seedDefaults: true });

const { search, suggest } = faqSearchApi(() => ctx);

describe("ranking", () => {
  test("when the words are in one article's question and only in others' answers, then that article ranks first", async () => {
    const word = uniqueWord();
    const inAnswer = await createArticle(ctx, admin, {
      question: "Something unrelated entirely",
      answer: `${word} refunds, ${word} refunds and more ${word} refunds for everyone.`,
    });
    const inCategory = await createArticle(ctx, admin, {
      category: `${word} refunds`,
      question: "Other thing",
    });
    const inQuestion = await createArticle(ctx, admin, { question: `How do ${word} refunds work?` });
    const res = await search(`${word} refunds`);
    expect(res.status).toBe(200);
    expect(ids(res)[0]).toBe(inQuestion.id);
    expect(ids(res)).toEqual(expect.arrayContaining([inAnswer.id, inCategory.id]));
    expect(ids(res).indexOf(inAnswer.id)).toBeLessThan(ids(res).indexOf(inCategory.id));
  });

  test("when a default article's own question is searched, then that article comes first", async () => {
    for (const article of defaults) {
      const reader = article.audience === "shop" ? shop : undefined;
      const res = await search(article.question, reader);
      expect({ question: article.question, first: res.body.items[0]?.question }).toEqual({
        question: article.question,
        first: article.question,
      });
    }
  });

  test("when a word is typed only in part, then prefix matching finds it ('payo' finds payouts)", async () => {
    const res = await search("payo", shop);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items[0].question.toLowerCase()).toContain("payout");

    const word = uniqueWord();
    const article = await createArticle(ctx, admin, { question: `Where are ${word}s kept?` });
    expect(ids(await search(word.slice(0, 8)))).toContain(article.id);
  });

  test("when the typed start of a word stems to other letters, then it still finds the word", async () => {
    // english stems "zqfining" to "zqfine", which "zqfiningnjgdpas" (stemmed whole) does not start with.
    const article = await createArticle(ctx, admin, { question: "Where are zqfiningnjgdpas kept?" });
    expect(ids(await search("zqfining"))).toContain(article.id);
    // Whole words still match their stemmed forms, and stop words are still ignored.
    expect(ids(await search("my zqfiningnjgdpa"))).toContain(article.id);
  });

  test("when not every word matches, then articles matching some of the words are still found", async () => {
    const word = uniqueWord();
    const article = await createArticle(ctx, admin, { question: `Tracking ${word} parcels` });
    expect(ids(await search(`${word} ${uniqueWord()} ${uniqueWord()}`))).toContain(article.id);
  });

  test("when the query is hostile, then the search answers 200 or 400 and never 500", async () => {
    const hostile = [
      "'",
      '"',
      "&|!:*()",
      "payout & | ! ( ) : * <-> <2>",
      "a:* | b:*",
      "!!!",
      "(((",
      "x".repeat(1000),
      "word ".repeat(400),
      "日本語の質問 ✨ café Ünïcödé 𝔘𝔫𝔦",
      "\u0000\u0001",
      "Robert'); DROP TABLE faq_articles;--",
      "   ",
      "",
      "the a is of",
    ];
    for (const q of hostile) {
      for (const res of [await search(q), await search(q, shop), await suggest(q), await suggest(q, shop)]) {
        expect({ q, status: res.status }).toEqual({ q, status: res.status === 400 ? 400 : 200 });
        if (res.status === 200) expect(Array.isArray(res.body.items)).toBe(true);
      }
    }
    const repeated = await request(ctx.app).get("/api/faq?q=a&q=b");
    expect([200, 400]).toContain(repeated.status);
  });
});

describe("suggestions for a draft ticket", () => {
  test("when a shop types 'my payout is late', then the payout article is suggested first", async () => {
    const res = await suggest("my payout is late", shop);
    expect(res.status).toBe(200);
    expect(res.body.items[0].question).toBe("My payout is late. What can I do?");
    expect(res.body.items[0].audience).toBe("shop");
    expect(res.body.items.length).toBeLessThanOrEqual(5);
  });

  test("when a long draft (subject and message) is sent, then the best matching articles come back", async () => {
    const draft =
      "Payout missing\n\nHi, I have been selling for a month and my payout for last week never arrived in my bank " +
      "account. Can you check what happened? Thanks!";
    const res = await suggest(draft, shop);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.slice(0, 3).some((a: { category: string }) => a.category === "Payouts")).toBe(true);
  });

  test("when there is no token, then suggestions are for customers and never shop-only", async () => {
    const res = await suggest("my payout is late");
    expect(res.status).toBe(200);
    for (const a of res.body.items) expect(["customer", "both"]).toContain(a.audience);
    const returns = await suggest("how do I return an item");
    expect(returns.body.items[0].question).toBe("How do I return an item?");
  });

  test("when the draft is empty, then no suggestions", async () => {
    const res = await suggest("", shop);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });
});
