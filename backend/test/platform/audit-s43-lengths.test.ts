/**
 * Session 43's audit of stored lengths: a value derived from input (a rate-limit key, a ticket's search
 * index, a push endpoint in its unique index) must fit where it is stored, or be refused with a 400 that
 * names the limit. None may end in a 500, nor quietly stop doing its job.
 */
import { createECDH, randomBytes, randomInt, randomUUID } from "node:crypto";
import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { startedBeforeAll } from "../support/started-before-all";
import { inOneHour, rawToken } from "../support/tokens";
import { expectError } from "../tickets/helpers";

/** `n` random CJK ideographs: three bytes each in UTF-8, and text nothing compresses or repeats. */
const ideographs = (n: number) =>
  Array.from({ length: n }, () => String.fromCodePoint(0x4e00 + randomInt(20_000))).join("");

const ctx = startedBeforeAll(() => createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" }));

describe("a ticket's search index", () => {
  /**
   * Posts `count` messages of 14 words of 680 ideographs each (2,040 bytes a word, under PostgreSQL's
   * 2,047-byte word limit): about 28.5 kB of index per message, with far fewer words than the index's word
   * cap. Returns each post's status; the first word of the first message is `firstWord` when given.
   */
  async function postLongWords(as: Actor, ticketId: string, count: number, firstWord?: string) {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const words = Array.from({ length: 14 }, (_, w) =>
        i === 0 && w === 0 && firstWord ? firstWord : ideographs(680),
      );
      const res = await request(ctx.app)
        .post(`/api/tickets/${ticketId}/messages`)
        .set(as.auth)
        .send({ body: words.join(" ") });
      statuses.push(res.status);
    }
    return statuses;
  }
  const created = (count: number) => Array.from({ length: count }, () => 201);
  const file = async (shop: Actor) => {
    const res = await request(ctx.app)
      .post("/api/tickets")
      .set(shop.auth)
      .send({ subject: "Many long words", message: "First message" });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  test("when a ticket's messages hold over a megabyte of distinct words, then every message is still posted and the early words are found", async () => {
    const shop = await ctx.shopUser();
    const ticketId = await file(shop);
    const firstWord = ideographs(680);
    // 40 messages pass tsvector's 1 MB limit, which made every later message on the ticket a 500.
    expect(await postLongWords(shop, ticketId, 40, firstWord)).toEqual(created(40));
    const found = await request(ctx.app)
      .get("/api/tickets")
      .query({ q: firstWord.slice(0, 12) })
      .set(shop.auth);
    expect(found.status).toBe(200);
    expect(found.body.items.map((t: { id: string }) => t.id)).toEqual([ticketId]);
  });

  test("when two tickets of over half a megabyte of words each are merged, then the merge succeeds", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const [target, source] = [await file(shop), await file(shop)];
    expect(await postLongWords(shop, target, 22)).toEqual(created(22));
    expect(await postLongWords(shop, source, 22)).toEqual(created(22));
    const merged = await request(ctx.app)
      .post(`/api/tickets/${source}/merge`)
      .set(admin.auth)
      .send({ intoTicketId: target });
    expect(merged.status).toBe(200);
    expect(merged.body.id).toBe(target);
  });
});

describe("push subscriptions", () => {
  const keys = () => {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    return { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
  };
  const subscribe = (auth: Record<string, string>, endpoint: string) =>
    request(ctx.app).post("/api/me/push-subscriptions").set(auth).send({ endpoint, keys: keys() });
  const base = "http://127.0.0.1:9/push/";

  test("when an endpoint of 2000 characters is plain ASCII, then it is subscribed", async () => {
    const shop = await ctx.shopUser();
    const res = await subscribe(shop.auth, base + "a".repeat(2000 - base.length));
    expect(res.status).toBe(201);
  });

  test("when an endpoint of 2000 characters has non-ASCII ones (over 2000 bytes), then it is a 400 naming the limit, not a 500", async () => {
    const shop = await ctx.shopUser();
    // 6,000 bytes: past the 2,704 bytes a row of the endpoint's unique index may take.
    const res = await subscribe(shop.auth, base + ideographs(2000 - base.length));
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([
      { path: "endpoint", message: expect.stringMatching(/2000 bytes/) },
    ]);
  });
});

/**
 * The counters of the write limit live in PostgreSQL (rate_limits.key, varchar(255)) so that every process
 * counts a user's writes together. The key is the namespace, the limit's name and size, and the user id, which
 * a host may make 255 characters long: such a key did not fit, its upsert failed, and each process went on
 * counting in its own memory without a word. Only PostgreSQL shares counters (the embedded database is one
 * process), so this runs only with DATABASE_URL.
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("the write limit for a user with a 255-character id", () => {
  const env = {
    RATE_LIMIT_NAMESPACE: `lengths-${randomUUID()}`.padEnd(64, "x"),
    RATE_LIMIT_WRITES_PER_MINUTE: "3",
  };
  const a = startedBeforeAll(() => createTestContext(env));
  const b = startedBeforeAll(() => createTestContext(env));

  test("when the user writes through two instances, then the limit counts both", async () => {
    const auth = {
      Authorization: `Bearer ${rawToken({ sub: ideographs(255), role: "shop", shopId: `shop-${randomUUID()}`, exp: inOneHour() })}`,
    };
    const file = (c: TestContext) =>
      request(c.app).post("/api/tickets").set(auth).send({ subject: "Limit", message: "Counted" });
    expect((await file(a)).status).toBe(201);
    expect((await file(b)).status).toBe(201);
    expect((await file(a)).status).toBe(201);
    expectError(await file(b), 429, "RATE_LIMITED");
  });
});
