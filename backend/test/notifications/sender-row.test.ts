/**
 * Every public post records its sender for notifications (notification_users). Writing that row when
 * nothing about the sender changed locked it until commit, so one agent's concurrent posts (a busy agent,
 * an integration) queued for each other's commit (docs/benchmarks.md, session 20). PostgreSQL only: the
 * embedded database has one connection, so nothing runs beside a held lock.
 */
import pg from "pg";
import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";
import { ticketApi } from "../tickets/helpers";

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("the sender's notification row under concurrent posts", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  test("when another transaction of the same agent holds the agent's notification row, then the agent's next post still commits at once", async () => {
    const api = ticketApi(ctx);
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const first = await api.ticket(shop);
    const second = await api.ticket(shop);
    const recorded = await request(ctx.app)
      .post(`/api/tickets/${first.id}/messages`)
      .set(admin.auth)
      .send({ body: "Recorded as a sender" });
    expect(recorded.status).toBe(201);

    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      // What an upsert of the row (another post by this agent, not yet committed) holds.
      await other.query("BEGIN");
      const held = await other.query(
        "SELECT user_id FROM notification_users WHERE user_id = $1 FOR NO KEY UPDATE",
        [admin.userId],
      );
      expect(held.rowCount).toBe(1);

      // Waiting for the row would end in 503 after lock_timeout (2 s in tests).
      const post = await request(ctx.app)
        .post(`/api/tickets/${second.id}/messages`)
        .set(admin.auth)
        .send({ body: "Not queued behind the other post" });
      expect(post.status).toBe(201);
    } finally {
      await other.query("ROLLBACK");
      await other.end();
    }
  }, 30_000);
});
