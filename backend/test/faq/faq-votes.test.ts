import { randomUUID } from "node:crypto";
import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { createArticle, expectContractError, useFaqContext } from "./faq-fixtures";

const { ctx, admin } = useFaqContext();

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

  test("when a browser sends its id in capitals, then it is the same voter and its answer names the article's own id", async () => {
    const article = await createArticle(ctx, admin);
    const voterId = randomUUID();
    await vote(article.id, { helpful: true, voterId });
    const again = await vote(article.id.toUpperCase(), { helpful: true, voterId: voterId.toUpperCase() });
    expect(again.body).toEqual({ id: article.id, helpful: 1, notHelpful: 0, vote: true });
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

  test("when the body is wrong, then 400 with details and no vote counted", async () => {
    const article = await createArticle(ctx, admin);
    const bad = await vote(article.id, { helpful: "yes", voterId: "browser-1" });
    expectContractError(bad, 400, "VALIDATION_FAILED");
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "helpful",
      "voterId",
    ]);
    expect(await counts(article.id)).toEqual({ helpful: 0, notHelpful: 0 });
    expectContractError(await vote(article.id, { helpful: true, voter: "x" }), 400, "VALIDATION_FAILED");
    expect(await counts(article.id)).toEqual({ helpful: 0, notHelpful: 0 });
  });

  test("when an unpublished article is voted on by the public, then it is not found", async () => {
    const article = await createArticle(ctx, admin, { published: false });
    expectContractError(await vote(article.id, { helpful: true, voterId: randomUUID() }), 404, "NOT_FOUND");
  });
});

// CONTRACT.md: POST /api/faq/:id/feedback {helpful}, anyone, "one counted vote per user or browser per
// article". A client with neither token nor voterId is the voter itself: a keyed hash of its address and
// User-Agent.
describe("anonymous votes without a voterId", () => {
  const anonymous = (app: TestContext["app"], id: string, helpful: boolean, userAgent: string) =>
    request(app).post(`/api/faq/${id}/feedback`).set("User-Agent", userAgent).send({ helpful });

  test("when the same client votes {helpful} twice, then it is accepted and counts once", async () => {
    const article = await createArticle(ctx, admin);
    const ua = `ParleyTest/${randomUUID()}`;
    const first = await anonymous(ctx.app, article.id, true, ua);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ id: article.id, helpful: 1, notHelpful: 0, vote: true });
    const second = await anonymous(ctx.app, article.id, true, ua);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ id: article.id, helpful: 1, notHelpful: 0, vote: true });
    expect(await counts(article.id)).toEqual({ helpful: 1, notHelpful: 0 });
  });

  test("when the same client changes its mind, then the vote moves instead of adding one", async () => {
    const article = await createArticle(ctx, admin);
    const ua = `ParleyTest/${randomUUID()}`;
    await anonymous(ctx.app, article.id, true, ua);
    const switched = await anonymous(ctx.app, article.id, false, ua);
    expect(switched.body).toEqual({ id: article.id, helpful: 0, notHelpful: 1, vote: false });
    expect(await counts(article.id)).toEqual({ helpful: 0, notHelpful: 1 });
  });

  test("when another User-Agent votes from the same address, then it counts separately", async () => {
    const article = await createArticle(ctx, admin);
    await anonymous(ctx.app, article.id, true, `ParleyTest/${randomUUID()}`);
    await anonymous(ctx.app, article.id, false, `ParleyTest/${randomUUID()}`);
    expect(await counts(article.id)).toEqual({ helpful: 1, notHelpful: 1 });
  });

  test("when a client sends voterIds, then each voterId stays its own voter, apart from its anonymous vote", async () => {
    const article = await createArticle(ctx, admin);
    const ua = `ParleyTest/${randomUUID()}`;
    const voterId = randomUUID();
    const withId = (helpful: boolean, id: string) =>
      request(ctx.app)
        .post(`/api/faq/${article.id}/feedback`)
        .set("User-Agent", ua)
        .send({ helpful, voterId: id });
    await anonymous(ctx.app, article.id, true, ua);
    expect((await withId(true, voterId)).body).toEqual({
      id: article.id,
      helpful: 2,
      notHelpful: 0,
      vote: true,
    });
    expect((await withId(false, voterId)).body).toEqual({
      id: article.id,
      helpful: 1,
      notHelpful: 1,
      vote: false,
    });
    await withId(true, randomUUID());
    expect(await counts(article.id)).toEqual({ helpful: 2, notHelpful: 1 });
  });

  test("when an anonymous vote is stored, then neither the address nor the User-Agent is kept", async () => {
    const article = await createArticle(ctx, admin);
    const ua = `ParleyTest/${randomUUID()}`;
    await anonymous(ctx.app, article.id, true, ua);
    const rows: Array<{ voter: string }> = await ctx.database
      .knex("faq_votes")
      .where({ article_id: article.id })
      .select("voter");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.voter).toMatch(/^client:[A-Za-z0-9_-]{43}$/);
    expect(rows[0]!.voter).not.toContain("127.0.0.1");
    expect(rows[0]!.voter).not.toContain(ua);
  });

  test("when the unpublished or unknown article is voted on anonymously, then 404", async () => {
    const hidden = await createArticle(ctx, admin, { published: false });
    expectContractError(await anonymous(ctx.app, hidden.id, true, "ParleyTest/1"), 404, "NOT_FOUND");
    expectContractError(await anonymous(ctx.app, randomUUID(), true, "ParleyTest/1"), 404, "NOT_FOUND");
  });
});

describe("anonymous votes behind a proxy", () => {
  let proxied: TestContext;
  let proxiedAdmin: Actor;
  beforeAll(async () => {
    proxied = await createTestContext({ TRUST_PROXY: "1" });
    proxiedAdmin = await proxied.admin();
  });
  afterAll(() => proxied.close());

  const fromAddress = (id: string, address: string, ua: string) =>
    request(proxied.app)
      .post(`/api/faq/${id}/feedback`)
      .set("User-Agent", ua)
      .set("X-Forwarded-For", address)
      .send({ helpful: true });

  test("when TRUST_PROXY is set, then the forwarded address tells clients with the same User-Agent apart", async () => {
    const article = await createArticle(proxied, proxiedAdmin);
    const ua = `ParleyTest/${randomUUID()}`;
    await fromAddress(article.id, "203.0.113.10", ua);
    await fromAddress(article.id, "203.0.113.10", ua);
    await fromAddress(article.id, "203.0.113.11", ua);
    const res = await request(proxied.app).get(`/api/faq/${article.id}`);
    expect({ helpful: res.body.helpful, notHelpful: res.body.notHelpful }).toEqual({
      helpful: 2,
      notHelpful: 0,
    });
  });

  test("when no proxy is trusted, then a forged X-Forwarded-For does not make a new voter", async () => {
    const article = await createArticle(ctx, admin);
    const ua = `ParleyTest/${randomUUID()}`;
    for (const forged of ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) {
      const res = await request(ctx.app)
        .post(`/api/faq/${article.id}/feedback`)
        .set("User-Agent", ua)
        .set("X-Forwarded-For", forged)
        .send({ helpful: true });
      expect(res.status).toBe(200);
    }
    expect(await counts(article.id)).toEqual({ helpful: 1, notHelpful: 0 });
  });
});

describe("votes per article and client", () => {
  test("when one client sends votes under ever new voterIds, then it counts at most the daily limit on that article", async () => {
    const limited = await createTestContext({ RATE_LIMIT_FAQ_VOTES_PER_ARTICLE_PER_DAY: "5" });
    try {
      const writer = await limited.admin();
      const article = await createArticle(limited, writer);
      const other = await createArticle(limited, writer);
      const send = (id: string, actor?: Actor) => {
        const req = request(limited.app)
          .post(`/api/faq/${id}/feedback`)
          .send({ helpful: false, voterId: randomUUID() });
        return actor ? req.set(actor.auth) : req;
      };
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await send(article.id)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      const refused = await send(article.id);
      expectContractError(refused, 429, "RATE_LIMITED");
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      // The same article under its id in capitals (or one capital) is the same article, not a new budget.
      expect((await send(article.id.toUpperCase())).status).toBe(429);
      expect((await send(article.id.replace(/[a-f]/, (c) => c.toUpperCase()))).status).toBe(429);
      const after = await request(limited.app).get(`/api/faq/${article.id}`);
      expect(after.body.notHelpful).toBe(5);
      // Malformed votes count nothing, so they spend nothing: the other article still has its whole budget.
      for (let i = 0; i < 6; i++) {
        const bad = await request(limited.app).post(`/api/faq/${other.id}/feedback`).send({ helpful: "yes" });
        expectContractError(bad, 400, "VALIDATION_FAILED");
      }
      // Another article, and a signed-in user (one vote per user anyway), are not held back.
      expect((await send(other.id)).status).toBe(200);
      expect((await send(article.id, await limited.shopUser())).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
