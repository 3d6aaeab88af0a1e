/**
 * Lone UTF-16 surrogates (half an emoji) in request text. PostgreSQL cannot store one: inside jsonb (the
 * outbox payload) it was a 500 that lost the message, and as text it became U+FFFD, so the idempotency
 * keys "k-\uD800" and "k-\uDBFF" collided and the second message was answered with the first. Every string
 * a client sends is refused with 400 VALIDATION_FAILED instead (the contract's `str()`); a well-formed
 * emoji, a proper surrogate pair, is text like any other.
 */
import request from "supertest";
import type { z } from "zod";
import * as contract from "@parley/contract";
import { isWellFormedText } from "@parley/contract";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { fileTicket } from "../realtime/helpers";

const LONE = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF"];

describe("isWellFormedText", () => {
  test.each([
    ["plain text", true, "hello"],
    ["an emoji (a surrogate pair)", true, "👍 thanks 👍"],
    ["the empty string", true, ""],
    ["a lone high surrogate at the end", false, "hi \uD800"],
    ["a lone high surrogate before text", false, "\uDBFFx"],
    ["a lone low surrogate at the start", false, "\uDC00x"],
    ["a lone low surrogate after text", false, "x\uDFFF"],
    ["a pair written backwards", false, "\uDC00\uD800"],
    ["a high surrogate followed by another pair", false, "\uD800\uD83D\uDC4D"],
    ["a pair followed by a lone low surrogate", false, "\uD83D\uDC4D\uDC4D"],
  ])("when the text is %s, then it is well-formed: %s", (_what, expected, s) => {
    expect(isWellFormedText(s)).toBe(expected);
    // The same answer as the runtime's own check (Node 20+).
    expect((s as string & { isWellFormed(): boolean }).isWellFormed()).toBe(expected);
  });
});

/**
 * Every request schema of the contract (the strict objects: unknown fields are refused) and every string
 * field in it, walked through optional, nullable, default and array wrappers. A pipe (a string transformed
 * and checked again) is tried as a whole.
 */
type Walked = { name: string; leaf: z.ZodType };
function stringLeaves(name: string, schema: z.ZodType, out: Walked[] = []): Walked[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case "string":
    case "pipe":
      out.push({ name, leaf: schema });
      break;
    case "object":
      for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        stringLeaves(`${name}.${key}`, field, out);
      }
      break;
    case "array":
      stringLeaves(`${name}[]`, def.element as z.ZodType, out);
      break;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
      stringLeaves(name, def.innerType as z.ZodType, out);
      break;
    case "union":
      for (const option of def.options as z.ZodType[]) stringLeaves(name, option, out);
      break;
  }
  return out;
}

const isStrictObject = (value: unknown): value is z.ZodType => {
  const def = (
    value as { _zod?: { def?: { type?: string; catchall?: { _zod: { def: { type: string } } } } } }
  )?._zod?.def;
  return def?.type === "object" && def.catchall?._zod.def.type === "never";
};

// Well-formed values of the kinds the contract's fields take, to find the ones a field accepts.
const SAMPLES = [
  "a",
  "Where is my payout?",
  "abcdefghijkl-abcdefghijkl",
  "https://example.com/orders/1",
  "user@example.com",
  "shop-123",
  "3f1c2b8a-4d5e-4f60-8a7b-9c0d1e2f3a4b",
  "Europe/Berlin",
  "12:00",
];

/** The sample with a lone surrogate at the start, in the middle and at the end. */
const broken = (s: string) => LONE.flatMap((u) => [u + s, s.slice(0, 1) + u + s.slice(1), s + u]);

describe("every string field of every request schema", () => {
  const leaves = Object.entries(contract)
    .filter(([, value]) => isStrictObject(value))
    .flatMap(([name, schema]) => stringLeaves(name, schema as z.ZodType));

  test("when the walk runs, then it finds the free-text fields (the test would prove nothing otherwise)", () => {
    const names = leaves.map((l) => l.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "postMessageBodySchema.body",
        "postMessageBodySchema.clientMessageId",
        "postVisitorMessageBodySchema.clientMessageId",
        "createTicketBodySchema.subject",
        "listTicketsQuerySchema.q",
        "listTicketsQuerySchema.tag",
        "setTagsBodySchema.tags[]",
        "createAdminBodySchema.name",
        "createWebhookBodySchema.url",
      ]),
    );
  });

  test("when a value the field accepts gets a lone surrogate, then the field refuses it", () => {
    const accepted: string[] = [];
    const leaks: string[] = [];
    for (const { name, leaf } of leaves) {
      for (const sample of SAMPLES) {
        if (!leaf.safeParse(sample).success) continue;
        accepted.push(name);
        for (const bad of broken(sample)) {
          if (leaf.safeParse(bad).success) leaks.push(`${name} accepts ${JSON.stringify(bad)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // Most fields accept some sample, so most were really tried.
    expect(new Set(accepted).size).toBeGreaterThan(40);
  });
});

describe("lone surrogates over HTTP", () => {
  let ctx: TestContext;
  let shop: Actor;
  beforeAll(async () => {
    ctx = await createTestContext();
    shop = await ctx.shopUser();
  });
  afterAll(() => ctx.close());

  const expectRefused = (res: request.Response, path: string) => {
    expect({ status: res.status, code: res.body.error?.code }).toEqual({
      status: 400,
      code: "VALIDATION_FAILED",
    });
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([{ path, message: expect.stringMatching(/surrogate/) }]),
    );
  };

  test("when a message body has a lone surrogate, then 400 VALIDATION_FAILED and nothing is stored", async () => {
    const ticket = await fileTicket(ctx.app, shop);
    for (const body of ["hi \uD800", "\uDC00 hi", "hi \uDC00\uD800 there"]) {
      const res = await request(ctx.app)
        .post(`/api/tickets/${ticket.id}/messages`)
        .set(shop.auth)
        .send({ body });
      expectRefused(res, "body");
    }
    const list = await request(ctx.app).get(`/api/tickets/${ticket.id}/messages`).set(shop.auth);
    expect(list.body.items).toHaveLength(1); // only the ticket's first message
  });

  test("when two clientMessageIds differ only in a lone surrogate, then both are refused rather than collide", async () => {
    const ticket = await fileTicket(ctx.app, shop);
    for (const [clientMessageId, body] of [
      ["k-\uD800", "first"],
      ["k-\uDBFF", "second"],
    ]) {
      const res = await request(ctx.app)
        .post(`/api/tickets/${ticket.id}/messages`)
        .set(shop.auth)
        .send({ body, clientMessageId });
      expectRefused(res, "clientMessageId");
    }
  });

  test("when a new ticket's subject or first message has a lone surrogate, then 400 VALIDATION_FAILED", async () => {
    const subject = await request(ctx.app)
      .post("/api/tickets")
      .set(shop.auth)
      .send({ subject: "Payout \uD83D missing", message: "Hello" });
    expectRefused(subject, "subject");
    const message = await request(ctx.app)
      .post("/api/tickets")
      .set(shop.auth)
      .send({ subject: "Payout missing", message: "Hello \uDFFF" });
    expectRefused(message, "message");
  });

  test("when the text has a well-formed emoji, then it is accepted and comes back unchanged", async () => {
    const created = await request(ctx.app)
      .post("/api/tickets")
      .set(shop.auth)
      .send({ subject: "Payout 👍", message: "Hello 👍" });
    expect(created.status).toBe(201);
    expect(created.body.subject).toBe("Payout 👍");

    const post = () =>
      request(ctx.app)
        .post(`/api/tickets/${created.body.id}/messages`)
        .set(shop.auth)
        .send({ body: "👍", clientMessageId: "k-👍" });
    const first = await post();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ body: "👍", clientMessageId: "k-👍" });
    // The idempotency key still works with an emoji in it.
    const again = await post();
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });
});
