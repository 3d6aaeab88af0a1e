import { randomUUID } from "node:crypto";
import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { createArticle, expectContractError } from "./faq-fixtures";

let ctx: TestContext;
let admin: Actor;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.admin();
});
afterAll(() => ctx.close());

const vote = (id: string, body: object, actor?: Actor) => {
  const req = request(ctx.app).post(`/api/faq/${id}/feedback`).send(body);
  return actor ? req.set(actor.auth) : req;
};
const counts = async (id: string) => {
  const res = await request(ctx.app).get(`/api/faq/${id}`);
  return { helpful: res.body.helpful, notHelpful: res.body.notHelpful };
};

describe("votes", () => {
  test("when the same browser votes twice, then it counts once", async () => {
    const article = await createArticle(ctx, admin);
    const voterId = randomUUID();
    const first = await vote(article.id, { helpful: true, voterId });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ id: article.id, helpful: 1, notHelpful: 0, vote: true });
    await vote(article.id, { helpful: true, voterId });
    expect(await counts(article.id)).toEqual({ helpful: 1, notHelpful: 0 });
  });

  test("when a voter changes their mind, then the vote moves instead of adding one", async () => {
    const article = await createArticle(ctx, admin);
    const voterId = randomUUID();
    await vote(article.id, { helpful: true, voterId });
    const switched = await vote(article.id, { helpful: false, voterId });
    expect(switched.body).toEqual({ id: article.id, helpful: 0, notHelpful: 1, vote: false });
    expect(await counts(article.id)).toEqual({ helpful: 0, notHelpful: 1 });
  });

  test("when different browsers and users vote, then each counts, and a user is one voter whatever voterId they send", async () => {
    const article = await createArticle(ctx, admin);
    const shop = await ctx.shopUser();
    await vote(article.id, { helpful: true, voterId: randomUUID() });
    await vote(article.id, { helpful: true, voterId: randomUUID() });
    await vote(article.id, { helpful: false, voterId: randomUUID() });
    await vote(article.id, { helpful: true, voterId: randomUUID() }, shop);
    await vote(article.id, { helpful: true, voterId: randomUUID() }, shop);
    await vote(article.id, { helpful: false }, shop);
    expect(await counts(article.id)).toEqual({ helpful: 2, notHelpful: 2 });
  });

  test("when many votes arrive at once, then the counts match the votes", async () => {
    const article = await createArticle(ctx, admin);
    const voters = Array.from({ length: 12 }, () => randomUUID());
    await Promise.all(voters.map((voterId, i) => vote(article.id, { helpful: i % 3 !== 0, voterId })));
    expect(await counts(article.id)).toEqual({ helpful: 8, notHelpful: 4 });
  });

  test("when the article does not exist, then 404", async () => {
    expectContractError(await vote(randomUUID(), { helpful: true, voterId: randomUUID() }), 404, "NOT_FOUND");
  });

  test("when an anonymous vote has no voterId or the body is wrong, then 400 with details", async () => {
    const article = await createArticle(ctx, admin);
    const noVoter = await vote(article.id, { helpful: true });
    expectContractError(noVoter, 400, "VALIDATION_FAILED");
    expect(noVoter.body.error.details).toEqual([expect.objectContaining({ path: "voterId" })]);
    const bad = await vote(article.id, { helpful: "yes", voterId: "browser-1" });
    expectContractError(bad, 400, "VALIDATION_FAILED");
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "helpful",
      "voterId",
    ]);
    expect(await counts(article.id)).toEqual({ helpful: 0, notHelpful: 0 });
  });

  test("when an unpublished article is voted on by the public, then it is not found", async () => {
    const article = await createArticle(ctx, admin, { published: false });
    expectContractError(await vote(article.id, { helpful: true, voterId: randomUUID() }), 404, "NOT_FOUND");
  });
});
