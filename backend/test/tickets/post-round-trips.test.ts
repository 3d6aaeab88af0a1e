import request from "supertest";
import { type Actor, type TestContext } from "../support/test-context";
import { useTicketContext } from "./helpers";

/**
 * Issue 17: a message post is four round trips (BEGIN; one SELECT that locks the ticket and reads what
 * the rules need; one data-modifying statement that writes everything; COMMIT). Counted on the real
 * database through knex's 'query' events, so a change that adds a statement to the hot path fails here.
 */
const { ctx, api } = useTicketContext();

type Post = Parameters<TestContext["modules"]["support"]["service"]["postMessage"]>[2];

/** The statements one post sends to the database (the server's workers are not running in tests). */
async function statementsOf(as: Actor, ticketId: string, input: Post) {
  const sqls: string[] = [];
  const onQuery = (q: { sql: string }) => sqls.push(q.sql.trim().replace(/\s+/g, " ").toLowerCase());
  ctx.database.knex.on("query", onQuery);
  try {
    const result = await ctx.modules.support.service.postMessage(as, ticketId, input);
    return { result, sqls };
  } finally {
    ctx.database.knex.off("query", onQuery);
  }
}

const shape = (sqls: string[]) =>
  sqls.map((s) =>
    s.startsWith("begin")
      ? "BEGIN"
      : s.startsWith("commit")
        ? "COMMIT"
        : s.startsWith("rollback")
          ? "ROLLBACK"
          : s.startsWith("with t as materialized")
            ? "READ"
            : s.startsWith("with ins as")
              ? "WRITE"
              : s.slice(0, 40),
  );

test("when an admin's first public reply changes status, SLA and outbox, then the post is four round trips", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const t = await api.ticket(shop);

  const { result, sqls } = await statementsOf(admin, t.id, { body: "On its way", clientMessageId: "rt-1" });

  expect(shape(sqls)).toEqual(["BEGIN", "READ", "WRITE", "COMMIT"]);
  expect(result.created).toBe(true);
  // Everything the one write statement carries landed: status, first response, SLA, timeline, receipts, outbox.
  const ticket = (await api.get(admin, t.id)).body;
  expect(ticket.status).toBe("in_progress");
  expect(ticket.firstResponseAt).toEqual(expect.any(String));
  expect(ticket.unreadCount).toBe(0);
  expect((await api.get(shop, t.id)).body.unreadCount).toBe(1);
  const events = (await api.events(admin, t.id)).body.items as Array<{ type: string; to: string | null }>;
  expect(events).toEqual(
    expect.arrayContaining([expect.objectContaining({ type: "status", to: "in_progress" })]),
  );
  const outbox = await ctx.database
    .knex("notification_events")
    .where({ ticket_id: t.id })
    .select<Array<{ type: string }>>("type");
  // Opening the ticket wrote ticket.created and message.created (its first message); the reply one of each.
  expect(outbox.map((o) => o.type).sort()).toEqual([
    "message.created",
    "message.created",
    "ticket.created",
    "ticket.updated",
  ]);
  const shopMessages = (await api.messages(shop, t.id)).body.items as Array<{
    id: string;
    readAt: string | null;
  }>;
  expect(shopMessages[0]!.readAt).toEqual(expect.any(String));
  expect(shopMessages.at(-1)!.id).toBe(result.message.id);
});

test("when a shop posts, an admin notes internally, or a clientMessageId repeats, then the round trips stay at four (three for a replay)", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const t = await api.ticket(shop);

  const shopPost = await statementsOf(shop, t.id, { body: "Any news?", clientMessageId: "rt-shop" });
  expect(shape(shopPost.sqls)).toEqual(["BEGIN", "READ", "WRITE", "COMMIT"]);

  const note = await statementsOf(admin, t.id, { body: "check the courier", internal: true });
  expect(shape(note.sqls)).toEqual(["BEGIN", "READ", "WRITE", "COMMIT"]);
  expect(note.result.message.internal).toBe(true);

  const replay = await statementsOf(shop, t.id, { body: "Any news?", clientMessageId: "rt-shop" });
  expect(shape(replay.sqls)).toEqual(["BEGIN", "READ", "COMMIT"]);
  expect(replay.result).toEqual({ message: shopPost.result.message, created: false });

  // With the stale-reply guard: still one read and one write when nothing newer came in.
  const guarded = await statementsOf(admin, t.id, {
    body: "Replying",
    expectedLastMessageId: shopPost.result.message.id,
  });
  expect(shape(guarded.sqls)).toEqual(["BEGIN", "READ", "WRITE", "COMMIT"]);
});

test("when the thread moved on, then the one-statement write is rolled back and the reply is refused as stale", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const t = await api.ticket(shop);
  const newer = await api.post(shop, t.id, { body: "Actually, one more thing" });
  expect(newer.status).toBe(201);

  const res = await request(ctx.app)
    .post(`/api/tickets/${t.id}/messages`)
    .set(admin.auth)
    .send({ body: "Stale answer", expectedLastMessageId: t.message.id });
  expect(res.status).toBe(409);
  expect(res.body.error.details ?? res.body.error).toBeTruthy();
  // Nothing of the refused write stayed: no message, no status change, no outbox row for it.
  const items = (await api.messages(admin, t.id)).body.items as Array<{ body: string }>;
  expect(items.map((m) => m.body)).not.toContain("Stale answer");
  expect((await api.get(admin, t.id)).body.status).toBe("open");
  const outbox = await ctx.database
    .knex("notification_events")
    .where({ ticket_id: t.id })
    .count<[{ count: string | number }]>();
  // The ticket's two (ticket.created, its first message) and the shop's newer message.
  expect(Number(outbox[0]?.count)).toBe(3);
});
