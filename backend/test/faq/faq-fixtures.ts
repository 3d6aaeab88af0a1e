import { randomUUID } from "node:crypto";
import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { startedBeforeAll } from "../support/started-before-all";

/**
 * This file's app (createTestContext) with an admin and a shop user, made in beforeAll and closed in afterAll;
 * `seedDefaults` loads the default articles first. A test file can destructure the fixture at the top.
 */
export function useFaqContext(opts: { seedDefaults?: boolean } = {}) {
  const admin = {} as Actor;
  const shop = {} as Actor;
  const ctx = startedBeforeAll(async () => {
    const started = await createTestContext();
    if (opts.seedDefaults) await started.modules.faq.seedDefaults();
    Object.assign(admin, await started.admin());
    Object.assign(shop, await started.shopUser());
    return started;
  });
  return { ctx, admin, shop };
}

/** A made-up word no other test (or default article) uses, letters only so the stemmer keeps it whole. */
export function uniqueWord(prefix = "zq"): string {
  const letters = randomUUID()
    .replace(/-/g, "")
    .slice(0, 12)
    .replace(/\d/g, (d) => "ghijklmnop"[Number(d)]!);
  return `${prefix}${letters}`;
}

export type ArticleFields = {
  audience?: "shop" | "customer" | "both";
  category?: string;
  question?: string;
  answer?: string;
  published?: boolean;
  position?: number;
};

/** Creates an article through the API as the given admin and returns its DTO. */
export async function createArticle(ctx: Pick<TestContext, "app">, admin: Actor, fields: ArticleFields = {}) {
  const res = await request(ctx.app)
    .post("/api/faq")
    .set(admin.auth)
    .send({
      audience: fields.audience ?? "both",
      category: fields.category ?? "Testing",
      question: fields.question ?? `What is ${uniqueWord()}?`,
      answer: fields.answer ?? "It is a test article.",
      ...(fields.published === undefined ? {} : { published: fields.published }),
      ...(fields.position === undefined ? {} : { position: fields.position }),
    });
  if (res.status !== 201) throw new Error(`create article: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; question: string; audience: string; answerHtml: string; position: number };
}

export const ids = (res: request.Response): string[] =>
  (res.body.items as Array<{ id: string }>).map((a) => a.id);

export const expectContractError = (res: request.Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.body.error).toEqual(
    expect.objectContaining({ code, message: expect.any(String), requestId: expect.any(String) }),
  );
};

/**
 * The public FAQ's search (`GET /api/faq?q=`) and draft suggestions (`GET /api/faq/suggest?q=`), signed in
 * or not. `ctx` is read at each call: test files create their context in beforeAll.
 */
export function faqSearchApi(ctx: () => Pick<TestContext, "app">) {
  const get = (path: string) => (q: string, actor?: Actor) => {
    const req = request(ctx().app).get(path).query({ q });
    return actor ? req.set(actor.auth) : req;
  };
  return { search: get("/api/faq"), suggest: get("/api/faq/suggest") };
}
