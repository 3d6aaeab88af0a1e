import request from "supertest";
import { FAQ_POSITION_MAX, FAQ_SUGGEST_DRAFT_MAX } from "@parley/contract";
import { createTestServer, type TestServer } from "../support/test-server";
import type { Actor } from "../support/test-context";
import { createArticle, expectContractError } from "./faq-fixtures";

/** An article's Markdown as written, its place in the list, ids in any case, and drafts the web app sends. */

let t: TestServer;
let admin: Actor;
beforeAll(async () => {
  t = await createTestServer();
  admin = await t.admin();
});
afterAll(() => t.close());

const reorder = (ids: string[]) => request(t.app).post("/api/faq/reorder").set(admin.auth).send({ ids });

test("when an answer starts with an indented line, then the indentation is kept: Markdown's code block", async () => {
  const answer = "    curl https://parley.example/api/health\n\nThat is the health check.  \n\n";
  const article = await createArticle(t, admin, { answer });
  const stored = await request(t.app).get(`/api/faq/${article.id}`);
  expect(stored.body.answer).toBe("    curl https://parley.example/api/health\n\nThat is the health check.");
  expect(stored.body.answerHtml).toContain("<pre><code>curl https://parley.example/api/health");
  // Blank lines before the text still go, and white space alone is still no answer.
  const padded = await createArticle(t, admin, { answer: "\n  \n\tTab-indented code" });
  expect((await request(t.app).get(`/api/faq/${padded.id}`)).body.answer).toBe("\tTab-indented code");
  const blank = await request(t.app)
    .post("/api/faq")
    .set(admin.auth)
    .send({ audience: "both", category: "Testing", question: "Blank?", answer: " \n\u200b\n " });
  expectContractError(blank, 400, "VALIDATION_FAILED");
});

test("when articles are reordered by ids in capitals, then they are the same articles; the same id twice is refused", async () => {
  const [a, b] = [await createArticle(t, admin), await createArticle(t, admin)];
  expect((await reorder([b.id.toUpperCase(), a.id.toUpperCase()])).status).toBe(204);
  const positions = async (id: string) =>
    ((await request(t.app).get(`/api/faq/${id}`)).body as { position: number }).position;
  expect([await positions(b.id), await positions(a.id)]).toEqual([0, 1]);

  const twice = await reorder([a.id, a.id.toUpperCase()]);
  expectContractError(twice, 400, "VALIDATION_FAILED");
  expect(JSON.stringify(twice.body.error.details)).toContain("must not repeat");
});

test("when an article sits at the highest position, then new articles go there too, and each can be saved as it is", async () => {
  await createArticle(t, admin, { position: FAQ_POSITION_MAX });
  const next = await createArticle(t, admin);
  expect(next.position).toBe(FAQ_POSITION_MAX);
  const saved = await request(t.app)
    .patch(`/api/faq/${next.id}`)
    .set(admin.auth)
    .send({ position: next.position });
  expect(saved.status).toBe(200);
});

test("when the web app sends its longest draft in Chinese, then the server takes it (the URL fits its header limit)", async () => {
  const draft = "我的付款还没有到账请帮我查一下"
    .repeat(FAQ_SUGGEST_DRAFT_MAX)
    .slice(0, FAQ_SUGGEST_DRAFT_MAX);
  const res = await fetch(`${t.url}/api/faq/suggest?q=${encodeURIComponent(draft)}`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ items: expect.any(Array) });
});
