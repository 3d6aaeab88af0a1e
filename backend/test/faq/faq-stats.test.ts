import { randomUUID } from "node:crypto";
import request from "supertest";
import type { Actor } from "../support/test-context";
import { createArticle, expectContractError, uniqueWord, useFaqContext } from "./faq-fixtures";

const { ctx, admin, shop } = useFaqContext();

/** The database's clock, so "since" and created_at compare on one clock. */
const dbNow = async (): Promise<string> => {
  const res = await ctx.database.knex.raw("select clock_timestamp() as now");
  return new Date(res.rows[0].now).toISOString();
};

const event = (body: object, actor?: Actor) => {
  const req = request(ctx.app).post("/api/faq/events").send(body);
  return actor ? req.set(actor.auth) : req;
};
const stats = (query: Record<string, string> = {}) =>
  request(ctx.app).get("/api/faq/stats").set(admin.auth).query(query);

describe("deflection events and stats", () => {
  test("when sessions show suggestions and some file tickets, then the rate counts only opened-and-not-filed sessions", async () => {
    const since = await dbNow();
    const article = await createArticle(ctx, admin, { audience: "shop" });
    const [deflected, openedThenFiled, filed, ignored, filedWithoutSuggestions, helpCentre] = Array.from(
      { length: 6 },
      () => randomUUID(),
    );
    const shown = (sessionId: string) =>
      event(
        {
          type: "suggestions_shown",
          sessionId,
          articleIds: [article.id],
          query: "payout late",
          resultCount: 1,
        },
        shop,
      );
    const opened = (sessionId: string) =>
      event({ type: "article_opened", sessionId, articleIds: [article.id] }, shop);
    const ticketFiled = (sessionId: string) => event({ type: "ticket_filed", sessionId }, shop);

    for (const res of [
      await shown(deflected!),
      await opened(deflected!),
      await opened(deflected!),
      await shown(openedThenFiled!),
      await opened(openedThenFiled!),
      await ticketFiled(openedThenFiled!),
      await shown(filed!),
      await shown(filed!),
      await ticketFiled(filed!),
      await shown(ignored!),
      await ticketFiled(filedWithoutSuggestions!),
      await opened(helpCentre!),
    ]) {
      expect(res.status).toBe(204);
    }

    const res = await stats({ since });
    expect(res.status).toBe(200);
    expect(res.body.since).toBe(since);
    expect(res.body.deflection).toEqual({
      sessions: 4,
      deflected: 1,
      filed: 2,
      rate: 0.25,
      definition: expect.stringContaining("deflected"),
    });
  });

  test("when stats name a shop and an end, then only that shop's sessions begun before the end count", async () => {
    const since = await dbNow();
    const article = await createArticle(ctx, admin, { audience: "shop" });
    const other = await ctx.shopUser();
    const shown = (sessionId: string, actor: Actor) =>
      event({ type: "suggestions_shown", sessionId, articleIds: [article.id] }, actor);
    const opened = (sessionId: string, actor: Actor) =>
      event({ type: "article_opened", sessionId, articleIds: [article.id] }, actor);
    const filed = (sessionId: string, actor: Actor) => event({ type: "ticket_filed", sessionId }, actor);
    const [mineDeflected, mineFiled, theirs, anonymous, later] = Array.from({ length: 5 }, () =>
      randomUUID(),
    );
    for (const res of [
      await shown(mineDeflected!, shop),
      await opened(mineDeflected!, shop),
      await shown(mineFiled!, shop),
      await filed(mineFiled!, shop),
      await shown(theirs!, other),
      await opened(theirs!, other),
      await event({ type: "suggestions_shown", sessionId: anonymous, articleIds: [article.id] }),
    ]) {
      expect(res.status).toBe(204);
    }
    const until = await dbNow();
    expect((await shown(later!, shop)).status).toBe(204);

    const counts = async (query: Record<string, string>) => {
      const res = await stats({ since, ...query });
      expect(res.status).toBe(200);
      const { sessions, deflected, filed: filedCount } = res.body.deflection;
      return { sessions, deflected, filed: filedCount };
    };
    expect(await counts({ shopId: shop.shopId! })).toEqual({ sessions: 3, deflected: 1, filed: 1 });
    expect(await counts({ shopId: shop.shopId!, until })).toEqual({ sessions: 2, deflected: 1, filed: 1 });
    expect(await counts({ shopId: other.shopId! })).toEqual({ sessions: 1, deflected: 1, filed: 0 });
    expect(await counts({ shopId: `shop-${randomUUID()}` })).toEqual({ sessions: 0, deflected: 0, filed: 0 });
    // Without a shop: every session of the period, the anonymous one too.
    expect(await counts({ until })).toEqual({ sessions: 4, deflected: 2, filed: 1 });
    // A shop cannot read the stats, whatever it names.
    const res = await request(ctx.app).get("/api/faq/stats").set(shop.auth).query({ shopId: shop.shopId! });
    expectContractError(res, 403, "FORBIDDEN");
    const bad: Array<Record<string, string>> = [
      { until: "yesterday" },
      { shopId: "" },
      { shopId: "x".repeat(300) },
    ];
    for (const query of bad) {
      expectContractError(await stats(query), 400, "VALIDATION_FAILED");
    }
  });

  test("when nothing happened since the given time, then the rate is 0, not NaN", async () => {
    const res = await stats({ since: new Date(Date.now() + 3_600_000).toISOString() });
    expect(res.body.deflection).toEqual(
      expect.objectContaining({ sessions: 0, deflected: 0, filed: 0, rate: 0 }),
    );
    expect(res.body.zeroResultSearches).toEqual([]);
  });

  test("when searches find nothing, then they are listed normalised, most frequent first; admins' own searches are not", async () => {
    const since = await dbNow();
    const often = uniqueWord();
    const once = uniqueWord();
    await request(ctx.app)
      .get("/api/faq")
      .query({ q: `  ${often.toUpperCase()}   PLEASE ` });
    await request(ctx.app)
      .get("/api/faq")
      .query({ q: `${often} please` });
    await request(ctx.app)
      .get("/api/faq/suggest")
      .set(shop.auth)
      .query({ q: `${often}  please` });
    await request(ctx.app).get("/api/faq").query({ q: once });
    await request(ctx.app)
      .get("/api/faq")
      .set(admin.auth)
      .query({ q: `${often} admin` });

    const res = await stats({ since });
    const queries = res.body.zeroResultSearches.map((s: { query: string }) => s.query);
    expect(res.body.zeroResultSearches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ query: `${often} please`, count: 3, lastSearchedAt: expect.any(String) }),
        expect.objectContaining({ query: once, count: 1 }),
      ]),
    );
    expect(queries.indexOf(`${often} please`)).toBeLessThan(queries.indexOf(once));
    expect(queries).not.toContain(`${often} admin`);
  });

  test("when articles get votes, then the least helpful ones are listed first", async () => {
    const bad = await createArticle(ctx, admin, { question: `Bad ${uniqueWord()}` });
    const mixed = await createArticle(ctx, admin, { question: `Mixed ${uniqueWord()}` });
    const vote = (id: string, helpful: boolean) =>
      request(ctx.app).post(`/api/faq/${id}/feedback`).send({ helpful, voterId: randomUUID() });
    for (let i = 0; i < 3; i++) await vote(bad.id, false);
    await vote(mixed.id, true);
    await vote(mixed.id, true);
    await vote(mixed.id, false);

    const res = await stats({ limit: "100" });
    const least = res.body.leastHelpful as Array<{ id: string }>;
    expect(least).toEqual(
      expect.arrayContaining([
        { id: bad.id, question: bad.question, audience: "both", published: true, helpful: 0, notHelpful: 3 },
        expect.objectContaining({ id: mixed.id, helpful: 2, notHelpful: 1 }),
      ]),
    );
    expect(least.findIndex((a) => a.id === bad.id)).toBeLessThan(least.findIndex((a) => a.id === mixed.id));
  });

  test("when a non-admin asks for stats, then 401 without a token and 403 for a shop", async () => {
    expectContractError(await request(ctx.app).get("/api/faq/stats"), 401, "UNAUTHENTICATED");
    expectContractError(await request(ctx.app).get("/api/faq/stats").set(shop.auth), 403, "FORBIDDEN");
    expectContractError(await stats({ since: "yesterday" }), 400, "VALIDATION_FAILED");
  });

  test("when an event is malformed, then 400 with details and nothing is recorded", async () => {
    const res = await event({ type: "clicked", sessionId: "nope", articleIds: ["x"], resultCount: -1 });
    expectContractError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(["type", "sessionId", "articleIds.0", "resultCount"]),
    );
    const control = await event({
      type: "search",
      sessionId: randomUUID(),
      query: "x\u0001y",
      resultCount: 0,
    });
    expect(control.status).toBe(204);
    const nul = await event({ type: "search", sessionId: randomUUID(), query: "x\u0000y", resultCount: 0 });
    expectContractError(nul, 400, "VALIDATION_FAILED");
  });
});
