import request from "supertest";
import type { Actor } from "../support/test-context";
import { createArticle, faqSearchApi, ids, uniqueWord, useFaqContext } from "./faq-fixtures";

/**
 * The FAQ search folds accents and hyphens, both ways: "cafe" finds "Café" and "café" finds "cafe";
 * "email" finds "e-mail" and "e-mail" finds "email" (migration 20261216000100, domain/search.ts).
 */
const { ctx, admin, shop } = useFaqContext({ seedDefaults: true });

const { search, suggest } = faqSearchApi(() => ctx);
const found = async (q: string, actor?: Actor) => {
  const res = await search(q, actor);
  expect({ q, status: res.status }).toEqual({ q, status: 200 });
  return ids(res);
};

/** Accented words and how they are typed without accents, in several languages. */
const PAIRS: Array<[accented: string, plain: string]> = [
  ["Café", "cafe"],
  ["résumé", "resume"],
  ["Ärger", "arger"],
  ["naïve", "naive"],
  ["Straße", "strasse"],
  ["Łódź", "lodz"],
  ["São", "sao"],
  ["Ñandú", "nandu"],
  ["Ελλάδα", "ελλαδα"],
];

describe("accents", () => {
  test("when the query has no accents, then it finds the accented article (café, résumé, Ärger, naïve, …)", async () => {
    const article = await createArticle(ctx, admin, { question: "Café opening hours" });
    expect(await found("cafe")).toContain(article.id);
    expect(await found("cafe opening hours")).toContain(article.id);
    expect(await found("Cafe")).toContain(article.id);

    for (const [accented, plain] of PAIRS) {
      const word = uniqueWord();
      const inQuestion = await createArticle(ctx, admin, { question: `${accented} ${word}?` });
      const inAnswer = await createArticle(ctx, admin, { answer: `About ${accented} and ${word}.` });
      const hits = await found(`${plain} ${word}`);
      expect({ plain, hits }).toEqual({ plain, hits: expect.arrayContaining([inQuestion.id, inAnswer.id]) });
      // The question ranks above the answer, folded or not.
      expect({ plain, order: hits.indexOf(inQuestion.id) < hits.indexOf(inAnswer.id) }).toEqual({
        plain,
        order: true,
      });
    }
  });

  test("when the query has accents, then it finds the article written without them, and the exact spelling first", async () => {
    for (const [accented, plain] of PAIRS) {
      const word = uniqueWord();
      const unaccented = await createArticle(ctx, admin, { question: `${plain} ${word}`, position: 0 });
      const exact = await createArticle(ctx, admin, { question: `${accented} ${word}`, position: 1 });
      const hits = await found(`${accented.toLowerCase()} ${word}`);
      expect({ accented, hits }).toEqual({ accented, hits: [exact.id, unaccented.id] });
      // Without accents both are found too.
      expect({ plain, hits: await found(`${plain} ${word}`) }).toEqual({
        plain,
        hits: expect.arrayContaining([exact.id, unaccented.id]),
      });
    }
  });

  test("when a word is typed in part without its accents, then prefix matching still finds it", async () => {
    const word = uniqueWord();
    const article = await createArticle(ctx, admin, { question: `Where is my ${word}ü réclamation?` });
    expect(await found(word.slice(0, 8))).toContain(article.id);
    expect(await found(`reclam ${word}u`)).toContain(article.id);
  });

  test("when an article is edited, then the search folds its new text", async () => {
    const word = uniqueWord();
    const article = await createArticle(ctx, admin, { question: `Plain ${word}` });
    expect(await found(`creme ${word}u`)).not.toContain(article.id);
    const res = await request(ctx.app)
      .patch(`/api/faq/${article.id}`)
      .set(admin.auth)
      .send({ question: `Crème brûlée ${word}ü` });
    expect(res.status).toBe(200);
    expect(await found(`creme brulee ${word}u`)).toContain(article.id);
  });

  test("when folding a word gives punctuation (ʼ becomes an apostrophe), then the search still answers", async () => {
    const word = uniqueWord();
    const article = await createArticle(ctx, admin, { question: `Why donʼt ${word} ship?` });
    for (const q of [`donʼt ${word}`, `ʺ ː ˆ ʹ ${word}`, "ŉ", `don't ${word}`]) {
      for (const res of [await search(q), await suggest(q), await suggest(q, shop)]) {
        expect({ q, status: res.status }).toEqual({ q, status: 200 });
      }
    }
    expect(await found(`donʼt ${word}`)).toContain(article.id);
  });
});

describe("hyphens", () => {
  test("when the query is written together, then it finds the hyphenated word (email finds e-mail)", async () => {
    const article = await createArticle(ctx, admin, { question: "How do I change my e-mail address?" });
    expect(await found("email")).toContain(article.id);
    expect(await found("change email")).toContain(article.id);
    expect(await found("e-mail")).toContain(article.id);
    expect(await found("e mail")).toContain(article.id);
  });

  test("when the query is hyphenated, then it finds the word written together or apart (e-mail finds email)", async () => {
    const word = uniqueWord();
    const together = await createArticle(ctx, admin, { question: `Email ${word} settings` });
    const apart = await createArticle(ctx, admin, { question: `E mail ${word} settings` });
    const hits = await found(`e-mail ${word}`);
    expect(hits).toEqual(expect.arrayContaining([together.id, apart.id]));
    expect(await found(`e‑mail ${word}`)).toEqual(expect.arrayContaining([together.id, apart.id])); // U+2011
  });

  test("when a hyphenated word has accents, then every folding of it finds it", async () => {
    const article = await createArticle(ctx, admin, { answer: "Trains Zürich-Genève daily." });
    for (const q of ["zurich-geneve", "zurichgeneve", "geneve", "zürich-genève", "Genève", "zurich"]) {
      expect({ q, hit: (await found(q)).includes(article.id) }).toEqual({ q, hit: true });
    }
  });
});

describe("suggestions for a draft ticket", () => {
  test("when a draft is typed without accents or with hyphens, then the folded articles are suggested", async () => {
    const word = uniqueWord();
    const accented = await createArticle(ctx, admin, { question: `Café ${word}ü terrace` });
    const hyphenated = await createArticle(ctx, admin, { question: `Change the e-mail of ${word}ü` });
    const a = await suggest(`cafe ${word}u terrace`, shop);
    expect(a.status).toBe(200);
    expect(ids(a)).toContain(accented.id);
    const b = await suggest(`my email ${word}u`);
    expect(b.status).toBe(200);
    expect(ids(b)).toContain(hyphenated.id);
  });
});

describe("plain ASCII", () => {
  test("when the query and the articles are plain ASCII, then the search ranks as before (question, answer, category)", async () => {
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
    expect(await found(`${word} refunds`)).toEqual([inQuestion.id, inAnswer.id, inCategory.id]);
  });
});
