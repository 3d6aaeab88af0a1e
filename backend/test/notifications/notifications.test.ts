/**
 * Notifications end to end: the real app and database, the outbox worker running, and local stand-ins for
 * Telegram, WhatsApp, SMTP, a push service and a webhook receiver (nothing of ours is mocked).
 */
import request from "supertest";
import webpush from "web-push";
import { createECDH, randomBytes, randomUUID } from "node:crypto";
import type { Actor, TestContext } from "../support/test-context";
import type { Principal } from "../../src/shared/principal";
import { eventually, verifySignature, type ProviderStandIn, type SmtpStandIn } from "./stand-ins";
import {
  startNotificationsTest,
  type DeliveryDto,
  type FiledTicket,
  type NotificationsTest,
} from "./notifications-test";

let n: NotificationsTest;
let ctx: TestContext;
let provider: ProviderStandIn;
let smtp: SmtpStandIn;
let root: Actor;
const vapid = webpush.generateVAPIDKeys();
const BOT_TOKEN = `123456:${randomBytes(12).toString("hex")}`;

beforeAll(async () => {
  n = await startNotificationsTest({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_CHAT_ID: "-1001",
    WHATSAPP_TOKEN: "wa-token-secret",
    WHATSAPP_PHONE_ID: "phone-1",
    WHATSAPP_TO: "4915100000000",
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: "mailto:ops@example.test",
    NOTIFY_UNREAD_AFTER_S: "3",
    NOTIFY_RETRY_MAX_MS: "1500",
    NOTIFY_TIMEOUT_MS: "1000",
    NOTIFY_MAX_ATTEMPTS: "30",
  });
  ({ ctx, provider, smtp, root } = n);
});

afterAll(() => n?.close());

/** An actor whose token carries an email claim. */
async function withEmail(a: Actor, email: string): Promise<Actor> {
  const p = { ...a, email } as Principal;
  const token = ctx.tokens.sign(p);
  return { ...a, email, token, auth: { Authorization: `Bearer ${token}` } };
}

const fileTicket = (shop: Actor, subject?: string, message?: string) => n.fileTicket(shop, subject, message);
const deliveriesOf = (ticketId: string, channel?: string) => n.deliveriesOf(ticketId, channel);
const deliveryReaching = (ticketId: string, channel: string, status: string, timeoutMs?: number) =>
  n.deliveryReaching(ticketId, channel, status, timeoutMs);
/** Whether every ticket's first delivery on `channel` is sent (a probe for `eventually`). */
async function allSent(tickets: Array<{ id: string }>, channel: string): Promise<boolean> {
  for (const t of tickets) if ((await deliveriesOf(t.id, channel))[0]?.status !== "sent") return false;
  return true;
}

const telegramCallsWith = (text: string) =>
  provider
    .on(`/bot${BOT_TOKEN}/sendMessage`)
    .filter((r) => ((r.json as { text?: string })?.text ?? "").includes(text));

describe("Telegram and WhatsApp", () => {
  it("when a shop files a ticket, then Telegram and WhatsApp get the shop, number, subject, preview and deep link", async () => {
    const shop = await ctx.shopUser();
    const t = await fileTicket(shop, "Parcel never arrived", "Order 4411 is two weeks late.");
    const [call] = await eventually(
      () => telegramCallsWith("Parcel never arrived").length > 0 && telegramCallsWith("Parcel never arrived"),
      "the Telegram call",
    );
    const body = call!.json as { chat_id: string; text: string };
    expect(body.chat_id).toBe("-1001");
    expect(body.text).toContain(`#${t.number}`);
    expect(body.text).toContain(shop.shopId!);
    expect(body.text).toContain("Order 4411 is two weeks late.");
    expect(body.text).toContain(`https://desk.example.test/admin?ticket=${t.id}`);

    const wa = await eventually(
      () =>
        provider.on("/phone-1/messages").find((r) => JSON.stringify(r.json).includes("Parcel never arrived")),
      "the WhatsApp call",
    );
    expect(wa.headers.authorization).toBe("Bearer wa-token-secret");
    expect((wa.json as { to: string; type: string }).to).toBe("4915100000000");

    const sent = await deliveryReaching(t.id, "telegram", "sent");
    expect(sent.log.map((a) => a.outcome)).toEqual(["queued", "sent"]);
    const status = await request(ctx.app).get("/api/notifications/channels").set(root.auth);
    const tg = (
      status.body.items as Array<{ channel: string; configured: boolean; lastSuccessAt: string | null }>
    ).find((c) => c.channel === "telegram");
    expect(tg).toMatchObject({ configured: true });
    expect(tg!.lastSuccessAt).not.toBeNull();
  });

  it("when the ticket's transaction rolls back, then no alert is recorded or sent", async () => {
    const shop = await ctx.shopUser();
    const subject = `Rolled back ${randomUUID()}`;
    const res = await request(ctx.app)
      .post("/api/tickets")
      .set(shop.auth)
      .send({ subject, message: "x", attachmentIds: [randomUUID()] });
    expect(res.status).toBeGreaterThanOrEqual(400);
    // A later ticket's alert proves the worker ran past the point where the rolled-back one would be.
    await fileTicket(shop, `After rollback ${randomUUID()}`);
    await eventually(() => telegramCallsWith("After rollback").length > 0, "the next alert");
    expect(telegramCallsWith(subject)).toHaveLength(0);
  });

  it("when Telegram answers 429 retry_after, 5xx, a malformed 200 and then times out, then the alert is retried until sent, each answer logged", async () => {
    provider.script(`/bot${BOT_TOKEN}/sendMessage`, [
      {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: "Too Many Requests: retry after 1",
          parameters: { retry_after: 1 },
        },
      },
      { status: 502, body: "<html>Bad Gateway</html>" },
      { status: 200, body: "not json at all" },
      { hang: true },
    ]);
    const shop = await ctx.shopUser();
    const t = await fileTicket(shop, `Flaky provider ${randomUUID().slice(0, 8)}`);
    const d = await deliveryReaching(t.id, "telegram", "sent", 30_000);
    const outcomes = d.log.map((a) => a.outcome);
    expect(outcomes).toEqual(["queued", "retried", "retried", "retried", "retried", "sent"]);
    const details = d.log.map((a) => a.detail ?? "").join("\n");
    expect(details).toContain("retry after 1");
    expect(details).toContain("HTTP 502");
    expect(details).toContain("malformed answer");
    expect(details).toContain("no answer within 1000 ms");
    // Secrets never reach the log: the bot token is in the URL only.
    expect(details).not.toContain(BOT_TOKEN);
    // retry_after was honoured: the second call came at least a second after the first.
    const calls = telegramCallsWith(t.subject);
    expect(calls.length).toBe(5);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("when the provider is down and then back, then every alert queued meanwhile is delivered", async () => {
    provider.setDown({ status: 503, body: { ok: false, description: "down for maintenance" } });
    const shop = await ctx.shopUser();
    const tag = `Outage ${randomUUID().slice(0, 8)}`;
    const tickets: Array<{ id: string }> = [];
    for (let i = 0; i < 5; i++) tickets.push(await fileTicket(shop, `${tag} ${i}`));
    await eventually(async () => {
      const ds = await deliveriesOf(tickets[0]!.id, "telegram");
      return (ds[0]?.log.filter((a) => a.outcome === "retried").length ?? 0) >= 2;
    }, "retries while down");
    provider.setDown(undefined);
    await eventually(() => allSent(tickets, "telegram"), "every alert after the outage", 30_000);
    for (let i = 0; i < 5; i++) {
      const okCalls = provider
        .on(`/bot${BOT_TOKEN}/sendMessage`)
        .filter((r) => (r.json as { text: string }).text.includes(`${tag} ${i}`));
      expect(okCalls.length).toBeGreaterThanOrEqual(1);
    }
  });

  it("when several alerts wait for the same chat, then one Telegram message carries them all, each with its link, and each delivery's log says so", async () => {
    // With the worker stopped the alerts wait together, as they do when tickets come faster than it sends.
    await ctx.modules.notifications.stopWorker();
    const shop = await ctx.shopUser();
    const tag = `Digest ${randomUUID().slice(0, 8)}`;
    const tickets: FiledTicket[] = [];
    for (let i = 0; i < 3; i++)
      tickets.push(await fileTicket(shop, `${tag} ${i}`, `Question ${i} of ${tag}`));
    ctx.modules.notifications.startWorker();
    await eventually(() => allSent(tickets, "telegram"), "the three alerts sent");
    const carrying = provider
      .on(`/bot${BOT_TOKEN}/sendMessage`)
      .map((r) => (r.json as { text: string }).text)
      .filter((text) => text.includes(tag));
    expect(carrying).toHaveLength(1);
    const [text] = carrying;
    // Three, unless an earlier test's alert was still waiting for the same chat.
    const carried = Number(/^(\d+) new alerts in Parley/.exec(text!)?.[1]);
    expect(carried).toBeGreaterThanOrEqual(3);
    for (const t of tickets) {
      expect(text).toContain(`New ticket #${t.number} from`);
      expect(text).toContain(t.subject);
      expect(text).toContain(`https://desk.example.test/admin?ticket=${t.id}`);
      const [d] = await deliveriesOf(t.id, "telegram");
      expect(d!.log.at(-1)!.detail).toContain(`one message carrying ${carried} alerts`);
    }
    expect(text).toContain("Question 1 of");
  });

  it("when more alerts wait for the chat than a message lists, then one message lists ten and counts the rest, and each delivery's log names that message", async () => {
    await ctx.modules.notifications.stopWorker();
    const shop = await ctx.shopUser();
    const tag = `Flood ${randomUUID().slice(0, 8)}`;
    const tickets: FiledTicket[] = [];
    for (let i = 0; i < 14; i++) tickets.push(await fileTicket(shop, `${tag} ${i}`));
    ctx.modules.notifications.startWorker();
    await eventually(() => allSent(tickets, "telegram"), "the fourteen alerts sent");
    const calls = provider.on(`/bot${BOT_TOKEN}/sendMessage`);
    const carrying = calls.filter((r) => (r.json as { text: string }).text.includes(tag));
    expect(carrying).toHaveLength(1);
    const text = (carrying[0]!.json as { text: string }).text;
    // Fourteen, unless an earlier test's alert was still waiting for the same chat.
    const carried = Number(/^(\d+) new alerts in Parley/.exec(text)?.[1]);
    expect(carried).toBeGreaterThanOrEqual(14);
    expect(text.match(/https:\/\/desk\.example\.test\/admin\?ticket=/g)).toHaveLength(10);
    expect(text.endsWith(`…and ${carried - 10} more: https://desk.example.test/admin`)).toBe(true);
    expect(text.length).toBeLessThanOrEqual(4096);
    // The stand-in's message_id is the request's place in its record: every alert names that message.
    const messageId = provider.requests.indexOf(carrying[0]!) + 1;
    for (const t of tickets) {
      const [d] = await deliveriesOf(t.id, "telegram");
      expect(d!.log.at(-1)!.detail).toBe(
        `message ${messageId} (one message carrying ${carried} alerts, 10 listed)`,
      );
    }
  });

  it("when alerts for the chat come faster than one a second, then the first goes at once and the rest share one message a second (NOTIFY_DIGEST_MS)", async () => {
    const shop = await ctx.shopUser();
    const tag = `Paced ${randomUUID().slice(0, 8)}`;
    // Quiet first: an earlier test's alert may still hold the chat's slot.
    await new Promise((r) => setTimeout(r, 1100));
    const started = Date.now();
    const tickets: FiledTicket[] = [];
    for (let i = 0; i < 6; i++) {
      tickets.push(await fileTicket(shop, `${tag} ${i}`));
      // Each on its own planning pass (250 ms apart): unpaced, each would be a message of its own.
      await new Promise((r) => setTimeout(r, 300));
    }
    const filedFor = Date.now() - started;
    await eventually(() => allSent(tickets, "telegram"), "the six alerts sent");
    const calls = telegramCallsWith(tag);
    // The first alone and at once; then one message per second of filing, at most (one more for the edge).
    expect((calls[0]!.json as { text: string }).text).toContain(`New ticket #${tickets[0]!.number} from`);
    expect((calls[0]!.json as { text: string }).text).not.toMatch(/new alerts in Parley/);
    expect(calls.length).toBeLessThanOrEqual(2 + Math.floor(filedFor / 1000));
    expect(calls.length).toBeLessThan(tickets.length);
    for (const t of tickets)
      expect(calls.filter((c) => (c.json as { text: string }).text.includes(t.subject))).toHaveLength(1);
  });

  it("when a delivery is listed, then its log starts with one queued entry, whether or not it was stored as a row", async () => {
    const t = await fileTicket(await ctx.shopUser());
    const d = await deliveryReaching(t.id, "telegram", "sent");
    expect(d.log.map((a) => a.outcome)).toEqual(["queued", "sent"]);
    expect(d.log[0]!.at).toBe(d.createdAt);
    // Deliveries planned by earlier versions have their "queued" row stored: it is not shown twice.
    await ctx.database
      .knex("notification_attempts")
      .insert({ delivery_id: d.id, channel: "telegram", attempt: 0, outcome: "queued" });
    const [again] = await deliveriesOf(t.id, "telegram");
    expect(again!.log.filter((a) => a.outcome === "queued")).toHaveLength(1);
  });

  it("when the provider refuses for good (400), then the alert is dead-lettered after one attempt", async () => {
    provider.script(`/bot${BOT_TOKEN}/sendMessage`, [
      { status: 400, body: { ok: false, description: "Bad Request: chat not found" } },
    ]);
    const t = await fileTicket(await ctx.shopUser());
    const d = await deliveryReaching(t.id, "telegram", "failed");
    expect(d.log.map((a) => a.outcome)).toEqual(["queued", "failed"]);
    expect(d.log[1]!.detail).toContain("chat not found");
  });
});

describe("webhooks", () => {
  it("when an admin sends a test alert to the webhooks, then each gets a signed event of type test, never one posing as a ticket's news", async () => {
    const created = await request(ctx.app)
      .post("/api/webhooks")
      .set(root.auth)
      .send({ url: `${provider.url}/hook-ping`, events: ["ticket.created"] });
    expect(created.status).toBe(201);
    const hook = created.body as { id: string; secret: string };
    const sent = await request(ctx.app)
      .post("/api/notifications/test")
      .set(root.auth)
      .send({ channel: "webhook" });
    expect(sent.status).toBe(202);
    const [call] = await eventually(() => {
      const got = provider.on("/hook-ping");
      return got.length > 0 && got;
    }, "the test webhook call");
    expect(verifySignature(hook.secret, call!.headers["x-parley-signature"] as string, call!.raw)).toBe(true);
    expect(call!.headers["x-parley-event"]).toBe("test");
    const body = call!.json as { id: string; type: string; data: Record<string, unknown> };
    expect(body.type).toBe("test");
    expect(body.id).toBe(sent.body.eventId);
    expect(Object.keys(body.data)).toEqual(["test"]);
    await request(ctx.app).delete(`/api/webhooks/${hook.id}`).set(root.auth).expect(204);
  });

  it("when an admin registers a webhook, then signed events arrive, internal notes never do, and deliveries are listed", async () => {
    const created = await request(ctx.app)
      .post("/api/webhooks")
      .set(root.auth)
      .send({ url: `${provider.url}/hook-a`, events: ["ticket.created", "message.created"] });
    expect(created.status).toBe(201);
    const hook = created.body as { id: string; secret: string; url: string; events: string[] };
    expect(hook.secret).toMatch(/^[0-9a-f]{64}$/);

    const list = await request(ctx.app).get("/api/webhooks").set(root.auth);
    const listed = (list.body.items as Array<Record<string, unknown>>).find((w) => w.id === hook.id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty("secret");

    const shop = await ctx.shopUser();
    const t = await fileTicket(shop, `Webhook ticket ${randomUUID().slice(0, 8)}`);
    const admin = await ctx.admin();
    const note = await request(ctx.app)
      .post(`/api/tickets/${t.id}/messages`)
      .set(admin.auth)
      .send({ body: "SECRET internal note", internal: true });
    expect(note.status).toBe(201);
    const reply = await request(ctx.app)
      .post(`/api/tickets/${t.id}/messages`)
      .set(admin.auth)
      .send({ body: "Public reply" });
    expect(reply.status).toBe(201);

    // The ticket, its first message and the public reply; never the note.
    const calls = await eventually(() => {
      const got = provider.on("/hook-a").filter((r) => JSON.stringify(r.json).includes(t.id));
      return got.length >= 3 && got;
    }, "the webhook calls");
    for (const c of calls) {
      expect(verifySignature(hook.secret, c.headers["x-parley-signature"] as string, c.raw)).toBe(true);
      expect(verifySignature("wrong-secret", c.headers["x-parley-signature"] as string, c.raw)).toBe(false);
    }
    const types = calls.map((c) => (c.json as { type: string }).type).sort();
    expect(types).toEqual(["message.created", "message.created", "ticket.created"]);
    expect(calls.map((c) => c.raw.toString()).join("")).not.toContain("SECRET internal note");

    const deliveries = await eventually(async () => {
      const res = await request(ctx.app).get(`/api/webhooks/${hook.id}/deliveries`).set(root.auth);
      const items = (res.body.items as DeliveryDto[]).filter((d) => d.ticketId === t.id);
      return items.length === 3 && items.every((d) => d.status === "sent") && items;
    }, "the webhook deliveries");
    expect(deliveries[0]!.log.at(-1)!.statusCode).toBe(200);
    // What a user-given URL answers to a success is not kept: the log must not be a way to read it.
    expect(deliveries.map((d) => d.log.at(-1)!.detail)).toEqual(["HTTP 200", "HTTP 200", "HTTP 200"]);

    expect((await request(ctx.app).delete(`/api/webhooks/${hook.id}`).set(root.auth)).status).toBe(204);
    expect((await request(ctx.app).get(`/api/webhooks/${hook.id}/deliveries`).set(root.auth)).status).toBe(
      404,
    );
  });

  it("when a shop or a website visitor opens a conversation, then message.created webhooks hear its first message in a later message's shape, and no other channel alerts it twice", async () => {
    const created = await request(ctx.app)
      .post("/api/webhooks")
      .set(root.auth)
      .send({ url: `${provider.url}/hook-first`, events: ["message.created"] });
    expect(created.status).toBe(201);
    const hook = created.body as { id: string; secret: string };
    type Call = {
      id: string;
      type: string;
      data: { ticket: Record<string, unknown>; message: Record<string, unknown> } & Record<string, unknown>;
    };
    const callWith = (body: string) =>
      eventually(
        () => provider.on("/hook-first").find((r) => (r.json as Call).data.message.body === body),
        `the message.created webhook call for "${body}"`,
      );
    /** The planned deliveries of a ticket's message.created events, by channel. */
    const messageAlerts = async (ticketId: string) =>
      (await deliveriesOf(ticketId)).filter((d) => d.eventType === "message.created").map((d) => d.channel);
    const shapeOf = (c: Call) => ({
      top: Object.keys(c).sort(),
      data: Object.keys(c.data).sort(),
      ticket: Object.keys(c.data.ticket).sort(),
      message: Object.keys(c.data.message).sort(),
    });
    try {
      const shop = await ctx.shopUser();
      const first = `First words ${randomUUID().slice(0, 8)}`;
      const t = await fileTicket(shop, `Opened with a message ${randomUUID().slice(0, 8)}`, first);
      const opening = await callWith(first);
      expect(verifySignature(hook.secret, opening.headers["x-parley-signature"] as string, opening.raw)).toBe(
        true,
      );
      const call = opening.json as Call;
      expect(call.type).toBe("message.created");
      expect(call.data.ticket).toMatchObject({ id: t.id, number: t.number, status: "open" });
      expect(call.data.message).toMatchObject({ senderType: "shop", body: first });
      // Admins heard of it through ticket.created alone: no chat, email or push for the first message.
      expect(await messageAlerts(t.id)).toEqual(["webhook"]);
      await deliveryReaching(t.id, "telegram", "sent");
      expect(telegramCallsWith(first)).toHaveLength(1);

      // A later message: the same shape, and its own alerts as before.
      const second = `Second words ${randomUUID().slice(0, 8)}`;
      const posted = await request(ctx.app)
        .post(`/api/tickets/${t.id}/messages`)
        .set(shop.auth)
        .send({ body: second });
      expect(posted.status).toBe(201);
      const later = (await callWith(second)).json as Call;
      expect(shapeOf(call)).toEqual(shapeOf(later));
      expect(call.id).not.toBe(later.id);
      const alerts = await messageAlerts(t.id);
      expect(alerts.filter((c) => c === "webhook")).toHaveLength(2);
      expect(alerts).toEqual(expect.arrayContaining(["telegram", "whatsapp"]));

      // A website visitor's first message opens its conversation: the same event.
      const session = await request(ctx.app).post("/api/visitor/sessions").send({ name: "Vera" });
      expect(session.status).toBe(201);
      const hello = `Visitor hello ${randomUUID().slice(0, 8)}`;
      const said = await request(ctx.app)
        .post("/api/visitor/messages")
        .set({ Authorization: `Bearer ${session.body.visitorToken as string}` })
        .send({ body: hello });
      expect(said.status).toBe(201);
      const visitorCall = (await callWith(hello)).json as Call;
      expect(visitorCall.data.ticket).toMatchObject({ id: said.body.ticketId });
      expect(visitorCall.data.message).toMatchObject({ senderType: "shop", body: hello });
      expect(await messageAlerts(said.body.ticketId as string)).toEqual(["webhook"]);
    } finally {
      await request(ctx.app).delete(`/api/webhooks/${hook.id}`).set(root.auth);
    }
  });

  it("when an admin merges a ticket, then ticket.updated webhooks hear the source closed and where it went", async () => {
    const created = await request(ctx.app)
      .post("/api/webhooks")
      .set(root.auth)
      .send({ url: `${provider.url}/hook-merge`, events: ["ticket.updated"] });
    expect(created.status).toBe(201);
    try {
      const shop = await ctx.shopUser();
      const source = await fileTicket(shop, "Merged away");
      const target = await fileTicket(shop, "Merged into");
      const merged = await request(ctx.app)
        .post(`/api/tickets/${source.id}/merge`)
        .set(root.auth)
        .send({ intoTicketId: target.id });
      expect(merged.status).toBe(200);
      const call = await eventually(
        // The source's call: the target's own ticket.updated names the source too (its `merged` change).
        () =>
          provider
            .on("/hook-merge")
            .find((r) => (r.json as { data?: { ticket?: { id?: string } } }).data?.ticket?.id === source.id),
        "the merge's webhook call for the source",
      );
      const body = call.json as {
        type: string;
        data: { ticket: { id: string; status: string }; changes: unknown[] };
      };
      expect(body.type).toBe("ticket.updated");
      expect(body.data.ticket).toMatchObject({ id: source.id, status: "closed" });
      expect(body.data.changes).toEqual(
        expect.arrayContaining([
          { type: "merged", from: source.id, to: target.id },
          { type: "status", from: "open", to: "closed" },
        ]),
      );
    } finally {
      await request(ctx.app)
        .delete(`/api/webhooks/${created.body.id as string}`)
        .set(root.auth);
    }
  });

  it("when the URL points at a private address, then it is refused unless WEBHOOK_ALLOW_PRIVATE", async () => {
    ctx.config.notify.webhookAllowPrivate = false;
    try {
      for (const url of [
        "http://127.0.0.1:9/x",
        "http://10.1.2.3/x",
        "http://[::1]/x",
        "http://169.254.169.254/latest",
        // Loopback in IPv4-mapped IPv6, which the URL parser rewrites to [::ffff:7f00:1].
        "http://[::ffff:127.0.0.1]:9/x",
        "http://localhost:9/x",
        "http://2130706433/x",
      ]) {
        const res = await request(ctx.app)
          .post("/api/webhooks")
          .set(root.auth)
          .send({ url, events: ["ticket.created"] });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe("VALIDATION_FAILED");
      }
    } finally {
      ctx.config.notify.webhookAllowPrivate = true;
    }
  });

  it("when a push endpoint points at a private address, then it is refused unless WEBHOOK_ALLOW_PRIVATE", async () => {
    const shop = await ctx.shopUser();
    const key = createECDH("prime256v1");
    key.generateKeys();
    const keys = {
      p256dh: key.getPublicKey().toString("base64url"),
      auth: randomBytes(16).toString("base64url"),
    };
    ctx.config.notify.webhookAllowPrivate = false;
    try {
      for (const endpoint of [
        `${provider.url}/push/internal`,
        "http://[::ffff:127.0.0.1]:9/x",
        "http://10.0.0.5/x",
      ]) {
        const res = await request(ctx.app)
          .post("/api/me/push-subscriptions")
          .set(shop.auth)
          .send({ endpoint, keys });
        expect([endpoint, res.status, res.body.error?.code]).toEqual([endpoint, 400, "VALIDATION_FAILED"]);
      }
    } finally {
      ctx.config.notify.webhookAllowPrivate = true;
    }
    expect(provider.on("/push/internal")).toHaveLength(0);
  });

  it("when a user subscribes more browsers than kept, then the oldest are dropped and desks keep at most 50 webhooks", async () => {
    const shop = await ctx.shopUser();
    const subscribe = (n: number) => {
      const key = createECDH("prime256v1");
      key.generateKeys();
      return request(ctx.app)
        .post("/api/me/push-subscriptions")
        .set(shop.auth)
        .send({
          endpoint: `${provider.url}/push/cap-${shop.userId}-${n}`,
          keys: {
            p256dh: key.getPublicKey().toString("base64url"),
            auth: randomBytes(16).toString("base64url"),
          },
        });
    };
    for (let n = 0; n < 13; n++) expect((await subscribe(n)).status).toBe(201);
    const kept = (
      await ctx.database
        .knex("notification_push_subscriptions")
        .where({ user_id: shop.userId })
        .select("endpoint")
    ).map((r: { endpoint: string }) => r.endpoint.split("-").pop());
    expect(kept).toHaveLength(10);
    expect(kept).toContain("12");
    expect(kept).not.toContain("0");

    const existing = (await request(ctx.app).get("/api/webhooks").set(root.auth)).body.items.length as number;
    const created: string[] = [];
    try {
      for (let n = existing; n < 50; n++) {
        const res = await request(ctx.app)
          .post("/api/webhooks")
          .set(root.auth)
          .send({ url: `${provider.url}/hook-cap-${n}`, events: ["ticket.created"] });
        expect(res.status).toBe(201);
        created.push(res.body.id as string);
      }
      const over = await request(ctx.app)
        .post("/api/webhooks")
        .set(root.auth)
        .send({ url: `${provider.url}/hook-cap-over`, events: ["ticket.created"] });
      expect([over.status, over.body.error.code]).toEqual([409, "CONFLICT"]);
    } finally {
      for (const id of created) await request(ctx.app).delete(`/api/webhooks/${id}`).set(root.auth);
    }
  });

  it("when the input is bad or the caller is a shop, then 400/403/404 in the contract's shape", async () => {
    const shop = await ctx.shopUser();
    const bad = [
      { url: "ftp://x.test/", events: ["ticket.created"] },
      { url: "https://x.test/", events: [] },
      { url: "https://x.test/", events: ["nope"] },
      { url: "https://x.test/", events: ["ticket.created"], extra: 1 },
    ];
    for (const body of bad) {
      const res = await request(ctx.app).post("/api/webhooks").set(root.auth).send(body);
      expect(res.status).toBe(400);
    }
    expect((await request(ctx.app).get("/api/webhooks").set(shop.auth)).status).toBe(403);
    expect((await request(ctx.app).get("/api/notifications/deliveries").set(shop.auth)).status).toBe(403);
    expect((await request(ctx.app).get("/api/webhooks/not-a-uuid/deliveries").set(root.auth)).status).toBe(
      400,
    );
    expect((await request(ctx.app).delete(`/api/webhooks/${randomUUID()}`).set(root.auth)).status).toBe(404);
    expect((await request(ctx.app).get("/api/webhooks")).status).toBe(401);
  });
});

describe("email to shops and admins", () => {
  it("when an admin reply stays unread, then the shop user gets an email with text, HTML, the link and List-Unsubscribe", async () => {
    const shop = await withEmail(await ctx.shopUser(), `shop-${randomUUID().slice(0, 8)}@example.test`);
    const t = await fileTicket(shop, `Unread reply ${randomUUID().slice(0, 8)}`);
    const admin = await ctx.admin();
    const res = await request(ctx.app)
      .post(`/api/tickets/${t.id}/messages`)
      .set(admin.auth)
      .send({ body: "We shipped a new one." });
    expect(res.status).toBe(201);
    const mail = await eventually(
      () => smtp.mails.find((m) => m.to.includes(shop.email!)),
      "the email",
      30_000,
    );
    expect(mail.raw).toContain("List-Unsubscribe:");
    // The web app's own settings page for a shop user (an unknown path would be the app's "not found").
    expect(mail.raw).toMatch(/List-Unsubscribe: <https?:\/\/[^>]+\/shop\/notifications>/);
    expect(mail.raw).toContain("text/plain");
    expect(mail.raw).toContain("text/html");
    expect(mail.raw).toContain(`/shop?ticket=${t.id}`);
    expect(mail.raw).toContain("We shipped a new one.");
  });

  it("when the shop reads the reply in time, then no email is sent and the delivery is logged as suppressed", async () => {
    const shop = await withEmail(await ctx.shopUser(), `reader-${randomUUID().slice(0, 8)}@example.test`);
    const t = await fileTicket(shop);
    const admin = await ctx.admin();
    await request(ctx.app)
      .post(`/api/tickets/${t.id}/messages`)
      .set(admin.auth)
      .send({ body: "Read me quickly" })
      .expect(201);
    await request(ctx.app).post(`/api/tickets/${t.id}/read`).set(shop.auth).send({}).expect(204);
    const [d] = await eventually(
      async () => {
        const ds = (await deliveriesOf(t.id, "email")).filter((x) => x.eventType === "message.created");
        return ds[0] && ds[0].status !== "pending" && ds;
      },
      "the email delivery's outcome",
      30_000,
    );
    expect(d!.status).toBe("suppressed");
    expect(smtp.mails.some((m) => m.to.includes(shop.email!))).toBe(false);
  });

  it("when an admin turns new-ticket alerts off, then only admins who want them get the email", async () => {
    const quiet = await withEmail(await ctx.admin(), `quiet-${randomUUID().slice(0, 8)}@example.test`);
    const keen = await withEmail(await ctx.admin(), `keen-${randomUUID().slice(0, 8)}@example.test`);
    const put = await request(ctx.app)
      .put("/api/me/notification-preferences")
      .set(quiet.auth)
      .send({ newTicket: false });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ newTicket: false, email: true, shopMessage: true });
    await request(ctx.app).get("/api/me/notification-preferences").set(keen.auth).expect(200);
    const t = await fileTicket(await ctx.shopUser(), `Who hears ${randomUUID().slice(0, 8)}`);
    await eventually(
      () => smtp.mails.find((m) => m.to.includes(keen.email!) && m.raw.includes(t.subject)),
      "the keen admin's email",
    );
    const ds = await deliveriesOf(t.id, "email");
    expect(ds.some((d) => d.log.length > 0)).toBe(true);
    expect(smtp.mails.some((m) => m.to.includes(quiet.email!))).toBe(false);
  });
});

describe("one email for admins who get the same alerts", () => {
  it("when a new ticket alerts several admins, then one delivery emails all of them, and an address the server refuses is split off and fails on its own", async () => {
    const suffix = randomUUID().slice(0, 8);
    const admins = await Promise.all(
      ["one", "two", "nobody"].map(async (who) => {
        const a = await withEmail(await ctx.admin(), `${who}-${suffix}@example.test`);
        // The first request records the address (see "where alerts go" below).
        await request(ctx.app).get("/api/me/notification-preferences").set(a.auth).expect(200);
        return a;
      }),
    );
    const [one, two, nobody] = admins as [Actor, Actor, Actor];
    const t = await fileTicket(await ctx.shopUser(), `Shared mail ${suffix}`);
    const settled = async () => {
      const ds = await deliveriesOf(t.id, "email");
      const shared = ds.find((d) => d.target === "admins" && d.recipients?.includes(one.email!));
      const refused = ds.find((d) => d.target === nobody.email);
      return shared && refused && shared.status !== "pending" && refused.status !== "pending"
        ? { shared, refused }
        : false;
    };
    const { shared, refused } = await eventually(settled, "the shared email and the refused address settled");
    const mails = smtp.mails.filter((m) => m.raw.includes(t.subject));
    expect(mails.filter((m) => m.to.includes(one.email!) || m.to.includes(two.email!))).toHaveLength(1);
    expect(mails.find((m) => m.to.includes(one.email!))?.to).toContain(two.email!);
    expect(mails.some((m) => m.to.includes(nobody.email!))).toBe(false);
    // One delivery for the admins it reached; the refused address no longer among its recipients.
    expect(shared.status).toBe("sent");
    expect(shared.recipients).toEqual(expect.arrayContaining([one.email, two.email]));
    expect(shared.recipients).not.toContain(nobody.email);
    expect(shared.log.at(-1)!.detail).toMatch(/to \d+ addresses/);
    expect(shared.log.at(-1)!.detail).toContain(`refused by ${nobody.email}`);
    // Refused for good (550): dead-lettered with the server's answer, not retried, not sent to the others again.
    expect(refused.status).toBe("failed");
    expect(refused.recipients).toBeUndefined();
    expect(refused.log.map((a) => a.outcome)).toEqual(["queued", "failed"]);
    expect(refused.log.at(-1)!.detail).toContain("No such mailbox");
    expect(refused.createdAt).toBe(shared.createdAt);
  });
});

describe("one email for admins: an address refused for now", () => {
  it("when the server defers one address (450), then that address alone is tried again and gets the email later", async () => {
    const suffix = randomUUID().slice(0, 8);
    const [ready, busy] = (await Promise.all(
      ["ready", "busy"].map(async (who) => {
        const a = await withEmail(await ctx.admin(), `${who}-${suffix}@example.test`);
        await request(ctx.app).get("/api/me/notification-preferences").set(a.auth).expect(200);
        return a;
      }),
    )) as [Actor, Actor];
    const t = await fileTicket(await ctx.shopUser(), `Deferred mail ${suffix}`);
    const retried = await eventually(
      async () => {
        const d = (await deliveriesOf(t.id, "email")).find((x) => x.target === busy.email);
        return d?.status === "sent" ? d : false;
      },
      "the deferred address's own delivery sent",
      30_000,
    );
    expect(retried.log.map((a) => a.outcome)).toEqual(["queued", "retried", "sent"]);
    expect(retried.log[1]!.statusCode).toBe(450);
    const mails = smtp.mails.filter((m) => m.raw.includes(t.subject));
    // The first email reached the others; the second went to the deferred address alone.
    expect(mails.filter((m) => m.to.includes(ready.email!))).toHaveLength(1);
    expect(mails.filter((m) => m.to.includes(busy.email!)).map((m) => m.to)).toEqual([[busy.email]]);
  });
});

describe("where alerts go: the token's email, from the first request", () => {
  it("when an admin with an email claim has only read the queue, then a new ticket still emails them", async () => {
    const reader = await withEmail(await ctx.admin(), `reads-only-${randomUUID().slice(0, 8)}@example.test`);
    await request(ctx.app).get("/api/tickets").set(reader.auth).expect(200);
    const t = await fileTicket(await ctx.shopUser(), `Seen by a reader ${randomUUID().slice(0, 8)}`);
    await eventually(
      () => smtp.mails.find((m) => m.to.includes(reader.email!) && m.raw.includes(t.subject)),
      "the reading admin's email",
      30_000,
    );
  });

  it("when a shop user's token brings a new email, then the next unread reply goes there, without the user writing", async () => {
    const suffix = randomUUID().slice(0, 8);
    const before = await withEmail(await ctx.shopUser(), `old-${suffix}@example.test`);
    const t = await fileTicket(before, `Moved address ${suffix}`);
    const after = await withEmail(before, `new-${suffix}@example.test`);
    await request(ctx.app).get(`/api/tickets/${t.id}`).set(after.auth).expect(200);
    const admin = await ctx.admin();
    await request(ctx.app)
      .post(`/api/tickets/${t.id}/messages`)
      .set(admin.auth)
      .send({ body: `Answer for the new address ${suffix}` })
      .expect(201);
    await eventually(
      () => smtp.mails.find((m) => m.to.includes(after.email!) && m.raw.includes(suffix)),
      "the email at the new address",
      30_000,
    );
    expect(smtp.mails.some((m) => m.to.includes(before.email!) && m.raw.includes("Answer for the new"))).toBe(
      false,
    );
  });
});

describe("where alerts go: a Parley account's own address", () => {
  it("when a shop signs in with its Parley account and a reply stays unread, then the account's address gets the email", async () => {
    const suffix = randomUUID().slice(0, 8);
    const email = `local-shop-${suffix}@example.test`;
    await ctx.modules.identity.service.createLocalUser({
      id: `local-shop-${suffix}`,
      email,
      password: "a long enough password",
      role: "shop",
      name: "Local Shop",
      shopId: `local-shop-${suffix}`,
    });
    const login = await request(ctx.app)
      .post("/api/auth/login")
      .send({ email, password: "a long enough password" })
      .expect(200);
    const auth = { Authorization: `Bearer ${login.body.token as string}` };
    const filed = await request(ctx.app)
      .post("/api/tickets")
      .set(auth)
      .send({ subject: `Local account ${suffix}`, message: "Hello" })
      .expect(201);
    await request(ctx.app)
      .post(`/api/tickets/${filed.body.id as string}/messages`)
      .set((await ctx.admin()).auth)
      .send({ body: `Reply for the local account ${suffix}` })
      .expect(201);
    await eventually(
      () => smtp.mails.find((m) => m.to.includes(email) && m.raw.includes(suffix)),
      "the email at the account's address",
      30_000,
    );
  });
});

describe("deactivated admins", () => {
  it("when an admin is deactivated, then no alert reaches them while active admins still get theirs", async () => {
    const suffix = randomUUID().slice(0, 8);
    const gone = await request(ctx.app)
      .post("/api/admins")
      .set(root.auth)
      .send({
        email: `gone-${suffix}@example.test`,
        name: `Gone ${suffix}`,
        password: "correct horse battery",
      });
    expect(gone.status).toBe(201);
    const off = await request(ctx.app)
      .patch(`/api/admins/${encodeURIComponent(gone.body.id as string)}`)
      .set(root.auth)
      .send({ active: false });
    expect(off.status).toBe(200);
    const keen = await withEmail(await ctx.admin(), `keen-${suffix}@example.test`);
    await request(ctx.app).get("/api/me/notification-preferences").set(keen.auth).expect(200);

    const t = await fileTicket(await ctx.shopUser(), `While away ${suffix}`);
    await eventually(
      () => smtp.mails.find((m) => m.to.includes(keen.email!) && m.raw.includes(t.subject)),
      "the active admin's email",
    );
    expect(smtp.mails.some((m) => m.to.includes(`gone-${suffix}@example.test`))).toBe(false);
  });
});

describe("preferences", () => {
  it("when a user reads and edits preferences, then defaults, partial updates and quiet hours round-trip; bad input is 400", async () => {
    const shop = await ctx.shopUser();
    const get = await request(ctx.app).get("/api/me/notification-preferences").set(shop.auth);
    expect(get.status).toBe(200);
    expect(get.body).toEqual({
      email: true,
      push: true,
      newTicket: true,
      shopMessage: true,
      slaAlerts: true,
      mentions: true,
      adminReply: true,
      ticketResolved: true,
      quietHours: null,
    });
    const quiet = { from: "22:00", to: "07:00", timeZone: "Europe/Berlin" };
    const put = await request(ctx.app)
      .put("/api/me/notification-preferences")
      .set(shop.auth)
      .send({ quietHours: quiet, push: false });
    expect(put.body).toMatchObject({ quietHours: quiet, push: false, email: true });
    const again = await request(ctx.app).get("/api/me/notification-preferences").set(shop.auth);
    expect(again.body).toMatchObject({ quietHours: quiet, push: false });
    for (const body of [
      { quietHours: { from: "25:00", to: "07:00", timeZone: "UTC" } },
      { quietHours: { from: "22:00", to: "07:00", timeZone: "Mars/Olympus" } },
      { email: "yes" },
      { unknown: true },
    ]) {
      const res = await request(ctx.app).put("/api/me/notification-preferences").set(shop.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
  });
});

describe("web push and test alerts", () => {
  it("when an admin's browser subscribed, then a new ticket is pushed with VAPID; a 410 removes the subscription", async () => {
    const admin = await ctx.admin();
    const key = createECDH("prime256v1");
    key.generateKeys();
    const endpoint = `${provider.url}/push/${randomUUID()}`;
    const sub = {
      endpoint,
      keys: { p256dh: key.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") },
    };
    expect((await request(ctx.app).post("/api/me/push-subscriptions").set(admin.auth).send(sub)).status).toBe(
      201,
    );
    const path = new URL(endpoint).pathname;
    const t = await fileTicket(await ctx.shopUser());
    const push = await eventually(() => provider.on(path)[0], "the push request");
    expect(String(push.headers.authorization)).toMatch(/^vapid t=.+, k=.+/);
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(push.raw.length).toBeGreaterThan(0);

    provider.script(path, [{ status: 410, body: "gone" }]);
    const t2 = await fileTicket(await ctx.shopUser());
    await eventually(async () => {
      const ds = await deliveriesOf(t2.id, "push");
      return ds.some((d) => d.status === "failed");
    }, "the 410");
    const t3 = await fileTicket(await ctx.shopUser());
    await eventually(() => telegramCallsWith(t3.subject).length > 0, "a later alert");
    // Planned after the 410 removed the subscription: no push delivery for it any more.
    expect(await deliveriesOf(t3.id, "push")).toHaveLength(0);
    expect((await deliveriesOf(t.id, "push"))[0]?.status).toBe("sent");
  });

  it("when a subscription's keys could never encrypt an alert, then 400 names the key; real keys are taken", async () => {
    const shop = await ctx.shopUser();
    const key = createECDH("prime256v1");
    key.generateKeys();
    const good = {
      p256dh: key.getPublicKey().toString("base64url"),
      auth: randomBytes(16).toString("base64url"),
    };
    const endpoint = `${provider.url}/push/keys-${randomUUID()}`;
    for (const [keys, path] of [
      [{ ...good, p256dh: "BPk3y" }, "keys.p256dh"],
      [{ ...good, p256dh: key.getPublicKey("base64url", "compressed") }, "keys.p256dh"],
      [{ ...good, p256dh: "not base64 at all!" }, "keys.p256dh"],
      [{ ...good, auth: randomBytes(8).toString("base64url") }, "keys.auth"],
    ] as const) {
      const res = await request(ctx.app)
        .post("/api/me/push-subscriptions")
        .set(shop.auth)
        .send({ endpoint, keys });
      expect([res.status, res.body.error.details?.[0]?.path]).toEqual([400, path]);
    }
    expect(
      (
        await request(ctx.app)
          .post("/api/me/push-subscriptions")
          .set(shop.auth)
          .send({ endpoint, keys: good })
      ).status,
    ).toBe(201);
  });

  it("when an admin tests email or push without an address or a subscribed browser, then 400 says so instead of sending nowhere", async () => {
    const admin = await ctx.admin();
    for (const [channel, words] of [
      ["email", "no email address"],
      ["push", "No browser of yours"],
    ] as const) {
      const res = await request(ctx.app).post("/api/notifications/test").set(admin.auth).send({ channel });
      expect([res.status, res.body.error.details[0].path]).toEqual([400, "channel"]);
      expect(res.body.error.message).toContain(words);
    }
    const reachable = await withEmail(admin, `tester-${randomUUID().slice(0, 8)}@example.test`);
    expect(
      (await request(ctx.app).post("/api/notifications/test").set(reachable.auth).send({ channel: "email" }))
        .status,
    ).toBe(202);
  });

  it("when another user registers the same browser before a pending push, then the push is not shown there", async () => {
    const subscribe = (who: Actor, endpoint: string) => {
      const key = createECDH("prime256v1");
      key.generateKeys();
      return request(ctx.app)
        .post("/api/me/push-subscriptions")
        .set(who.auth)
        .send({
          endpoint,
          keys: {
            p256dh: key.getPublicKey().toString("base64url"),
            auth: randomBytes(16).toString("base64url"),
          },
        });
    };
    const shopA = await ctx.shopUser();
    const shopB = await ctx.shopUser();
    const endpoint = `${provider.url}/push/shared-${randomUUID()}`;
    expect((await subscribe(shopA, endpoint)).status).toBe(201);
    const t = await fileTicket(shopA, `Shop A's secret ${randomUUID().slice(0, 8)}`);
    const admin = await ctx.admin();
    const reply = await request(ctx.app)
      .post(`/api/tickets/${t.id}/messages`)
      .set(admin.auth)
      .send({ body: "Private reply for shop A" });
    expect(reply.status).toBe(201);
    // Within NOTIFY_UNREAD_AFTER_S: the alert for shop A is planned but not yet due.
    const planned = await eventually(
      () => deliveriesOf(t.id, "push").then((ds) => ds[0]),
      "the planned push",
    );
    expect(planned.status).toBe("pending");
    expect((await subscribe(shopB, endpoint)).status).toBe(201);
    const push = await deliveryReaching(t.id, "push", "failed", 30_000);
    expect(push.log.at(-1)!.detail).toMatch(/belongs to another user/);
    expect(provider.on(new URL(endpoint).pathname)).toHaveLength(0);
  });

  it("when an admin sends a test alert, then the configured chat channels get it and the log shows it", async () => {
    const before = provider.on(`/bot${BOT_TOKEN}/sendMessage`).length;
    const res = await request(ctx.app)
      .post("/api/notifications/test")
      .set(root.auth)
      .send({ channel: "telegram" });
    expect(res.status).toBe(202);
    await eventually(
      () =>
        provider
          .on(`/bot${BOT_TOKEN}/sendMessage`)
          .slice(before)
          .some((r) => (r.json as { text: string }).text.includes("test alert")),
      "the test alert",
    );
    const bad = await request(ctx.app)
      .post("/api/notifications/test")
      .set(root.auth)
      .send({ channel: "pigeon" });
    expect(bad.status).toBe(400);
  });
});
