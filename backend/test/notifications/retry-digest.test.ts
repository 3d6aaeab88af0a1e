/**
 * A digest whose call fails is retried as it went: one message again, not one per alert. Its alerts shared
 * the call's answer, so they share one retry time, in a paced slot of the chat's (one message a second
 * however busy the desk), and an alert planned meanwhile into that slot goes in the same message.
 * The real app, database and worker; Telegram is a local stand-in.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { TestContext } from "../support/test-context";
import { startNotificationsTest, type FiledTicket, type NotificationsTest } from "./notifications-test";
import { eventually, type ProviderStandIn, type Recorded } from "./stand-ins";

let n: NotificationsTest;
let ctx: TestContext;
let provider: ProviderStandIn;

const BOT_TOKEN = `424242:${randomBytes(12).toString("hex")}`;
// Backoff jittered between 1 and 3 s: alerts retried each on their own would come back seconds apart.
const RETRY_BASE_MS = 2000;
// A slot longer than the backoff's spread, so an alert filed after the failure always lands in the retry's.
const DIGEST_MS = 3000;

beforeAll(async () => {
  n = await startNotificationsTest({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_CHAT_ID: "-1004",
    NOTIFY_RETRY_BASE_MS: String(RETRY_BASE_MS),
    NOTIFY_RETRY_MAX_MS: "20000",
    NOTIFY_DIGEST_MS: String(DIGEST_MS),
    NOTIFY_TIMEOUT_MS: "2000",
  });
  ({ ctx, provider } = n);
});

afterAll(() => n?.close());

const textOf = (r: Recorded) => (r.json as { text?: string } | undefined)?.text ?? "";

it("when a digest's call fails, then its alerts are retried together as one message, in the chat's next slot, with the alerts planned into it", async () => {
  const shop = await ctx.shopUser();
  const tag = `Pile ${randomUUID().slice(0, 8)}`;
  const callsForTag = () =>
    provider.on(`/bot${BOT_TOKEN}/sendMessage`).filter((r) => textOf(r).includes(tag));

  // With the worker stopped the six alerts wait together, and go out as one message when it starts.
  await ctx.modules.notifications.stopWorker();
  const tickets: FiledTicket[] = [];
  for (let i = 0; i < 6; i++) tickets.push(await n.fileTicket(shop, `${tag} ${i}`));
  provider.script(`/bot${BOT_TOKEN}/sendMessage`, [{ status: 502, body: "<html>Bad Gateway</html>" }]);
  ctx.modules.notifications.startWorker();

  const [failed] = await eventually(() => callsForTag().length > 0 && callsForTag(), "the digest's call");
  expect(textOf(failed!)).toMatch(/^6 new alerts in Parley/);
  await eventually(async () => {
    const [d] = await n.deliveriesOf(tickets[0]!.id, "telegram");
    return d?.log.some((a) => a.outcome === "retried");
  }, "the failure recorded");

  // Filed while the six wait for their retry: it joins them rather than going on its own.
  const late = await n.fileTicket(shop, `${tag} late`);
  const all = [...tickets, late];
  await eventually(async () => {
    for (const t of all) if ((await n.deliveriesOf(t.id, "telegram"))[0]?.status !== "sent") return false;
    return true;
  }, "every alert sent");

  // One call for the failure and one for the retry: never one per alert, never a call in between.
  const calls = callsForTag();
  expect(calls).toHaveLength(2);
  const retry = calls[1]!;
  expect(textOf(retry)).toMatch(/^7 new alerts in Parley/);
  for (const t of all) expect(textOf(retry)).toContain(t.subject);
  // Not before the backoff's least wait after the failure (its slot is paced from the failed call's).
  expect(retry.at - failed!.at).toBeGreaterThanOrEqual(RETRY_BASE_MS / 2);

  const logs = await Promise.all(all.map(async (t) => (await n.deliveriesOf(t.id, "telegram"))[0]!));
  for (const d of logs.slice(0, 6))
    expect(d.log.map((a) => a.outcome)).toEqual(["queued", "retried", "sent"]);
  expect(logs[6]!.log.map((a) => a.outcome)).toEqual(["queued", "sent"]);
  // Each delivery's log names the one message that carried them all.
  const carriedBy = new Set(logs.map((d) => d.log[d.log.length - 1]!.detail));
  expect(carriedBy.size).toBe(1);
  expect([...carriedBy][0]).toContain("one message carrying 7 alerts");
}, 60_000);
