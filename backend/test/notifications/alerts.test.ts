/**
 * Notifications, the rest of issue 12: alerts name the shop by its name; WhatsApp's error answers; SLA
 * warnings and breaches, bulk resolutions and low satisfaction scores reach the outbox and the channels.
 * The real app, database and worker; Telegram, WhatsApp, SMTP and a webhook receiver are local stand-ins.
 */
import request from "supertest";
import { inOneHour, rawToken } from "../support/tokens";
import { randomBytes, randomUUID } from "node:crypto";
import type { Actor, TestContext } from "../support/test-context";
import type { Principal } from "../../src/shared/principal";
import { ALWAYS_OPEN, FLAT_TARGETS, MIN, putPolicy } from "../analytics/helpers";
import { eventually, type ProviderStandIn, type SmtpStandIn } from "./stand-ins";
import { startNotificationsTest, type NotificationsTest } from "./notifications-test";

let n: NotificationsTest;
let ctx: TestContext;
let provider: ProviderStandIn;
let smtp: SmtpStandIn;
let root: Actor;
const BOT_TOKEN = `654321:${randomBytes(12).toString("hex")}`;
const WA_TOKEN = `wa-${randomBytes(12).toString("hex")}`;
const WA_PATH = "/phone-9/messages";

beforeAll(async () => {
  n = await startNotificationsTest({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_CHAT_ID: "-1002",
    WHATSAPP_TOKEN: WA_TOKEN,
    WHATSAPP_PHONE_ID: "phone-9",
    WHATSAPP_TO: "4915100000009",
    NOTIFY_RETRY_MAX_MS: "5000",
    NOTIFY_TIMEOUT_MS: "2000",
    NOTIFY_MAX_ATTEMPTS: "3",
  });
  ({ ctx, provider, smtp, root } = n);
});

afterAll(() => n?.close());

/** An actor whose token carries an email claim, made known to notifications (as on first sight). */
async function withEmail(a: Actor, email: string): Promise<Actor> {
  const token = ctx.tokens.sign({ ...a, email } as Principal);
  const actor = { ...a, email, token, auth: { Authorization: `Bearer ${token}` } };
  expect((await request(ctx.app).get("/api/me/notification-preferences").set(actor.auth)).status).toBe(200);
  return actor;
}

/** A shop Parley knows by name (a local account created with its shop's name), signed in by token. */
async function namedShop(shopName: string): Promise<Actor> {
  const id = `shop-user-${randomUUID()}`;
  const shopId = `shop-${randomUUID()}`;
  await ctx.modules.identity.service.createLocalUser({
    id,
    email: `${id}@shops.example.test`,
    password: "correct horse battery staple",
    role: "shop",
    name: "Shop Owner",
    shopId,
    shopName,
  });
  const p: Principal = { userId: id, role: "shop", shopId, name: "Shop Owner" };
  const token = ctx.tokens.sign(p);
  return { ...p, token, auth: { Authorization: `Bearer ${token}` } };
}

const fileTicket = (shop: Actor, subject?: string, message?: string) => n.fileTicket(shop, subject, message);
const deliveriesOf = (ticketId: string, channel?: string) => n.deliveriesOf(ticketId, channel);

/** Waits until the ticket's delivery on this channel (and event type) is no longer pending. */
const settled = (ticketId: string, channel: string, eventType?: string, what = `${channel} delivery`) =>
  eventually(
    async () => {
      const d = (await deliveriesOf(ticketId, channel)).find(
        (x) => (!eventType || x.eventType === eventType) && x.status !== "pending",
      );
      return d ?? false;
    },
    what,
    30_000,
  );

const tgText = (r: { json: unknown }) => (r.json as { text?: string } | undefined)?.text ?? "";
const waText = (r: { json: unknown }) =>
  (r.json as { text?: { body?: string } } | undefined)?.text?.body ?? "";
const telegramWith = (s: string) =>
  provider.on(`/bot${BOT_TOKEN}/sendMessage`).filter((r) => tgText(r).includes(s));
const whatsappWith = (s: string) => provider.on(WA_PATH).filter((r) => waText(r).includes(s));

describe("WhatsApp's error answers (Cloud API stand-in)", () => {
  it("when WhatsApp answers 429 with Retry-After, then the next try waits at least that long, then it is sent", async () => {
    provider.script(WA_PATH, [
      {
        status: 429,
        headers: { "Retry-After": "2" },
        body: { error: { message: "(#130429) Rate limit hit", type: "OAuthException", code: 130429 } },
      },
    ]);
    const t = await fileTicket(await ctx.shopUser(), `WA rate limited ${randomUUID().slice(0, 8)}`);
    const d = await settled(t.id, "whatsapp");
    expect(d.status).toBe("sent");
    expect(d.log.map((a) => a.outcome)).toEqual(["queued", "retried", "sent"]);
    expect(d.log[1]).toMatchObject({ statusCode: 429 });
    expect(d.log[1]!.detail).toContain("Rate limit hit");
    const calls = whatsappWith(t.subject);
    expect(calls).toHaveLength(2);
    // Our own backoff would have tried again after ~100 ms; the provider asked for 2 s.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1900);
  });

  it("when WhatsApp answers 5xx every time, then it is retried up to NOTIFY_MAX_ATTEMPTS and dead-lettered", async () => {
    const bad = { status: 503, body: { error: { message: "Service temporarily unavailable", code: 2 } } };
    provider.script(WA_PATH, [bad, bad, bad]);
    const t = await fileTicket(await ctx.shopUser(), `WA down ${randomUUID().slice(0, 8)}`);
    const d = await settled(t.id, "whatsapp");
    expect(d.status).toBe("failed");
    expect(d.attempts).toBe(3);
    expect(d.log.map((a) => a.outcome)).toEqual(["queued", "retried", "retried", "failed"]);
    expect(d.log.slice(1).every((a) => a.statusCode === 503)).toBe(true);
    expect(d.lastError).toContain("temporarily unavailable");
    expect(whatsappWith(t.subject)).toHaveLength(3);
    // The other channel is not held up by this one.
    expect((await settled(t.id, "telegram")).status).toBe("sent");
  });

  it("when WhatsApp answers 200 without a message id, then the answer is logged as malformed and retried", async () => {
    provider.script(WA_PATH, [{ status: 200, body: { messaging_product: "whatsapp", contacts: [] } }]);
    const t = await fileTicket(await ctx.shopUser(), `WA malformed ${randomUUID().slice(0, 8)}`);
    const d = await settled(t.id, "whatsapp");
    expect(d.status).toBe("sent");
    expect(d.log.map((a) => a.outcome)).toEqual(["queued", "retried", "sent"]);
    expect(d.log[1]!.detail).toContain("malformed answer");
    expect(d.log[2]!.detail).toMatch(/^message wamid\./);
  });

  it("when WhatsApp refuses the token (401), then the alert is dead-lettered at once with a clear reason and no secret", async () => {
    provider.script(WA_PATH, [
      {
        status: 401,
        body: {
          error: {
            message: "Error validating access token: Session has expired.",
            type: "OAuthException",
            code: 190,
          },
        },
      },
    ]);
    const t = await fileTicket(await ctx.shopUser(), `WA bad token ${randomUUID().slice(0, 8)}`);
    const d = await settled(t.id, "whatsapp");
    expect(d.status).toBe("failed");
    expect(d.log.map((a) => a.outcome)).toEqual(["queued", "failed"]);
    expect(d.log[1]!.statusCode).toBe(401);
    expect(d.log[1]!.detail).toContain("refused our credentials");
    expect(d.log[1]!.detail).toContain("Error validating access token");
    expect(whatsappWith(t.subject)).toHaveLength(1);
    const channels = await request(ctx.app).get("/api/notifications/channels").set(root.auth);
    const wa = (channels.body.items as Array<{ channel: string; lastError: string | null }>).find(
      (c) => c.channel === "whatsapp",
    );
    expect(wa!.lastError).toContain("refused our credentials");
    // The token was in the Authorization header only; it never reaches the log or the status page.
    expect(JSON.stringify(d)).not.toContain(WA_TOKEN);
    expect(JSON.stringify(channels.body)).not.toContain(WA_TOKEN);
  });
});

describe("alerts name the shop", () => {
  it("when a shop Parley knows by name files a ticket, then Telegram, WhatsApp, email and webhooks name it, not its id", async () => {
    const hook = await request(ctx.app)
      .post("/api/webhooks")
      .set(root.auth)
      .send({ url: `${provider.url}/hooks/named-${randomUUID()}`, events: ["ticket.created"] });
    expect(hook.status).toBe(201);
    const watcher = await withEmail(
      await ctx.admin({ name: "Watcher" }),
      `watch-${randomUUID()}@example.test`,
    );
    const shop = await namedShop("Acme Outfitters");
    const t = await fileTicket(shop, `Named shop ${randomUUID().slice(0, 8)}`, "Where is my payout?");

    const [tg] = await eventually(
      () => telegramWith(t.subject).length > 0 && telegramWith(t.subject),
      "Telegram",
    );
    expect(tgText(tg!)).toContain(`New ticket #${t.number} from Acme Outfitters: ${t.subject}`);
    expect(tgText(tg!)).not.toContain(shop.shopId!);
    const [wa] = await eventually(
      () => whatsappWith(t.subject).length > 0 && whatsappWith(t.subject),
      "WhatsApp",
    );
    expect(waText(wa!)).toContain("from Acme Outfitters");

    const mail = await eventually(
      () => smtp.mails.find((m) => m.to.includes(watcher.email!) && m.raw.includes(t.subject)),
      "the admin's email",
    );
    expect(mail.raw).toContain("Acme Outfitters");

    const delivered = await eventually(
      () =>
        provider
          .on(new URL(hook.body.url as string).pathname)
          .find((r) => (r.json as { data?: { ticket?: { id?: string } } }).data?.ticket?.id === t.id),
      "the webhook",
    );
    expect(
      (delivered.json as { data: { ticket: { shopName: string; shopId: string } } }).data.ticket,
    ).toMatchObject({ shopName: "Acme Outfitters", shopId: shop.shopId });
    await request(ctx.app).delete(`/api/webhooks/${hook.body.id}`).set(root.auth);
  });

  it("when a named shop writes again on its ticket (the one-statement message post), then the admin alert names the shop", async () => {
    const shop = await namedShop("Acme Outfitters");
    const t = await fileTicket(shop, `Named follow-up ${randomUUID().slice(0, 8)}`);
    const res = await request(ctx.app)
      .post(`/api/tickets/${t.id}/messages`)
      .set(shop.auth)
      .send({ body: "Any news on this?" });
    expect(res.status).toBe(201);
    const [tg] = await eventually(
      () =>
        telegramWith(t.subject).filter((m) => tgText(m).includes("New message")).length > 0 &&
        telegramWith(t.subject).filter((m) => tgText(m).includes("New message")),
      "Telegram's new-message alert",
    );
    expect(tgText(tg!)).toContain(`New message from Acme Outfitters on #${t.number}`);
    expect(tgText(tg!)).not.toContain(shop.shopId!);
  });

  it("when a host's token carries the shopName claim, then Parley records it and alerts name the shop", async () => {
    const shopId = `host-shop-${randomUUID()}`;
    const token = (shopName: unknown) =>
      rawToken({ sub: `host-user-${randomUUID()}`, role: "shop", shopId, shopName, exp: inOneHour() });
    // A claim that is not a short text is ignored, never a refused token.
    const odd = await request(ctx.app)
      .get("/api/tickets")
      .set({ Authorization: `Bearer ${token(42)}` });
    expect(odd.status).toBe(200);
    const auth = { Authorization: `Bearer ${token("Harbour Books")}` };
    const res = await request(ctx.app)
      .post("/api/tickets")
      .set(auth)
      .send({ subject: `Host-named ${randomUUID().slice(0, 8)}`, message: "Hello." });
    expect(res.status).toBe(201);
    const [tg] = await eventually(
      () => telegramWith(res.body.subject as string).length > 0 && telegramWith(res.body.subject as string),
      "Telegram",
    );
    expect(tgText(tg!)).toContain(`#${res.body.number} from Harbour Books`);
    expect(tgText(tg!)).not.toContain(shopId);
  });

  it("when a host's shopName claim holds line breaks, then alerts name the shop on one line", async () => {
    const token = rawToken({
      sub: `host-user-${randomUUID()}`,
      role: "shop",
      shopId: `host-shop-${randomUUID()}`,
      shopName: "Harbour\r\nBooks\u2028Ltd\tLondon",
      exp: inOneHour(),
    });
    const res = await request(ctx.app)
      .post("/api/tickets")
      .set({ Authorization: `Bearer ${token}` })
      .send({ subject: `Two-line name ${randomUUID().slice(0, 8)}`, message: "Hello." });
    expect(res.status).toBe(201);
    const [tg] = await eventually(
      () => telegramWith(res.body.subject as string).length > 0 && telegramWith(res.body.subject as string),
      "Telegram",
    );
    expect(tgText(tg!)).toContain(`#${res.body.number} from Harbour Books Ltd London`);
  });

  it("when Parley knows only the shop's id (a host's token), then alerts fall back to the id", async () => {
    const shop = await ctx.shopUser();
    const t = await fileTicket(shop, `Unnamed shop ${randomUUID().slice(0, 8)}`);
    const [tg] = await eventually(
      () => telegramWith(t.subject).length > 0 && telegramWith(t.subject),
      "Telegram",
    );
    expect(tgText(tg!)).toContain(`from shop ${shop.shopId}`);
  });
});

describe("SLA warnings and breaches", () => {
  it("when a ticket's SLA clock passes 75% and then its deadline, then outbox rows become sla.warning and sla.breached alerts on the admin channels", async () => {
    expect((await putPolicy(ctx.app, root, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS })).status).toBe(
      200,
    );
    const hook = await request(ctx.app)
      .post("/api/webhooks")
      .set(root.auth)
      .send({ url: `${provider.url}/hooks/sla-${randomUUID()}`, events: ["sla.warning", "sla.breached"] });
    expect(hook.status).toBe(201);
    const shop = await namedShop("Bolt Bikes");
    const t = await fileTicket(shop, `SLA clock ${randomUUID().slice(0, 8)}`);
    const t0 = new Date(t.createdAt).getTime();
    // The clock module's time is injected: as if 46, 55 and then 61 minutes had passed (first response: 60 min).
    await ctx.modules.support.service.reconcileSla(t.id, new Date(t0 + 46 * MIN));

    const warning = await settled(t.id, "telegram", "sla.warning", "the sla.warning delivery");
    expect(warning.status).toBe("sent");
    const [tgWarn] = telegramWith(`SLA warning (75%) on #${t.number}`);
    expect(tgText(tgWarn!)).toContain(`from Bolt Bikes: ${t.subject}`);
    expect(tgText(tgWarn!)).toContain(`https://desk.example.test/admin?ticket=${t.id}`);
    expect((await settled(t.id, "whatsapp", "sla.warning")).status).toBe("sent");

    await ctx.modules.support.service.reconcileSla(t.id, new Date(t0 + 55 * MIN));
    await eventually(() => telegramWith(`SLA warning (90%) on #${t.number}`).length > 0, "the 90% warning");
    await ctx.modules.support.service.reconcileSla(t.id, new Date(t0 + 61 * MIN));
    expect((await settled(t.id, "telegram", "sla.breached", "the sla.breached delivery")).status).toBe(
      "sent",
    );
    expect(telegramWith(`SLA breached on #${t.number} from Bolt Bikes`)).toHaveLength(1);

    const events = await ctx.database
      .knex("notification_events")
      .where({ ticket_id: t.id })
      .whereIn("type", ["sla.warning", "sla.breached"])
      .orderBy("created_at")
      .select("type");
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      "sla.warning",
      "sla.warning",
      "sla.breached",
    ]);
    const hooked = await eventually(() => {
      const got = provider
        .on(new URL(hook.body.url as string).pathname)
        .filter((r) => (r.json as { data?: { ticket?: { id?: string } } }).data?.ticket?.id === t.id);
      return got.length >= 3 && got;
    }, "the SLA webhooks");
    expect(hooked.map((r) => (r.json as { type: string }).type).sort()).toEqual([
      "sla.breached",
      "sla.warning",
      "sla.warning",
    ]);
    await request(ctx.app).delete(`/api/webhooks/${hook.body.id}`).set(root.auth);
  });
});

describe("bulk changes and satisfaction", () => {
  it("when an admin resolves tickets in bulk, then each ticket's shop gets its own resolved alert", async () => {
    const email = `bulk-${randomUUID()}@shop.example.test`;
    const shop = await withEmail(await ctx.shopUser(), email);
    const a = await fileTicket(shop, `Bulk A ${randomUUID().slice(0, 8)}`);
    const b = await fileTicket(shop, `Bulk B ${randomUUID().slice(0, 8)}`);
    const res = await request(ctx.app)
      .post("/api/tickets/bulk")
      .set(root.auth)
      .send({ ids: [a.id, b.id], set: { status: "resolved" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ updated: 2, skipped: [] });

    for (const t of [a, b]) {
      const d = await settled(t.id, "email", "ticket.updated", `the resolved email for ${t.subject}`);
      expect(d.status).toBe("sent");
      const mail = smtp.mails.find(
        (m) => m.to.includes(email) && m.raw.includes(`was resolved: ${t.subject}`),
      );
      expect(mail).toBeDefined();
      expect(mail!.raw).toContain(`https://desk.example.test/shop?ticket=${t.id}`);
    }
  });

  it("when a shop rates a resolved ticket low, then the assignee and the admin chat get a low satisfaction alert", async () => {
    const assignee = await withEmail(
      await ctx.admin({ name: "Assignee" }),
      `assignee-${randomUUID()}@example.test`,
    );
    const other = await withEmail(await ctx.admin({ name: "Other" }), `other-${randomUUID()}@example.test`);
    const shop = await namedShop("Crate & Barrel Parts");
    const t = await fileTicket(shop, `Rated low ${randomUUID().slice(0, 8)}`);
    const patched = await request(ctx.app)
      .patch(`/api/tickets/${t.id}`)
      .set(root.auth)
      .send({ assigneeId: assignee.userId, status: "resolved" });
    expect(patched.status).toBe(200);
    const rated = await request(ctx.app)
      .post(`/api/tickets/${t.id}/satisfaction`)
      .set(shop.auth)
      .send({ score: 1, comment: "Nobody read my messages." });
    expect(rated.status).toBe(201);

    const [tg] = await eventually(
      () =>
        telegramWith(`Low satisfaction (1/5) on #${t.number}`).length > 0 &&
        telegramWith(`Low satisfaction (1/5) on #${t.number}`),
      "the low satisfaction Telegram alert",
    );
    expect(tgText(tg!)).toContain("from Crate & Barrel Parts");
    expect(tgText(tg!)).toContain("Nobody read my messages.");
    const d = await settled(t.id, "email", "satisfaction.low", "the assignee's email");
    expect(d.status).toBe("sent");
    await eventually(
      () =>
        smtp.mails.find((m) => m.to.includes(assignee.email!) && m.raw.includes("Low satisfaction (1/5)")),
      "the assignee's mail",
    );
    const emails = (await deliveriesOf(t.id, "email")).filter((x) => x.eventType === "satisfaction.low");
    expect(emails).toHaveLength(1);
    expect(smtp.mails.some((m) => m.to.includes(other.email!) && m.raw.includes("Low satisfaction"))).toBe(
      false,
    );
  });

  it("when a shop rates a ticket well, then no low satisfaction alert is recorded", async () => {
    const shop = await ctx.shopUser();
    const t = await fileTicket(shop, `Rated well ${randomUUID().slice(0, 8)}`);
    expect(
      (await request(ctx.app).patch(`/api/tickets/${t.id}`).set(root.auth).send({ status: "resolved" }))
        .status,
    ).toBe(200);
    expect(
      (await request(ctx.app).post(`/api/tickets/${t.id}/satisfaction`).set(shop.auth).send({ score: 5 }))
        .status,
    ).toBe(201);
    const rows = await ctx.database
      .knex("notification_events")
      .where({ ticket_id: t.id, type: "satisfaction.low" });
    expect(rows).toHaveLength(0);
  });
});

describe("the API description", () => {
  it("when the OpenAPI document is read, then every notification route is in it (so the fuzz test covers them)", async () => {
    const doc = (await request(ctx.app).get("/api/docs/openapi.json")).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m} ${p}`));
    expect(ops).toEqual(
      expect.arrayContaining([
        "get /api/me/notification-preferences",
        "put /api/me/notification-preferences",
        "post /api/me/push-subscriptions",
        "delete /api/me/push-subscriptions",
        "get /api/notifications/vapid-public-key",
        "get /api/notifications/channels",
        "get /api/notifications/deliveries",
        "post /api/notifications/test",
        "post /api/webhooks",
        "get /api/webhooks",
        "delete /api/webhooks/{id}",
        "get /api/webhooks/{id}/deliveries",
      ]),
    );
  });
});
