/**
 * Registering a URL Parley will call (a webhook, a push endpoint) checks its host name. A name that does
 * not exist (NXDOMAIN: ENOTFOUND) is the admin's typo: 400 naming the field. A resolver that gives no
 * answer (EAI_AGAIN: SERVFAIL, a timeout, a DNS outage) says nothing about the URL: 503
 * SERVICE_UNAVAILABLE with Retry-After, nothing stored, and the same request passes once it answers.
 * The resolver is the stand-in of dns-stand-in.ts, for this file's host names only. Real app and database.
 */
import request from "supertest";
import { createECDH, randomBytes, randomUUID } from "node:crypto";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { useDnsStandIn } from "./dns-stand-in";

const answer = useDnsStandIn();

let ctx: TestContext;
let root: Actor;
beforeAll(async () => {
  // Its own database: the webhooks registered here are no other file's business (their channel status).
  ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "false" }, { ownDatabase: true });
  root = await ctx.admin({ name: "Root" });
});
afterAll(() => ctx?.close());

const register = (url: string) =>
  request(ctx.app)
    .post("/api/webhooks")
    .set(root.auth)
    .send({ url, events: ["ticket.created"] });

const listedUrls = async () =>
  (
    (await request(ctx.app).get("/api/webhooks").set(root.auth).expect(200)).body.items as Array<{
      url: string;
    }>
  ).map((w) => w.url);

test("when the resolver gives no answer for the webhook's host (EAI_AGAIN), then it is 503 SERVICE_UNAVAILABLE with Retry-After and nothing is stored; once it answers, the same request is 201", async () => {
  const url = `https://flaky-${randomUUID().slice(0, 8)}.example.test/hook`;
  answer(new URL(url).hostname, ["EAI_AGAIN", "public"]);
  const refused = await register(url);
  expect([refused.status, refused.body.error?.code]).toEqual([503, "SERVICE_UNAVAILABLE"]);
  expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  expect(refused.body.error.details).toEqual([
    { path: "url", message: "the host name lookup failed for now (EAI_AGAIN)" },
  ]);
  expect(await listedUrls()).not.toContain(url);

  const created = await register(url);
  expect(created.status).toBe(201);
  expect(await listedUrls()).toContain(url);
  await request(ctx.app)
    .delete(`/api/webhooks/${created.body.id as string}`)
    .set(root.auth)
    .expect(204);
});

test("when the resolver says the webhook's host does not exist (ENOTFOUND), then it is still 400 VALIDATION_FAILED naming url", async () => {
  const url = `https://typo-${randomUUID().slice(0, 8)}.example.test/hook`;
  answer(new URL(url).hostname, ["ENOTFOUND"]);
  const res = await register(url);
  expect([res.status, res.body.error?.code]).toEqual([400, "VALIDATION_FAILED"]);
  expect(res.body.error.details).toEqual([{ path: "url", message: "the host does not resolve" }]);
  expect(res.headers["retry-after"]).toBeUndefined();
  expect(await listedUrls()).not.toContain(url);
});

test("when the resolver gives no answer for a push endpoint's host, then it is 503 too, naming endpoint", async () => {
  const shop = await ctx.shopUser();
  const key = createECDH("prime256v1");
  key.generateKeys();
  const endpoint = `https://push-${randomUUID().slice(0, 8)}.example.test/send/1`;
  answer(new URL(endpoint).hostname, ["EAI_AGAIN"]);
  const res = await request(ctx.app)
    .post("/api/me/push-subscriptions")
    .set(shop.auth)
    .send({
      endpoint,
      keys: { p256dh: key.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") },
    });
  expect([res.status, res.body.error?.code]).toEqual([503, "SERVICE_UNAVAILABLE"]);
  expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
  expect(res.body.error.details).toEqual([
    { path: "endpoint", message: "the host name lookup failed for now (EAI_AGAIN)" },
  ]);
});
