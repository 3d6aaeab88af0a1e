import { randomUUID } from "node:crypto";
import { inConnectionTransaction } from "../../src/platform/connection-transaction";
import { laneOf } from "../../src/platform/group-commit";
import { expectError, useTicketContext } from "./helpers";

/**
 * Message posts through the HTTP API with group commit (DB_POST_LANES, platform/group-commit.ts): posts
 * that arrive together share a transaction, and each is still answered as if it had its own.
 */
const { ctx, api } = useTicketContext();

/** The transaction that stored each message (xmin): the same for messages committed together. */
async function transactionsOf(messageIds: string[]): Promise<Map<string, string>> {
  const { rows } = await ctx.database.knex.raw<{ rows: Array<{ id: string; tx: string }> }>(
    `SELECT id, xmin::text AS tx FROM support_messages WHERE id = ANY(?::uuid[])`,
    [messageIds],
  );
  return new Map(rows.map((r) => [r.id, r.tx]));
}

test("when many posts arrive at once, then each is stored once, some share a commit, and a refused one fails alone", async () => {
  const shops = [await ctx.shopUser(), await ctx.shopUser(), await ctx.shopUser()];
  const admin = await ctx.admin();
  const tickets = await Promise.all(shops.flatMap((s) => [api.ticket(s), api.ticket(s), api.ticket(s)]));
  const owner = (i: number) => shops[Math.floor(i / 3)]!;
  const closed = tickets[4]!;
  expect((await api.patch(admin, closed.id, { status: "closed" })).status).toBe(200);

  // Three posts on every ticket by its shop, all sent together. (Only the shop writes, so no later post
  // stamps a message read: a message row's xmin stays the transaction that stored it.)
  const sends = tickets.flatMap((t, i) =>
    [1, 2, 3].map((n) => ({
      ticket: t,
      body: `shop ${i}.${n}`,
      res: api.post(owner(i), t.id, { body: `shop ${i}.${n}` }),
    })),
  );
  const answers = await Promise.all(sends.map((s) => s.res));

  const created: string[] = [];
  answers.forEach((res, i) => {
    const send = sends[i]!;
    if (send.ticket.id === closed.id) {
      // Nobody writes on a closed ticket: its refusals only, its neighbours unaffected.
      expectError(res, 409, "INVALID_TRANSITION");
      return;
    }
    expect(res.status).toBe(201);
    expect(res.body.body).toBe(send.body);
    created.push(res.body.id as string);
  });
  expect(created).toHaveLength(sends.length - 3);
  for (const t of tickets) {
    const stored = (await api.messages(admin, t.id)).body.items as Array<{ id: string; body: string }>;
    const mine = answers
      .filter((res, i) => sends[i]!.ticket.id === t.id && res.status === 201)
      .map((res) => res.body.id as string);
    expect(
      stored
        .map((m) => m.id)
        .filter((id) => mine.includes(id))
        .sort(),
    ).toEqual([...mine].sort());
    // Nothing stored that was not answered 201 (the opening message aside).
    expect(stored.length).toBe(1 + mine.length);
  }
  // Every answered message is stored exactly once; on PostgreSQL at least two were committed together. (On
  // the embedded database each request's own reads wait for its one connection behind the lane's
  // transaction, so posts seldom reach the lane together there.)
  const tx = await transactionsOf(created);
  expect(tx.size).toBe(created.length);
  if (ctx.database.kind === "pg") expect(new Set(tx.values()).size).toBeLessThan(created.length);
});

test("when one clientMessageId is sent many times at once, then one message is stored and every answer names it", async () => {
  const shop = await ctx.shopUser();
  const t = await api.ticket(shop);
  const clientMessageId = randomUUID();
  const others = await Promise.all([api.ticket(shop), api.ticket(shop)]);
  const answers = await Promise.all([
    ...Array.from({ length: 6 }, () => api.post(shop, t.id, { body: "Once", clientMessageId })),
    // Neighbours on other tickets, in the same moment.
    ...others.map((o) => api.post(shop, o.id, { body: "Neighbour" })),
  ]);
  const repeats = answers.slice(0, 6);
  expect(repeats.filter((r) => r.status === 201)).toHaveLength(1);
  expect(repeats.every((r) => r.status === 201 || r.status === 200)).toBe(true);
  expect(new Set(repeats.map((r) => r.body.id)).size).toBe(1);
  expect(answers.slice(6).map((r) => r.status)).toEqual([201, 201]);
  const stored = (await api.messages(shop, t.id)).body.items as Array<{ body: string }>;
  expect(stored.filter((m) => m.body === "Once")).toHaveLength(1);
});

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
onPostgres("PostgreSQL only (another transaction can hold a ticket)", () => {
  test("when a ticket is held by another change, then its post waits for it and posts to other tickets do not", async () => {
    const shop = await ctx.shopUser();
    const held = await api.ticket(shop);
    // A ticket on the held one's lane, so a lane that waited for the lock would hold its posts up too.
    const lanes = Math.min(ctx.config.db.postLanes, ctx.database.knex.client.pool.max as number);
    let free = await api.ticket(shop);
    while (laneOf(free.id, lanes) !== laneOf(held.id, lanes)) free = await api.ticket(shop);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = inConnectionTransaction(ctx.database.knex, async (q) => {
      await q.raw(`SELECT id FROM support_tickets WHERE id = ? FOR UPDATE`, [held.id]);
      locked();
      await released;
    });
    await isLocked;

    let heldAnswered = false;
    const waiting = api.post(shop, held.id, { body: "Behind the lock" }).then((res) => {
      heldAnswered = true;
      return res;
    });
    // Posts to other tickets go through while the held one waits (on whichever lane they land).
    const others = await Promise.all(
      Array.from({ length: 8 }, () => api.post(shop, free.id, { body: "Not behind it" })),
    );
    expect(others.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(heldAnswered).toBe(false);

    release();
    await holder;
    const res = await waiting;
    expect(res.status).toBe(201);
    const stored = (await api.messages(shop, held.id)).body.items as Array<{ body: string }>;
    expect(stored.map((m) => m.body)).toContain("Behind the lock");
  });
});
