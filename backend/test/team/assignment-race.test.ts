/**
 * Auto-assignment is race-free: many assignment transactions run at once (on PostgreSQL each on its own
 * pooled connection), yet no ticket gets two admins and no admin goes over the capacity.
 */
import request from "supertest";
import { useTeamContext } from "./helpers";

// Its own database (a schema of its own on PostgreSQL): the auto-assignment switch is global.
const { ctx, api } = useTeamContext({ ownDatabase: true });

test("when 40 tickets are assigned in parallel to 3 online admins with capacity 3, then each admin gets exactly 3 and each ticket one assignment", async () => {
  const assignment = ctx.modules.support.team.assignment;
  const admins = await Promise.all([ctx.admin(), ctx.admin(), ctx.admin()]);
  for (const a of admins) await assignment.setPresence(a.userId, true);
  const shop = await ctx.shopUser();
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) ids.push((await api.ticket(shop)).id);

  // Every ticket twice over, all at once: two decisions race for each ticket as well as for each admin.
  const settings = { capacity: 3, useSkills: false };
  // Eight workers at a time (more than the pool's five connections), so decisions always overlap
  // without queueing long enough to hit the pool's acquire timeout on a busy machine.
  const work = [...ids, ...ids];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let id = work.shift(); id; id = work.shift()) await assignment.assignWith(id, settings);
    }),
  );

  const viewer = admins[0]!;
  const assigned = new Map<string, number>();
  for (const id of ids) {
    const t = (await api.get(viewer, id)).body as { assigneeId: string | null };
    const events = ((await api.events(viewer, id)).body.items as Array<{ type: string }>).filter(
      (e) => e.type === "assignee",
    );
    expect(events.length).toBe(t.assigneeId ? 1 : 0);
    if (t.assigneeId) assigned.set(t.assigneeId, (assigned.get(t.assigneeId) ?? 0) + 1);
  }
  for (const a of admins) expect(assigned.get(a.userId)).toBe(3);
  for (const a of admins) await assignment.setPresence(a.userId, false);
});

describe("auto-assignment through the API (own database)", () => {
  test("when auto-assignment is on, then new and reopened tickets go to the least-loaded online admin, round robin among equals", async () => {
    const lead = await ctx.admin();
    const [a, b] = [await ctx.admin(), await ctx.admin()];
    const offline = await ctx.admin();
    const assignment = ctx.modules.support.team.assignment;
    await assignment.setPresence(a.userId, true);
    await assignment.setPresence(b.userId, true);
    await assignment.setPresence(offline.userId, false);
    const put = await request(ctx.app)
      .put("/api/team/settings")
      .set(lead.auth)
      .send({ autoAssign: true, capacity: 2 });
    expect(put.body).toMatchObject({ autoAssign: true, capacity: 2 });
    const shop = await ctx.shopUser();
    const t1 = await api.ticket(shop);
    const t2 = await api.ticket(shop);
    expect(new Set([t1.assigneeId, t2.assigneeId])).toEqual(new Set([a.userId, b.userId]));
    const t3 = await api.ticket(shop);
    const t4 = await api.ticket(shop);
    expect(new Set([t3.assigneeId, t4.assigneeId])).toEqual(new Set([a.userId, b.userId]));
    // Both at capacity: the next one waits in the queue.
    const t5 = await api.ticket(shop);
    expect(t5.assigneeId).toBeNull();
    // Resolving frees a slot; reopening a ticket offers it again.
    expect((await api.patch(lead, t1.id, { status: "resolved", assigneeId: null })).status).toBe(200);
    const reopened = await api.patch(lead, t1.id, { status: "open" });
    expect(reopened.body.assigneeId).toBe(t1.assigneeId);

    await request(ctx.app).put("/api/team/settings").set(lead.auth).send({ autoAssign: false });
    expect((await api.ticket(shop)).assigneeId).toBeNull();
  });

  test("when auto-assignment is on, then a website visitor's new conversation goes to an online admin too", async () => {
    const lead = await ctx.admin();
    const helper = await ctx.admin();
    const assignment = ctx.modules.support.team.assignment;
    // Only the helper is online (earlier tests' admins go offline), with room under a high capacity.
    for (const id of await assignment.onlineAdmins()) await assignment.setPresence(id, false);
    await assignment.setPresence(helper.userId, true);
    const put = await request(ctx.app)
      .put("/api/team/settings")
      .set(lead.auth)
      .send({ autoAssign: true, capacity: 1000 });
    expect(put.status).toBe(200);
    try {
      const session = await request(ctx.app).post("/api/visitor/sessions").send({ name: "Vera" });
      expect(session.status).toBe(201);
      const sent = await request(ctx.app)
        .post("/api/visitor/messages")
        .set({ Authorization: `Bearer ${session.body.visitorToken as string}` })
        .send({ body: "Do you ship to Norway?" });
      expect(sent.status).toBe(201);
      const ticket = (await api.get(lead, sent.body.ticketId as string)).body as {
        source: string;
        assigneeId: string | null;
      };
      expect(ticket).toMatchObject({ source: "visitor", assigneeId: helper.userId });
    } finally {
      await request(ctx.app).put("/api/team/settings").set(lead.auth).send({ autoAssign: false });
      await assignment.setPresence(helper.userId, false);
    }
  });
});

describe("manual assignment and the offline sweep (own database)", () => {
  const onlyOnline = async (userIds: string[]) => {
    const assignment = ctx.modules.support.team.assignment;
    for (const id of await assignment.onlineAdmins()) await assignment.setPresence(id, false);
    for (const id of userIds) await assignment.setPresence(id, true);
  };

  test("when an admin unassigns an open ticket with auto-assignment on, then it stays in the queue; reopening still offers it", async () => {
    const lead = await ctx.admin();
    const helper = await ctx.admin();
    await onlyOnline([helper.userId]);
    await request(ctx.app)
      .put("/api/team/settings")
      .set(lead.auth)
      .send({ autoAssign: true, capacity: 1000 });
    try {
      const shop = await ctx.shopUser();
      const t = await api.ticket(shop);
      expect(t.assigneeId).toBe(helper.userId);

      const unassigned = await api.patch(lead, t.id, { assigneeId: null });
      expect(unassigned.status).toBe(200);
      expect(unassigned.body.assigneeId).toBeNull();
      expect((await api.get(lead, t.id)).body.assigneeId).toBeNull();
      // Any other PATCH of the unassigned ticket leaves it alone too.
      expect((await api.patch(lead, t.id, { priority: "high" })).body.assigneeId).toBeNull();

      expect((await api.patch(lead, t.id, { status: "resolved" })).status).toBe(200);
      expect((await api.patch(lead, t.id, { status: "open" })).body.assigneeId).toBe(helper.userId);
    } finally {
      await request(ctx.app).put("/api/team/settings").set(lead.auth).send({ autoAssign: false });
      await ctx.modules.support.team.assignment.setPresence(helper.userId, false);
    }
  });

  test("when an assignee has been offline too long, then the sweep hands on their open tickets and leaves in_progress ones assigned", async () => {
    const lead = await ctx.admin();
    const away = await ctx.admin();
    const helper = await ctx.admin();
    const assignment = ctx.modules.support.team.assignment;
    await onlyOnline([]);
    const shop = await ctx.shopUser();
    const open = await api.ticket(shop);
    const working = await api.ticket(shop);
    expect((await api.patch(lead, open.id, { assigneeId: away.userId })).status).toBe(200);
    expect(
      (await api.patch(lead, working.id, { assigneeId: away.userId, status: "in_progress" })).status,
    ).toBe(200);
    await assignment.setPresence(away.userId, false);
    await ctx.database.knex.raw(
      `UPDATE admin_presence SET changed_at = now() - interval '1 hour' WHERE user_id = ?`,
      [away.userId],
    );
    await assignment.setPresence(helper.userId, true);
    await request(ctx.app)
      .put("/api/team/settings")
      .set(lead.auth)
      .send({ autoAssign: true, capacity: 1000, offlineReassignAfterS: 60 });
    try {
      await assignment.sweepOffline();
      expect((await api.get(lead, open.id)).body.assigneeId).toBe(helper.userId);
      expect((await api.get(lead, working.id)).body).toMatchObject({
        status: "in_progress",
        assigneeId: away.userId,
      });
    } finally {
      await request(ctx.app)
        .put("/api/team/settings")
        .set(lead.auth)
        .send({ autoAssign: false, offlineReassignAfterS: null });
      await assignment.setPresence(helper.userId, false);
    }
  });
});
