/**
 * A provider's wait that comes after later alerts were already planned for the chat's next slot: they are
 * held back too (handed back, due when the wait ends) and go with the refused alert, after it. Telegram is a
 * local stand-in of this file's own that answers the first call only when the test says so, so that the
 * second alert is planned while the first call is still out.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes, randomUUID } from "node:crypto";
import { startNotificationsTest, type NotificationsTest } from "./notifications-test";
import { eventually } from "./stand-ins";

const BOT_TOKEN = `616161:${randomBytes(12).toString("hex")}`;
// The second alert's slot is this far after the first call: the refusal is released well before it.
const DIGEST_MS = 4000;
// Ends after that slot, so the slot falls inside the wait.
const WAIT_S = 6;

type Call = { text: string; at: number };
const calls: Call[] = [];
let answerFirst: () => void = () => undefined;
const firstAnswered = new Promise<void>((r) => (answerFirst = r));
const telegram = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const { text } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { text: string };
    calls.push({ text, at: Date.now() });
    const send = (status: number, body: object) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (calls.length > 1) return send(200, { ok: true, result: { message_id: calls.length } });
    void firstAnswered.then(() =>
      send(429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${WAIT_S}`,
        parameters: { retry_after: WAIT_S },
      }),
    );
  });
});

let n: NotificationsTest;
beforeAll(async () => {
  await new Promise<void>((r) => telegram.listen(0, "127.0.0.1", () => r()));
  n = await startNotificationsTest({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_CHAT_ID: "-1006",
    TELEGRAM_API_URL: `http://127.0.0.1:${(telegram.address() as AddressInfo).port}`,
    NOTIFY_DIGEST_MS: String(DIGEST_MS),
    NOTIFY_TIMEOUT_MS: "20000",
  });
});
afterAll(async () => {
  answerFirst();
  await n?.close();
  telegram.closeAllConnections();
  await new Promise<void>((r) => telegram.close(() => r()));
});

it("when the chat is told to wait after the next alert was planned for it, then that alert waits too and goes after the refused one, in one message", async () => {
  const shop = await n.ctx.shopUser();
  const tag = randomUUID().slice(0, 8);
  const a = await n.fileTicket(shop, `First ${tag}`);
  await eventually(() => calls.length === 1, "the first call, left unanswered");
  const b = await n.fileTicket(shop, `Second ${tag}`);
  // Planned for the chat's next slot, before anyone knows of the wait.
  await eventually(async () => (await n.deliveriesOf(b.id, "telegram"))[0], "the second alert planned");
  expect(calls).toHaveLength(1);
  answerFirst();

  const sentB = await n.deliveryReaching(b.id, "telegram", "sent", 30_000);
  await n.deliveryReaching(a.id, "telegram", "sent", 30_000);
  const [refused, ...after] = calls.filter((c) => c.text.includes(tag));
  expect(refused!.text).toContain(a.subject);
  expect(after).toHaveLength(1);
  // The wait counts from the refusal's answer, which came after the call was received.
  expect(after[0]!.at - refused!.at).toBeGreaterThanOrEqual(WAIT_S * 1000);
  expect(after[0]!.text).toMatch(/^2 new alerts in Parley/);
  expect(after[0]!.text.indexOf(a.subject)).toBeLessThan(after[0]!.text.indexOf(b.subject));
  expect(sentB.log.map((x) => x.outcome)).toEqual(["queued", "sent"]);
}, 60_000);
