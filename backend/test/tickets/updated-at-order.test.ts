/**
 * A ticket's updatedAt never goes backwards. A write stamps its changes with its transaction's clock, which
 * starts before it has the ticket's row lock: one that waited (auto-assignment queues on a lock of its own
 * first) committed after a newer change with an older stamp. Clients keep the copy with the newest
 * updatedAt (the web app's queue cache), so every admin's queue dropped the assignment as stale.
 */
import request from "supertest";
import { useTeamContext } from "../team/helpers";

// Concurrent transactions: PGlite runs one at a time, so the race needs PostgreSQL.
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

// Its own database (a schema of its own on PostgreSQL): the auto-assignment switch is global.
const { ctx, api, team } = useTeamContext({ ownDatabase: true });

/** Polls `check` until it holds: the test waits for the database to reach a state, never for a duration. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${what}`);
}

type Stamped = { updatedAt: string };
type TimelineEntry = { type: string; createdAt: string };

/** Whether some session waits for a lock of this kind (PostgreSQL's pg_locks). */
async function someoneWaits(condition: string): Promise<boolean> {
  const { rows } = await ctx.database.knex.raw<{ rows: Array<{ n: number }> }>(
    `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND ${condition}`,
  );
  return (rows[0]?.n ?? 0) > 0;
}

onPostgres("a write that waited for the ticket (PostgreSQL)", () => {
  test("when auto-assignment waits and commits after a newer change, then the ticket's updatedAt and timeline still move forward", async () => {
    const lead = await ctx.admin();
    const helper = await ctx.admin();
    const assignment = ctx.modules.support.team.assignment;
    for (const id of await assignment.onlineAdmins()) await assignment.setPresence(id, false);
    await assignment.setPresence(helper.userId, true);
    const settings = await request(ctx.app)
      .put("/api/team/settings")
      .set(lead.auth)
      .send({ autoAssign: true, capacity: 1000 });
    expect(settings.status).toBe(200);
    const shop = await ctx.shopUser();

    // Another assignment decision in progress: the new ticket's decision starts its transaction, then waits.
    const holder = await ctx.database.knex.transaction();
    try {
      await holder.raw(`SELECT pg_advisory_xact_lock(hashtext('parley:auto-assignment'))`);
      // then() sends it now: a supertest request left alone is not sent at all.
      const filing = api.create(shop, { subject: "Assigned while it changed" }).then((res) => res);
      await until("the new ticket's assignment waits", () => someoneWaits(`locktype = 'advisory'`));
      const listed = await api.list(lead, { shopId: shop.shopId! });
      const ticketId = (listed.body.items as Array<{ id: string }>)[0]!.id;
      // Stamps have millisecond precision: let the clock move past the waiting transaction's start.
      await new Promise((r) => setTimeout(r, 20));
      const changed = await api.patch(lead, ticketId, { priority: "high" });
      expect(changed.status).toBe(200);
      await holder.commit();

      const filed = await filing;
      expect(filed.status).toBe(201);
      expect(filed.body.assigneeId).toBe(helper.userId);
      const now = (await api.get(lead, ticketId)).body as Stamped & { assigneeId: string | null };
      expect(now.assigneeId).toBe(helper.userId);
      const after = (changed.body as Stamped).updatedAt;
      expect(Date.parse(now.updatedAt)).toBeGreaterThanOrEqual(Date.parse(after));
      expect(Date.parse((filed.body as Stamped).updatedAt)).toBeGreaterThanOrEqual(Date.parse(after));
      // The timeline lists changes in the order they were made; their times agree.
      const timeline = (await api.events(lead, ticketId)).body.items as TimelineEntry[];
      expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(["priority", "assignee"]));
      const times = timeline.map((e) => Date.parse(e.createdAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    } finally {
      await holder.rollback().catch(() => undefined);
      await request(ctx.app).put("/api/team/settings").set(lead.auth).send({ autoAssign: false });
      await assignment.setPresence(helper.userId, false);
    }
  });

  test("when a message's transaction waits before it locks the ticket and a change commits meanwhile, then the message and the ticket are stamped after that change", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const ticket = await api.ticket(shop);
    // The post's one reading statement also locks the ticket's SLA clock: holding that table makes the
    // post's transaction (already begun, its clock started) wait before it has the ticket, while an
    // assignment, which does not touch the clock, commits.
    const holder = await ctx.database.knex.transaction();
    try {
      await holder.raw(`LOCK TABLE sla_clocks IN EXCLUSIVE MODE`);
      const posting = api.post(shop, ticket.id, { body: "Any news?" }).then((res) => res);
      await until("the post waits", () => someoneWaits(`relation = 'sla_clocks'::regclass`));
      await new Promise((r) => setTimeout(r, 20));
      const changed = await api.patch(admin, ticket.id, { assigneeId: admin.userId });
      expect(changed.status).toBe(200);
      await holder.commit();

      const posted = await posting;
      expect(posted.status).toBe(201);
      const after = Date.parse((changed.body as Stamped).updatedAt);
      expect(Date.parse((posted.body as { createdAt: string }).createdAt)).toBeGreaterThanOrEqual(after);
      const now = (await api.get(admin, ticket.id)).body as Stamped & { lastMessageAt: string };
      expect(Date.parse(now.updatedAt)).toBeGreaterThanOrEqual(after);
      expect(Date.parse(now.lastMessageAt)).toBeGreaterThanOrEqual(after);
    } finally {
      await holder.rollback().catch(() => undefined);
    }
  });
  /**
   * Holds `ticketId`'s row lock while `start` runs, until the write waits for it; then changes the ticket (a
   * newer updatedAt, as any other write would stamp) and commits. Returns the write's answer and that stamp.
   */
  async function changedWhileWaiting<T>(ticketId: string, start: () => Promise<T>) {
    const holder = await ctx.database.knex.transaction();
    try {
      await holder.raw(`SELECT id FROM support_tickets WHERE id = ? FOR UPDATE`, [ticketId]);
      const pending = start();
      await until("the write waits for the ticket", () =>
        someoneWaits(`locktype = 'transactionid' OR relation = 'support_tickets'::regclass`),
      );
      // Stamps have millisecond precision: let the clock move past the waiting transaction's start.
      await new Promise((r) => setTimeout(r, 20));
      const { rows } = await holder.raw<{ rows: Array<{ updated_at: Date }> }>(
        `UPDATE support_tickets SET priority = 'urgent', updated_at = clock_timestamp()::timestamptz(3)
          WHERE id = ? RETURNING updated_at`,
        [ticketId],
      );
      await holder.commit();
      return { answer: await pending, changedAt: rows[0]!.updated_at.getTime() };
    } finally {
      await holder.rollback().catch(() => undefined);
    }
  }

  test("when a bulk change waits for a ticket that another write changes meanwhile, then the ticket is stamped after that change", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const ticket = await api.ticket(shop);
    const { answer, changedAt } = await changedWhileWaiting(ticket.id, () =>
      team.bulk(admin, { ids: [ticket.id], set: { status: "in_progress" } }).then((res) => res),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.updated).toBe(1);
    const now = (await api.get(admin, ticket.id)).body as Stamped & { status: string };
    expect(now.status).toBe("in_progress");
    expect(Date.parse(now.updatedAt)).toBeGreaterThanOrEqual(changedAt);
  });

  test("when a merge waits for its target that another write changes meanwhile, then the target is stamped after that change", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const [one, two] = [await api.ticket(shop), await api.ticket(shop)];
    // The merge locks the lower id first: the target, so that it is the row the merge waits for.
    const [target, source] = [one, two].sort((a, b) => (a.id < b.id ? -1 : 1));
    const { answer, changedAt } = await changedWhileWaiting(target!.id, () =>
      team.merge(admin, source!.id, target!.id).then((res) => res),
    );
    expect(answer.status).toBe(200);
    const now = (await api.get(admin, target!.id)).body as Stamped;
    expect(Date.parse(now.updatedAt)).toBeGreaterThanOrEqual(changedAt);
    expect(Date.parse((answer.body as Stamped).updatedAt)).toBeGreaterThanOrEqual(changedAt);
  });
});
