import request from "supertest";
import { CANNED_TITLE_MAX, FAQ_CATEGORY_MAX, FAQ_QUESTION_MAX, line } from "@parley/contract";
import { up as foldOneLineNames } from "../../../migrations/20261218000100_one_line_names";
import { createArticle, ids, uniqueWord, useFaqContext } from "./faq-fixtures";

/**
 * Rows saved before FAQ categories and questions and saved replies' titles became one line (the contract's
 * line()) may still hold line breaks: migration 20261218000100 folds them as the API now saves them. The
 * FAQ list's category filter folds its value the same way.
 */
const { ctx, admin } = useFaqContext();

/** An article written straight to the table, as the API stored it before the one-line rule. */
async function oldArticle(
  category: string,
  question: string,
  answer = "An answer from before.",
): Promise<string> {
  const [row] = await ctx.database
    .knex("faq_articles")
    .insert({ audience: "both", category, question, answer, answer_html: `<p>${answer}</p>` })
    .returning<Array<{ id: string }>>(["id"]);
  return row!.id;
}

/** A saved reply written straight to the table. */
async function oldReply(title: string): Promise<string> {
  const [row] = await ctx.database
    .knex("canned_responses")
    .insert({ title, body: "Thanks for writing." })
    .returning<Array<{ id: string }>>(["id"]);
  return row!.id;
}

const replyTitle = async (id: string) => {
  const res = await request(ctx.app).get(`/api/canned-responses/${id}`).set(admin.auth);
  expect(res.status).toBe(200);
  return res.body.title as string;
};

/** The row versions of `ids` in `table`: a row the migration rewrites gets a new one. */
const versions = async (table: string, rowIds: string[]) =>
  (
    await ctx.database
      .knex(table)
      .whereIn("id", rowIds)
      .orderBy("id")
      .select("id", ctx.database.knex.raw("xmin::text AS v"))
  ).map((r: { id: string; v: string }) => `${r.id}:${r.v}`);

test("when old FAQ rows hold line breaks and control characters, then the migration folds them as the API saves them, and search still finds them", async () => {
  const [inCategory, inQuestion] = [uniqueWord(), uniqueWord()];
  const category = `\u0007Pay\r\n\touts\u2028${inCategory}\u0085\u00a0`;
  const question = `Where is \n my\u000b\u000c${inQuestion}\u2029payout?\u0001\u007f\u009f`;
  const id = await oldArticle(category, question);

  await foldOneLineNames(ctx.database.knex);

  const read = await request(ctx.app).get(`/api/faq/${id}`);
  expect(read.status).toBe(200);
  // A run of breaks is one space, spaces already there stay, the ends are trimmed: line()'s rule, exactly.
  expect(read.body).toMatchObject({
    category: `Pay outs ${inCategory}`,
    question: `Where is   my ${inQuestion} payout?`,
  });
  expect(read.body).toMatchObject({
    category: line(1, FAQ_CATEGORY_MAX).parse(category),
    question: line(1, FAQ_QUESTION_MAX).parse(question),
  });

  const list = (query: Record<string, string>) => request(ctx.app).get("/api/faq").query(query);
  expect(ids(await list({ q: inQuestion }))).toEqual([id]);
  expect(ids(await list({ q: inCategory }))).toEqual([id]);
  expect(ids(await list({ category: `Pay outs ${inCategory}` }))).toEqual([id]);

  // The search column is the one an article saved today with the same text has.
  const today = await createArticle(ctx, admin, {
    category: read.body.category,
    question: read.body.question,
    answer: "An answer from before.",
  });
  const { rows } = await ctx.database.knex.raw<{ rows: Array<{ same: boolean }> }>(
    `SELECT a.search = b.search AS same FROM faq_articles a, faq_articles b WHERE a.id = ? AND b.id = ?`,
    [id, today.id],
  );
  expect(rows[0]!.same).toBe(true);
});

test("when two old saved replies differ only by a line break, then both stay, under the same title", async () => {
  const word = uniqueWord();
  const broken = await oldReply(`Refund\r\n\tpolicy ${word}`);
  const plain = await oldReply(`Refund policy ${word}`);

  await foldOneLineNames(ctx.database.knex);

  expect([await replyTitle(broken), await replyTitle(plain)]).toEqual([
    `Refund policy ${word}`,
    `Refund policy ${word}`,
  ]);
  expect(await replyTitle(broken)).toBe(line(1, CANNED_TITLE_MAX).parse(`Refund\r\n\tpolicy ${word}`));
});

test("when folding would leave nothing visible, then the row keeps its text and the migration still runs", async () => {
  // The old rule let a title of control characters through (they are not white space to trim()); an empty
  // title breaks canned_responses_title_check, which would stop every start.
  const bell = await oldReply("\u0007");
  const invisible = await oldArticle("\u0007\u200b", `Question ${uniqueWord()}`);

  await foldOneLineNames(ctx.database.knex);

  expect(await replyTitle(bell)).toBe("\u0007");
  const read = await request(ctx.app).get(`/api/faq/${invisible}`);
  expect(read.body.category).toBe("\u0007\u200b");
});

test("when the migration runs again, or finds nothing to fold, then it rewrites no row", async () => {
  const replies = [await oldReply(`Shipping\ntimes ${uniqueWord()}`), await oldReply("\u0007\u0007")];
  const articles = [
    await oldArticle(`Orders\n${uniqueWord()}`, `Where is\nmy order ${uniqueWord()}?`),
    await oldArticle("Orders", `Where is my order ${uniqueWord()}?`),
  ];
  await foldOneLineNames(ctx.database.knex);
  const before = [
    ...(await versions("canned_responses", replies)),
    ...(await versions("faq_articles", articles)),
  ];

  await foldOneLineNames(ctx.database.knex);

  expect([
    ...(await versions("canned_responses", replies)),
    ...(await versions("faq_articles", articles)),
  ]).toEqual(before);
});

test("when the FAQ list is filtered by a category written with line breaks, then it finds the category as saved", async () => {
  const word = uniqueWord();
  const article = await createArticle(ctx, admin, { category: `Late payouts ${word}` });
  for (const category of [
    `Late\npayouts ${word}`,
    `Late\r\npayouts ${word}`,
    `Late\tpayouts\u2028${word}`,
    `\nLate payouts ${word}\r\n`,
  ]) {
    const res = await request(ctx.app).get("/api/faq").query({ category });
    expect({ category, status: res.status, ids: ids(res) }).toEqual({
      category,
      status: 200,
      ids: [article.id],
    });
  }
});
