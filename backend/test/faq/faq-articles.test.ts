import { randomUUID } from "node:crypto";
import request from "supertest";
import { DEFAULT_FAQ_ARTICLES as defaults } from "@parley/faq-content";
import { createArticle, expectContractError, ids, uniqueWord, useFaqContext } from "./faq-fixtures";

const { ctx, admin, shop } = useFaqContext({ seedDefaults: true });

describe("default articles", () => {
  test("when the defaults are loaded, then there are at least 24 covering every topic for shops and customers", () => {
    expect(defaults.length).toBeGreaterThanOrEqual(24);
    const categories = new Set(defaults.map((a) => a.category));
    for (const c of ["Orders", "Payouts", "Shipping", "Returns", "Listings", "Account and security"]) {
      expect(categories).toContain(c);
    }
    expect(defaults.some((a) => a.audience === "shop")).toBe(true);
    expect(defaults.some((a) => a.audience === "customer")).toBe(true);
  });

  // The marker row means even an admin deleting every default article does not bring them back.
  test("when the module starts again, then the defaults are not loaded a second time", async () => {
    expect(await ctx.modules.faq.seedDefaults()).toBe(0);
    const res = await request(ctx.app).get("/api/faq").set(admin.auth).query({ includeUnpublished: "true" });
    const questions: string[] = res.body.items.map((a: { question: string }) => a.question);
    const copies = defaults.map((d) => questions.filter((q) => q === d.question).length);
    expect(Math.max(...copies)).toBe(1);
  });
});

describe("public listing", () => {
  test("when anyone lists the FAQ without a token, then they get the customer articles with rendered answers", async () => {
    const res = await request(ctx.app).get("/api/faq");
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const a of res.body.items) {
      expect(["customer", "both"]).toContain(a.audience);
      expect(a.published).toBe(true);
    }
    expect(res.body.items[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        category: expect.any(String),
        question: expect.any(String),
        answer: expect.any(String),
        answerHtml: expect.stringContaining("<"),
        position: expect.any(Number),
        helpful: expect.any(Number),
        notHelpful: expect.any(Number),
      }),
    );
  });

  test("when articles exist for each audience, then a customer never sees shop-only ones and a shop sees shop and both", async () => {
    const word = uniqueWord();
    const shopOnly = await createArticle(ctx, admin, { audience: "shop", question: `Shop ${word} question` });
    const customerOnly = await createArticle(ctx, admin, {
      audience: "customer",
      question: `Customer ${word}`,
    });
    const both = await createArticle(ctx, admin, { audience: "both", question: `Everyone ${word}` });

    for (const res of [
      await request(ctx.app).get("/api/faq"),
      await request(ctx.app).get("/api/faq").query({ audience: "customer" }),
      await request(ctx.app).get("/api/faq").query({ q: word }),
      await request(ctx.app).get("/api/faq/suggest").query({ q: word }),
    ]) {
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual(expect.arrayContaining([customerOnly.id, both.id]));
      expect(ids(res)).not.toContain(shopOnly.id);
    }

    for (const res of [
      await request(ctx.app).get("/api/faq").set(shop.auth),
      await request(ctx.app).get("/api/faq").query({ audience: "shop" }),
      await request(ctx.app).get("/api/faq").set(shop.auth).query({ q: word }),
      await request(ctx.app).get("/api/faq/suggest").set(shop.auth).query({ q: word }),
    ]) {
      expect(ids(res)).toEqual(expect.arrayContaining([shopOnly.id, both.id]));
      expect(ids(res)).not.toContain(customerOnly.id);
    }

    const all = await request(ctx.app).get("/api/faq").set(admin.auth).query({ q: word });
    expect(ids(all)).toEqual(expect.arrayContaining([shopOnly.id, customerOnly.id, both.id]));
  });

  test("when an article is unpublished, then the public never sees it, by list, search, suggestion or id", async () => {
    const word = uniqueWord();
    const draft = await createArticle(ctx, admin, { question: `Draft ${word}`, published: false });
    expect(ids(await request(ctx.app).get("/api/faq"))).not.toContain(draft.id);
    expect(ids(await request(ctx.app).get("/api/faq").query({ q: word }))).not.toContain(draft.id);
    expect(ids(await request(ctx.app).get("/api/faq").set(shop.auth).query({ q: word }))).not.toContain(
      draft.id,
    );
    expect(ids(await request(ctx.app).get("/api/faq/suggest").query({ q: word }))).not.toContain(draft.id);
    expectContractError(await request(ctx.app).get(`/api/faq/${draft.id}`), 404, "NOT_FOUND");

    const adminList = await request(ctx.app)
      .get("/api/faq")
      .set(admin.auth)
      .query({ includeUnpublished: "true" });
    expect(ids(adminList)).toContain(draft.id);
    expect((await request(ctx.app).get(`/api/faq/${draft.id}`).set(admin.auth)).status).toBe(200);

    await request(ctx.app).patch(`/api/faq/${draft.id}`).set(admin.auth).send({ published: true });
    expect(ids(await request(ctx.app).get("/api/faq").query({ q: word }))).toContain(draft.id);
  });

  test("when a non-admin asks for unpublished articles, then 401 without a token and 403 for a shop", async () => {
    expectContractError(
      await request(ctx.app).get("/api/faq?includeUnpublished=true"),
      401,
      "UNAUTHENTICATED",
    );
    expectContractError(
      await request(ctx.app).get("/api/faq?includeUnpublished=true").set(shop.auth),
      403,
      "FORBIDDEN",
    );
  });

  test("when the query is invalid, then 400 with details", async () => {
    const res = await request(ctx.app).get("/api/faq").query({ audience: "martians" });
    expectContractError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: "audience" })]);
  });
});

describe("admin management", () => {
  test("when an admin creates, edits and deletes an article, then each change shows", async () => {
    const created = await request(ctx.app).post("/api/faq").set(admin.auth).send({
      audience: "shop",
      category: "  Payouts ",
      question: "  Can I get paid daily? ",
      answer: "Not yet: payouts are **weekly**.",
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({
        audience: "shop",
        category: "Payouts",
        question: "Can I get paid daily?",
        answer: "Not yet: payouts are **weekly**.",
        answerHtml: "<p>Not yet: payouts are <strong>weekly</strong>.</p>",
        published: true,
        helpful: 0,
        notHelpful: 0,
      }),
    );
    const id = created.body.id;

    const patched = await request(ctx.app)
      .patch(`/api/faq/${id}`)
      .set(admin.auth)
      .send({ answer: "Yes, with *daily payouts*.", audience: "both" });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual(
      expect.objectContaining({
        id,
        audience: "both",
        answerHtml: "<p>Yes, with <em>daily payouts</em>.</p>",
      }),
    );
    expect((await request(ctx.app).get(`/api/faq/${id}`)).body.answer).toBe("Yes, with *daily payouts*.");

    expect((await request(ctx.app).delete(`/api/faq/${id}`).set(admin.auth)).status).toBe(204);
    expectContractError(await request(ctx.app).get(`/api/faq/${id}`), 404, "NOT_FOUND");
    expectContractError(await request(ctx.app).delete(`/api/faq/${id}`).set(admin.auth), 404, "NOT_FOUND");
    expectContractError(
      await request(ctx.app).patch(`/api/faq/${id}`).set(admin.auth).send({ published: false }),
      404,
      "NOT_FOUND",
    );
  });

  test("when a shop or an anonymous caller tries to manage articles, then 403 and 401", async () => {
    const article = await createArticle(ctx, admin);
    const body = { audience: "both", category: "X", question: "Q?", answer: "A." };
    expectContractError(await request(ctx.app).post("/api/faq").send(body), 401, "UNAUTHENTICATED");
    expectContractError(await request(ctx.app).post("/api/faq").set(shop.auth).send(body), 403, "FORBIDDEN");
    expectContractError(
      await request(ctx.app).patch(`/api/faq/${article.id}`).set(shop.auth).send({ published: false }),
      403,
      "FORBIDDEN",
    );
    expectContractError(await request(ctx.app).delete(`/api/faq/${article.id}`), 401, "UNAUTHENTICATED");
    expectContractError(
      await request(ctx.app).delete(`/api/faq/${article.id}`).set(shop.auth),
      403,
      "FORBIDDEN",
    );
    expectContractError(
      await request(ctx.app)
        .post("/api/faq/reorder")
        .set(shop.auth)
        .send({ ids: [article.id] }),
      403,
      "FORBIDDEN",
    );
    expect((await request(ctx.app).get(`/api/faq/${article.id}`)).status).toBe(200);
  });

  test("when an article body is invalid, then 400 VALIDATION_FAILED lists each field", async () => {
    const res = await request(ctx.app)
      .post("/api/faq")
      .set(admin.auth)
      .send({ audience: "everyone", category: "", question: "   ", answer: 42, published: "yes" });
    expectContractError(res, 400, "VALIDATION_FAILED");
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(["audience", "category", "question", "answer", "published"]),
    );

    const article = await createArticle(ctx, admin);
    const empty = await request(ctx.app).patch(`/api/faq/${article.id}`).set(admin.auth).send({});
    expectContractError(empty, 400, "VALIDATION_FAILED");
    const long = await request(ctx.app)
      .patch(`/api/faq/${article.id}`)
      .set(admin.auth)
      .send({ question: "x".repeat(301) });
    expectContractError(long, 400, "VALIDATION_FAILED");
    expect(long.body.error.details).toEqual([expect.objectContaining({ path: "question" })]);
    expectContractError(await request(ctx.app).get("/api/faq/not-a-uuid"), 400, "VALIDATION_FAILED");
    expectContractError(
      await request(ctx.app).patch("/api/faq/not-a-uuid").set(admin.auth).send({ published: true }),
      400,
      "VALIDATION_FAILED",
    );
  });

  test("when an admin reorders articles, then the list follows the new order", async () => {
    const word = uniqueWord();
    const a = await createArticle(ctx, admin, { question: `First ${word}` });
    const b = await createArticle(ctx, admin, { question: `Second ${word}` });
    const c = await createArticle(ctx, admin, { question: `Third ${word}` });
    const order = async () =>
      ids(
        await request(ctx.app).get("/api/faq").set(admin.auth).query({ includeUnpublished: "true" }),
      ).filter((id) => [a.id, b.id, c.id].includes(id));
    expect(await order()).toEqual([a.id, b.id, c.id]);

    const res = await request(ctx.app)
      .post("/api/faq/reorder")
      .set(admin.auth)
      .send({ ids: [c.id, a.id, b.id] });
    expect(res.status).toBe(204);
    expect(await order()).toEqual([c.id, a.id, b.id]);

    const missing = await request(ctx.app)
      .post("/api/faq/reorder")
      .set(admin.auth)
      .send({ ids: [a.id, randomUUID()] });
    expectContractError(missing, 400, "VALIDATION_FAILED");
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: "ids.1" })]);
    expect(await order()).toEqual([c.id, a.id, b.id]);
  });
});

describe("API description", () => {
  test("when the OpenAPI document is read, then it describes every FAQ route", async () => {
    const res = await request(ctx.app).get("/api/docs/openapi.json");
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        "/api/faq",
        "/api/faq/suggest",
        "/api/faq/{id}",
        "/api/faq/{id}/feedback",
        "/api/faq/events",
        "/api/faq/stats",
        "/api/faq/reorder",
      ]),
    );
    expect(res.body.components.schemas.FaqArticle).toBeDefined();
  });
});
