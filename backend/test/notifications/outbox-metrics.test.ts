/**
 * GET /metrics shows the outbox: how far behind it is (`parley_outbox_lag_seconds`) and which channels fail
 * (`parley_notification_failures_15m`), read from the database. The real app, database and worker; Telegram
 * and SMTP are local stand-ins.
 */
import { randomBytes } from "node:crypto";
import request from "supertest";
import type { TestContext } from "../support/test-context";
import { parseExposition, type Sample } from "../support/prometheus";
import { startNotificationsTest, type NotificationsTest } from "./notifications-test";
import { eventually, type ProviderStandIn } from "./stand-ins";

const METRICS_TOKEN = "outbox-metrics-token-0123456789";
const BOT_TOKEN = `515151:${randomBytes(12).toString("hex")}`;

let n: NotificationsTest;
let ctx: TestContext;
let provider: ProviderStandIn;

beforeAll(async () => {
  n = await startNotificationsTest({
    METRICS_TOKEN,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_CHAT_ID: "-1005",
    // A failed call is tried again only after the test has read the gauge.
    NOTIFY_RETRY_BASE_MS: "60000",
    NOTIFY_TIMEOUT_MS: "2000",
  });
  ({ ctx, provider } = n);
});

afterAll(() => n?.close());

async function scrape(): Promise<Sample[]> {
  const res = await request(ctx.app).get("/metrics").set("Authorization", `Bearer ${METRICS_TOKEN}`);
  expect(res.status).toBe(200);
  return parseExposition(res.text);
}

const valueOf = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

test("when alerts wait for a stopped worker, then the planning lag is their age; once they are sent, both lags are 0", async () => {
  const shop = await ctx.shopUser();
  await ctx.modules.notifications.stopWorker();
  const ticket = await n.fileTicket(shop, "Lag of a waiting alert");
  await new Promise((r) => setTimeout(r, 400));
  const waiting = await scrape();
  expect(valueOf(waiting, "parley_outbox_lag_seconds", { stage: "planning" })).toBeGreaterThanOrEqual(0.4);
  expect(valueOf(waiting, "parley_outbox_lag_seconds", { stage: "delivery" })).toBe(0);

  ctx.modules.notifications.startWorker();
  await n.deliveryReaching(ticket.id, "telegram", "sent");
  await eventually(async () => {
    const after = await scrape();
    return (
      valueOf(after, "parley_outbox_lag_seconds", { stage: "planning" }) === 0 &&
      valueOf(after, "parley_outbox_lag_seconds", { stage: "delivery" }) === 0
    );
  }, "both lags back to 0");
});

test("when a channel's call fails, then the failures gauge counts it under that channel and outcome, and every other series is 0", async () => {
  const shop = await ctx.shopUser();
  const before = valueOf(await scrape(), "parley_notification_failures_15m", {
    channel: "telegram",
    outcome: "retried",
  });
  expect(before).toBe(0);

  provider.script(`/bot${BOT_TOKEN}/sendMessage`, [{ status: 502, body: "<html>Bad Gateway</html>" }]);
  const ticket = await n.fileTicket(shop, "A failing chat");
  await eventually(async () => {
    const [d] = await n.deliveriesOf(ticket.id, "telegram");
    return d?.log.some((a) => a.outcome === "retried");
  }, "the failure recorded");

  const after = await scrape();
  expect(
    valueOf(after, "parley_notification_failures_15m", { channel: "telegram", outcome: "retried" }),
  ).toBe(1);
  for (const [channel, outcome] of [
    ["telegram", "failed"],
    ["email", "retried"],
    ["webhook", "failed"],
  ] as const) {
    expect(valueOf(after, "parley_notification_failures_15m", { channel, outcome })).toBe(0);
  }
});
