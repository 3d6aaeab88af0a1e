/**
 * Deliveries the planning process holds (outbox.service.ts, HOLD_SLACK_MS): written already claimed and
 * sent from memory when due. A worker that stops hands back what it holds, so another process (or the
 * same one started again) sends it in its slot, not after its lease. A slow pacing interval makes the
 * slot far enough ahead to stop the worker before it.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { TestContext } from "../support/test-context";
import { startNotificationsTest, type NotificationsTest } from "./notifications-test";
import { eventually, type ProviderStandIn } from "./stand-ins";

let n: NotificationsTest;
let ctx: TestContext;
let provider: ProviderStandIn;

const BOT_TOKEN = `777000:${randomBytes(12).toString("hex")}`;
// Long enough that a busy machine files, plans and stops the worker before the slot comes.
const DIGEST_MS = 8000;
// The lease of a held delivery: twice the timeout plus five seconds, from its slot.
const TIMEOUT_MS = 1000;
const LEASE_MS = TIMEOUT_MS * 2 + 5000;

beforeAll(async () => {
  n = await startNotificationsTest({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_CHAT_ID: "-1003",
    NOTIFY_DIGEST_MS: String(DIGEST_MS),
    NOTIFY_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  ({ ctx, provider } = n);
});

afterAll(() => n?.close());

it("when the worker stops while it holds an alert for the chat's next slot, then it is handed back and sent in that slot, not after its lease", async () => {
  const shop = await ctx.shopUser();
  const tag = `Held ${randomUUID().slice(0, 8)}`;
  const callWith = (subject: string) =>
    provider
      .on(`/bot${BOT_TOKEN}/sendMessage`)
      .find((r) => ((r.json as { text?: string })?.text ?? "").includes(subject));

  // The first alert after a quiet spell goes at once and opens the chat's slot.
  const a = await n.fileTicket(shop, `${tag} first`);
  const callA = await eventually(() => callWith(a.subject), "the first alert");
  // The second waits for the next slot, DIGEST_MS after the first call, held by this worker meanwhile.
  const b = await n.fileTicket(shop, `${tag} second`);
  const heldB = await eventually(async () => {
    const [d] = await n.deliveriesOf(b.id, "telegram");
    return d && d.attempts === 1 && d;
  }, "the second alert planned and held");
  expect(heldB.status).toBe("pending");
  expect(callWith(b.subject)).toBeUndefined();

  await ctx.modules.notifications.stopWorker();
  const [handedBack] = await n.deliveriesOf(b.id, "telegram");
  expect(handedBack).toMatchObject({ status: "pending", attempts: 0 });
  expect(callWith(b.subject)).toBeUndefined();

  ctx.modules.notifications.startWorker();
  const callB = await eventually(() => callWith(b.subject), "the second alert", DIGEST_MS + LEASE_MS + 5000);
  const after = callB.at - callA.at;
  // In its slot (give or take the worker's passes), where a lease left to run out would have kept it
  // until the slot plus LEASE_MS.
  expect(after).toBeGreaterThanOrEqual(DIGEST_MS - 100);
  expect(after).toBeLessThan(DIGEST_MS + LEASE_MS - 2000);
  const sent = await n.deliveryReaching(b.id, "telegram", "sent");
  expect(sent.attempts).toBe(1);
}, 60_000);
