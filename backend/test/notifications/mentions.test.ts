/**
 * An internal note can mention colleagues (`mentions`): each named admin, and nobody else, is alerted by
 * email as their preferences allow; never a chat, a webhook or the shop. Real app, database, worker and
 * SMTP and provider stand-ins.
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import type { Actor, TestContext } from "../support/test-context";
import type { Principal } from "../../src/shared/principal";
import { eventually, type ProviderStandIn, type SmtpStandIn } from "./stand-ins";
import { startNotificationsTest, type NotificationsTest } from "./notifications-test";

let n: NotificationsTest;
let ctx: TestContext;
let smtp: SmtpStandIn;
let provider: ProviderStandIn;
let root: Actor;

beforeAll(async () => {
  n = await startNotificationsTest({
    TELEGRAM_BOT_TOKEN: "123:mention",
    TELEGRAM_CHAT_ID: "-100",
  });
  ({ ctx, smtp, provider, root } = n);
});
afterAll(() => n?.close());

/** An admin with an email claim, known to identity (it has made a request). */
async function colleague(name: string): Promise<Actor> {
  const a = await ctx.admin({ name });
  const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`;
  const token = ctx.tokens.sign({ ...a, email } as Principal);
  const actor = { ...a, email, token, auth: { Authorization: `Bearer ${token}` } };
  await request(ctx.app).get("/api/me/notification-preferences").set(actor.auth).expect(200);
  return actor;
}

const note = (ticketId: string, by: Actor, body: object) =>
  request(ctx.app)
    .post(`/api/tickets/${ticketId}/messages`)
    .set(by.auth)
    .send({ internal: true, ...body });

test("when a note mentions an admin, then that admin alone is emailed, naming the writer, the ticket and the note", async () => {
  const ana = await colleague("Ana");
  const sam = await colleague("Sam");
  const bystander = await colleague("Bea");
  const shop = await ctx.shopUser();
  const t = await n.fileTicket(shop, `Mention ${randomUUID().slice(0, 8)}`);
  const webhook = await request(ctx.app)
    .post("/api/webhooks")
    .set(root.auth)
    .send({ url: `${provider.url}/hook`, events: ["message.created", "ticket.updated"] })
    .expect(201);

  await note(t.id, ana, {
    body: "@Sam can you check the refund ledger?",
    mentions: [sam.userId, ana.userId],
  }).expect(201);

  const mail = await eventually(
    () => smtp.mails.find((m) => m.to.includes(sam.email!) && m.raw.includes("mentioned you")),
    "Sam's mention email",
    30_000,
  );
  expect(mail.raw).toContain(`Ana mentioned you on #${t.number}`);
  expect(mail.raw).toContain("refund ledger");
  const mentions = (await n.deliveriesOf(t.id)).filter((d) => d.eventType === "mention");
  // The writer, though named, and the bystander get nothing; no chat or webhook hears of a note.
  expect(mentions.map((d) => [d.channel, d.target])).toEqual([["email", sam.email]]);
  expect(smtp.mails.some((m) => m.raw.includes("mentioned you") && m.to.includes(bystander.email!))).toBe(
    false,
  );
  expect(smtp.mails.some((m) => m.raw.includes("mentioned you") && m.to.includes(ana.email!))).toBe(false);
  await request(ctx.app).delete(`/api/webhooks/${webhook.body.id}`).set(root.auth).expect(204);
});

test("when the mentioned admin turned mentions off, then no alert is planned for them", async () => {
  const ana = await colleague("Ana");
  const quiet = await colleague("Quinn");
  await request(ctx.app)
    .put("/api/me/notification-preferences")
    .set(quiet.auth)
    .send({ mentions: false })
    .expect(200);
  const t = await n.fileTicket(await ctx.shopUser());
  await note(t.id, ana, { body: "@Quinn FYI", mentions: [quiet.userId] }).expect(201);
  // A later mention of someone who wants it shows the worker planned the first by then.
  const sam = await colleague("Sam");
  await note(t.id, ana, { body: "@Sam FYI", mentions: [sam.userId] }).expect(201);
  await eventually(
    async () => (await n.deliveriesOf(t.id, "email")).some((d) => d.target === sam.email),
    "Sam's delivery",
    30_000,
  );
  const targets = (await n.deliveriesOf(t.id, "email")).map((d) => d.target);
  expect(targets).not.toContain(quiet.email);
});

test("when mentions name someone who is not an active admin, or come on a public reply, then it is 400 and nothing is posted", async () => {
  const ana = await colleague("Ana");
  const shop = await ctx.shopUser();
  const t = await n.fileTicket(shop);
  const stranger = `nobody-${randomUUID()}`;

  const unknown = await note(t.id, ana, { body: "@Nobody look", mentions: [stranger] });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.code).toBe("VALIDATION_FAILED");
  expect(unknown.body.error.details).toEqual([
    { path: "mentions.0", message: `No active admin ${stranger}.` },
  ]);

  const aShop = await note(t.id, ana, { body: "@Shop look", mentions: [shop.userId] });
  expect(aShop.status).toBe(400);

  const publicReply = await request(ctx.app)
    .post(`/api/tickets/${t.id}/messages`)
    .set(ana.auth)
    .send({ body: "Hello @Sam", mentions: [ana.userId] });
  expect(publicReply.status).toBe(400);
  expect(publicReply.body.error.details[0].path).toBe("mentions");

  const tooMany = await note(t.id, ana, {
    body: "everyone",
    mentions: Array.from({ length: 11 }, () => root.userId),
  });
  expect(tooMany.status).toBe(400);

  const thread = await request(ctx.app).get(`/api/tickets/${t.id}/messages`).set(ana.auth).expect(200);
  expect(thread.body.items).toHaveLength(1);
});

test("when a shop sends mentions, then it is refused and the shop learns nothing about admins", async () => {
  const shop = await ctx.shopUser();
  const t = await n.fileTicket(shop);
  const res = await request(ctx.app)
    .post(`/api/tickets/${t.id}/messages`)
    .set(shop.auth)
    .send({ body: "hi", internal: true, mentions: [root.userId] });
  expect(res.status).toBe(403);
});
