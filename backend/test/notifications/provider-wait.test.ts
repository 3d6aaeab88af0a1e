/**
 * A wait the provider asks for (Telegram's `retry_after`, WhatsApp's and a webhook's `Retry-After`) holds
 * the whole destination, not just the alert that was refused: alerts filed meanwhile wait for it and go
 * after the refused one, in one message where the channel has digests. The wait is honoured even when it
 * is longer than NOTIFY_RETRY_MAX_MS (our own backoff's cap). A webhook's wait holds only that webhook.
 * The real app, database and worker; the providers are local stand-ins.
 */
import request from "supertest";
import { randomBytes, randomUUID } from "node:crypto";
import type { Actor, TestContext } from "../support/test-context";
import { startNotificationsTest, type FiledTicket, type NotificationsTest } from "./notifications-test";
import { eventually, type ProviderStandIn, type Recorded } from "./stand-ins";

let n: NotificationsTest;
let ctx: TestContext;
let provider: ProviderStandIn;
let root: Actor;

const BOT_TOKEN = `515151:${randomBytes(12).toString("hex")}`;
const TELEGRAM_PATH = `/bot${BOT_TOKEN}/sendMessage`;
const WHATSAPP_PATH = "/phone-5/messages";
// Longer than our backoff's cap below: the provider's wait must win over it.
const WAIT_S = 3;
const RETRY_MAX_MS = 1000;

beforeAll(async () => {
  n = await startNotificationsTest({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_CHAT_ID: "-1005",
    WHATSAPP_TOKEN: `wa-${randomBytes(8).toString("hex")}`,
    WHATSAPP_PHONE_ID: "phone-5",
    WHATSAPP_TO: "4915100000005",
    NOTIFY_RETRY_MAX_MS: String(RETRY_MAX_MS),
    NOTIFY_TIMEOUT_MS: "2000",
  });
  ({ ctx, provider, root } = n);
});

afterAll(() => n?.close());

const bodyOf = (r: Recorded) => r.raw.toString("utf8");
const callsWith = (path: string, ...subjects: string[]) =>
  provider.on(path).filter((r) => subjects.some((s) => bodyOf(r).includes(s)));

/** Waits until the ticket's deliveries on `channel` (to `target`, when given) have been retried once. */
const retriedOnce = (t: FiledTicket, channel: string, target?: string) =>
  eventually(async () => {
    const ds = await n.deliveriesOf(t.id, channel);
    const d = ds.find((x) => target === undefined || x.target === target);
    return d?.log.some((a) => a.outcome === "retried");
  }, `the ${channel} delivery retried`);

const sentOf = async (t: FiledTicket, channel: string, target?: string) =>
  eventually(async () => {
    const ds = await n.deliveriesOf(t.id, channel);
    const d = ds.find((x) => target === undefined || x.target === target);
    return d?.status === "sent" && d;
  }, `the ${channel} delivery sent`);

it("when Telegram and WhatsApp ask to wait, then the chat and the number get nothing until the wait ends, and the alerts filed meanwhile go after the refused one, in the same message", async () => {
  provider.script(TELEGRAM_PATH, [
    {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${WAIT_S}`,
        parameters: { retry_after: WAIT_S },
      },
    },
  ]);
  provider.script(WHATSAPP_PATH, [
    {
      status: 429,
      headers: { "Retry-After": String(WAIT_S) },
      body: { error: { message: "(#130429) Rate limit hit", code: 130429 } },
    },
  ]);
  const shop = await ctx.shopUser();
  const tag = randomUUID().slice(0, 8);
  const a = await n.fileTicket(shop, `Refused first ${tag}`);
  await retriedOnce(a, "telegram");
  await retriedOnce(a, "whatsapp");
  // The refusal is known: what comes now must wait for it.
  const b = await n.fileTicket(shop, `Filed during the wait ${tag}`);

  for (const [channel, path] of [
    ["telegram", TELEGRAM_PATH],
    ["whatsapp", WHATSAPP_PATH],
  ] as const) {
    const sentB = await sentOf(b, channel);
    await sentOf(a, channel);
    const calls = callsWith(path, a.subject, b.subject);
    const [refused, ...after] = calls;
    expect(bodyOf(refused!)).toContain(a.subject);
    expect(bodyOf(refused!)).not.toContain(b.subject);
    // Nothing reached the destination before the wait ended (counted from the refused call, which is
    // earlier than the refusal's answer), though our own backoff's cap is shorter.
    for (const c of after) expect(c.at - refused!.at).toBeGreaterThanOrEqual(WAIT_S * 1000);
    // One message after the wait, the refused alert first.
    expect(after).toHaveLength(1);
    const text = bodyOf(after[0]!);
    expect(text).toContain("2 new alerts in Parley");
    expect(text.indexOf(a.subject)).toBeGreaterThan(-1);
    expect(text.indexOf(a.subject)).toBeLessThan(text.indexOf(b.subject));
    // The alert filed during the wait was never sent into it.
    expect(sentB.log.map((x) => x.outcome)).toEqual(["queued", "sent"]);
  }
}, 60_000);

it("when a webhook asks to wait (Retry-After), then only that webhook waits: its events go after the wait, another webhook's at once", async () => {
  const hooks: Record<"held" | "free", { id: string; path: string }> = {
    held: { id: "", path: `/hooks/held-${randomUUID().slice(0, 8)}` },
    free: { id: "", path: `/hooks/free-${randomUUID().slice(0, 8)}` },
  };
  for (const h of Object.values(hooks)) {
    const res = await request(ctx.app)
      .post("/api/webhooks")
      .set(root.auth)
      .send({ url: `${provider.url}${h.path}`, events: ["ticket.created"] });
    expect(res.status).toBe(201);
    h.id = res.body.id as string;
  }
  provider.script(hooks.held.path, [
    { status: 429, headers: { "Retry-After": String(WAIT_S) }, body: { error: "slow down" } },
  ]);
  const shop = await ctx.shopUser();
  const tag = randomUUID().slice(0, 8);
  const x = await n.fileTicket(shop, `Webhook refused ${tag}`);
  await retriedOnce(x, "webhook", hooks.held.id);
  const y = await n.fileTicket(shop, `Webhook during the wait ${tag}`);
  for (const t of [x, y]) for (const h of Object.values(hooks)) await sentOf(t, "webhook", h.id);

  const held = callsWith(hooks.held.path, x.subject, y.subject);
  const free = callsWith(hooks.free.path, x.subject, y.subject);
  // Webhooks are never merged: the refused event, then both events once the wait is over.
  expect(held).toHaveLength(3);
  expect(bodyOf(held[0]!)).toContain(x.subject);
  for (const c of held.slice(1)) expect(c.at - held[0]!.at).toBeGreaterThanOrEqual(WAIT_S * 1000);
  // The other webhook was not held: it had the second event before the held one got anything again.
  expect(free).toHaveLength(2);
  const freeY = free.find((c) => bodyOf(c).includes(y.subject))!;
  expect(freeY.at).toBeLessThan(held[1]!.at);
  const [yHeld] = (await n.deliveriesOf(y.id, "webhook")).filter((d) => d.target === hooks.held.id);
  expect(yHeld!.log.map((l) => l.outcome)).toEqual(["queued", "sent"]);
}, 60_000);
