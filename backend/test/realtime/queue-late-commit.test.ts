import request from "supertest";
import { createQueueSync } from "@parley/contract";
import { createTestContext, type TestContext } from "../support/test-context";
import { fileTicket, postMessage, type TicketDto } from "./helpers";

// Concurrent transactions: PGlite runs one at a time, so the race needs PostgreSQL.
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("the queue's catch-up and a write that commits late", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  test("when a reply waits on a lock and commits after a newer change was seen, then the catch-up still brings it", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const slow = await fileTicket(ctx.app, shop, "Commits late");
    const fast = await fileTicket(ctx.app, shop, "Commits at once");
    const queue = createQueueSync<TicketDto>({
      fetchUpdatedSince: async (since, cursor) => {
        const res = await request(ctx.app)
          .get("/api/tickets")
          .query({ updatedSince: since, shopId: shop.shopId, limit: 50, ...(cursor ? { cursor } : {}) })
          .set(admin.auth);
        if (res.status !== 200) throw new Error(`catch-up failed: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body as { items: TicketDto[]; nextCursor: string | null };
      },
    });

    // Another writer holds the slow ticket's row: the reply's transaction starts (and stamps its time)
    // now, but commits only when the lock is released.
    const holder = await ctx.database.knex.transaction();
    await holder.raw("SELECT 1 FROM support_tickets WHERE id = ? FOR UPDATE", [slow.id]);
    const lateReply = postMessage(ctx.app, admin, slow.id, "waited on a lock");
    await new Promise((r) => setTimeout(r, 300));
    await postMessage(ctx.app, admin, fast.id, "committed at once");
    const fastNow = (await request(ctx.app).get(`/api/tickets/${fast.id}`).set(admin.auth)).body as TicketDto;
    queue.seen([fastNow]);
    await holder.commit();
    await lateReply;

    const slowNow = (await request(ctx.app).get(`/api/tickets/${slow.id}`).set(admin.auth)).body as TicketDto;
    // The race happened: the late commit carries a time older than the change already seen.
    expect(Date.parse(slowNow.updatedAt)).toBeLessThan(Date.parse(fastNow.updatedAt));
    const changed = await queue.catchUp();
    expect(changed.find((c) => c.id === slow.id)?.updatedAt).toBe(slowNow.updatedAt);
  });
});
