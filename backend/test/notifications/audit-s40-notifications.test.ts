/**
 * Session 40's audit of notifications, through the public API on a real database:
 * - concurrent preference changes of different keys all stay (no lost update);
 * - a webhook URL or push endpoint whose user name or password is not valid percent-encoding (`u:%ZZ@`)
 *   is refused with 400, since node:http cannot build its Authorization header and every call would fail.
 */
import request from "supertest";
import { createECDH, randomBytes } from "node:crypto";
import { createTestContext, type TestContext } from "../support/test-context";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" });
});
afterAll(() => ctx.close());

const PREFS = "/api/me/notification-preferences";

it("when a user changes several preferences at once in separate requests, then every change is kept", async () => {
  const keys = ["email", "push", "newTicket", "shopMessage", "slaAlerts", "mentions"] as const;
  // A few rounds: one round of six concurrent writes lost all but one or two keys before the fix.
  for (let round = 0; round < 3; round++) {
    const admin = await ctx.admin();
    const answers = await Promise.all(
      keys.map((key) =>
        request(ctx.app)
          .put(PREFS)
          .set(admin.auth)
          .send({ [key]: false }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(keys.map(() => 200));
    const after = await request(ctx.app).get(PREFS).set(admin.auth);
    expect(after.status).toBe(200);
    expect(after.body).toEqual({
      email: false,
      push: false,
      newTicket: false,
      shopMessage: false,
      slaAlerts: false,
      mentions: false,
      adminReply: true,
      ticketResolved: true,
      quietHours: null,
    });
  }
});

it("when a preference change answers, then it shows the stored preferences, earlier changes included", async () => {
  const shop = await ctx.shopUser();
  const quiet = { from: "22:00", to: "07:00", timeZone: "Europe/Berlin" };
  expect((await request(ctx.app).put(PREFS).set(shop.auth).send({ quietHours: quiet })).status).toBe(200);
  const res = await request(ctx.app).put(PREFS).set(shop.auth).send({ adminReply: false });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ quietHours: quiet, adminReply: false, ticketResolved: true });
  const off = await request(ctx.app).put(PREFS).set(shop.auth).send({ quietHours: null });
  expect(off.body).toMatchObject({ quietHours: null, adminReply: false });
});

it("when a webhook URL's password has a % that starts no escape, then it is refused with 400 naming url", async () => {
  const admin = await ctx.admin();
  for (const url of ["http://user:50%ZZ@127.0.0.1:9/hook", "http://us%er:pw@127.0.0.1:9/hook"]) {
    const res = await request(ctx.app)
      .post("/api/webhooks")
      .set(admin.auth)
      .send({ url, events: ["ticket.created"] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([{ path: "url", message: expect.stringMatching(/%25/) }]);
  }
  // A password with an escaped % is fine, and shown masked as before.
  const ok = await request(ctx.app)
    .post("/api/webhooks")
    .set(admin.auth)
    .send({ url: "http://user:50%25off@127.0.0.1:9/hook", events: ["ticket.created"] });
  expect(ok.status).toBe(201);
  expect(ok.body.url).toBe("http://user:***@127.0.0.1:9/hook");
  await request(ctx.app)
    .delete(`/api/webhooks/${ok.body.id as string}`)
    .set(admin.auth)
    .expect(204);
});

it("when a push endpoint's user name has a % that starts no escape, then it is refused with 400 naming endpoint", async () => {
  const shop = await ctx.shopUser();
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const keys = {
    p256dh: ecdh.getPublicKey().toString("base64url"),
    auth: randomBytes(16).toString("base64url"),
  };
  const res = await request(ctx.app)
    .post("/api/me/push-subscriptions")
    .set(shop.auth)
    .send({ endpoint: "http://100%:x@127.0.0.1:9/push/a", keys });
  expect(res.status).toBe(400);
  expect(res.body.error.details).toEqual([{ path: "endpoint", message: expect.stringMatching(/%25/) }]);
  const ok = await request(ctx.app)
    .post("/api/me/push-subscriptions")
    .set(shop.auth)
    .send({ endpoint: "http://127.0.0.1:9/push/a", keys });
  expect(ok.status).toBe(201);
});
