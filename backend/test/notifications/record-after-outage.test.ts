/**
 * A provider call that succeeded while the database could not take its outcome (locked, away): the worker
 * keeps the outcome and records it once the database answers, within the delivery's claim. So the call is
 * logged, and not made again when the claim would have run out (a reliability audit saw every webhook of a
 * database outage sent twice, the first call missing from the log). PostgreSQL only: the outage here is a
 * table lock held by a second connection, which the embedded database (one connection) cannot have.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import request from "supertest";
import type { Knex } from "knex";
import { startNotificationsTest, type NotificationsTest } from "./notifications-test";
import { eventually } from "./stand-ins";

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("an outcome the database could not take at once", () => {
  let n: NotificationsTest;
  beforeAll(async () => {
    n = await startNotificationsTest({
      // Lease: 2 × 1 s + 5 s = 7 s. A statement waiting on the lock gives up after 300 ms.
      NOTIFY_TIMEOUT_MS: "1000",
      DB_STATEMENT_TIMEOUT_MS: "300",
    });
  });
  afterAll(() => n?.close());

  it("when the outcome cannot be written for a few seconds after the call, then it is written afterwards and the call is made once", async () => {
    const { ctx, root } = n;
    let lock: Knex.Transaction | null = null;
    const calls: string[] = [];
    // The receiver answers 200, but first locks the deliveries table against writes, so the worker's
    // recording of this very call fails until the lock goes 3 s later.
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        calls.push(Buffer.concat(chunks).toString("utf8"));
        void (async () => {
          if (!lock) {
            lock = await ctx.database.knex.transaction();
            await lock.raw("LOCK TABLE notification_deliveries IN SHARE ROW EXCLUSIVE MODE");
            setTimeout(() => void lock?.commit(), 3000);
          }
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end("{}");
        })();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const hook = await request(ctx.app)
        .post("/api/webhooks")
        .set(root.auth)
        .send({ url, events: ["ticket.created"] });
      expect(hook.status).toBe(201);
      const shop = await ctx.shopUser();
      const ticket = await n.fileTicket(shop, `Outage ${randomUUID().slice(0, 8)}`);
      await eventually(() => calls.length > 0, "the webhook call");
      const sent = await n.deliveryReaching(ticket.id, "webhook", "sent", 15_000);
      expect(sent.attempts).toBe(1);
      // Past the claim's 7 s: a lost outcome would have had the delivery claimed and sent again by now.
      await new Promise((r) => setTimeout(r, 8000));
      const mine = calls.filter((c) => c.includes(ticket.id));
      expect(mine).toHaveLength(1);
      const [after] = await n.deliveriesOf(ticket.id, "webhook");
      expect(after).toMatchObject({ status: "sent", attempts: 1 });
    } finally {
      await (lock as Knex.Transaction | null)?.commit().catch(() => undefined);
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  }, 40_000);
});
