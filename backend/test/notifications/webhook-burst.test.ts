/**
 * More webhook calls due at once than the outbox worker makes at a time: the rest wait for a free slot and
 * each is sent once. A file of its own, with a generous provider timeout: with the 1 s timeout of
 * notifications.test.ts, a machine at load average 16 let calls time out after the receiver had them, and
 * their retries were counted as a second call (at least once, as designed). The lease here (2 × 10 s + 5 s)
 * still bounds the test: calls left waiting until it ran out would arrive after the window below.
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import { eventually } from "./stand-ins";
import { startNotificationsTest, type FiledTicket, type NotificationsTest } from "./notifications-test";

const TIMEOUT_MS = 10_000;
const LEASE_MS = 2 * TIMEOUT_MS + 5000;

let n: NotificationsTest;

beforeAll(async () => {
  n = await startNotificationsTest({ NOTIFY_TIMEOUT_MS: String(TIMEOUT_MS), NOTIFY_MAX_ATTEMPTS: "30" });
});

afterAll(() => n?.close());

/** Whether every ticket's first webhook delivery is sent (a probe for `eventually`). */
async function allSent(tickets: FiledTicket[]): Promise<boolean> {
  for (const t of tickets) if ((await n.deliveriesOf(t.id, "webhook"))[0]?.status !== "sent") return false;
  return true;
}

it("when more calls are due than the worker makes at once, then the rest wait for a free slot and each is sent once", async () => {
  const { ctx, provider, root } = n;
  const created = await request(ctx.app)
    .post("/api/webhooks")
    .set(root.auth)
    .send({ url: `${provider.url}/hook-burst`, events: ["ticket.created"] });
  expect(created.status).toBe(201);
  // Forty webhook calls (never merged), all due at once: more than the worker's 32 slots.
  await ctx.modules.notifications.stopWorker();
  const shop = await ctx.shopUser();
  const tag = `Burst ${randomUUID().slice(0, 8)}`;
  const tickets: FiledTicket[] = [];
  for (let i = 0; i < 40; i++) tickets.push(await n.fileTicket(shop, `${tag} ${i}`));
  ctx.modules.notifications.startWorker();
  const received = () =>
    provider.on("/hook-burst").map((r) => (r.json as { data: { ticket: { id: string } } }).data.ticket.id);
  // Well before the lease runs out: the waiting calls were started, not left to expire and be claimed again.
  await eventually(() => new Set(received()).size === 40, "forty webhook calls", LEASE_MS - 5000);
  await eventually(() => allSent(tickets), "every webhook delivery recorded as sent");
  expect(received().filter((id) => tickets.some((t) => t.id === id))).toHaveLength(40);
  const [t0] = await n.deliveriesOf(tickets[0]!.id, "webhook");
  expect(t0!.log.map((a) => a.outcome)).toEqual(["queued", "sent"]);
  expect((await request(ctx.app).delete(`/api/webhooks/${created.body.id}`).set(root.auth)).status).toBe(204);
});
