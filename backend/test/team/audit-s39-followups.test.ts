/**
 * Follow-ups of the s39 team audit: a bulk change reopening unassigned tickets did not offer them to
 * auto-assignment (a PATCH to open does), and the satisfaction report split one category by letter case.
 * Its own database: the auto-assignment switch and the report's period are global. Real app and database.
 */
import request from "supertest";
import { useTeamContext } from "./helpers";

const { ctx, api, team } = useTeamContext({ ownDatabase: true });

test("when a bulk change reopens unassigned resolved tickets, then they are offered to auto-assignment as on PATCH, within capacity", async () => {
  const lead = await ctx.admin();
  const helper = await ctx.admin({ name: "Helper" });
  const assignment = ctx.modules.support.team.assignment;
  for (const id of await assignment.onlineAdmins()) await assignment.setPresence(id, false);
  await assignment.setPresence(helper.userId, true);
  const shop = await ctx.shopUser();
  // Filed and resolved while auto-assignment is off: they wait unassigned.
  expect((await team.settings(lead, { autoAssign: false })).status).toBe(200);
  const [a, b, c, d] = [
    await api.ticket(shop),
    await api.ticket(shop),
    await api.ticket(shop),
    await api.ticket(shop),
  ];
  for (const t of [a!, b!, c!, d!])
    expect((await api.patch(lead, t.id, { status: "resolved" })).body.assigneeId).toBeNull();

  // Off: a bulk reopening leaves them in the queue.
  expect((await team.bulk(lead, { ids: [a!.id], set: { status: "open" } })).body).toMatchObject({
    updated: 1,
  });
  expect((await api.get(lead, a!.id)).body).toMatchObject({ status: "open", assigneeId: null });

  // On, with room for one: one of the two reopened tickets goes to the online admin, the other waits.
  expect((await team.settings(lead, { autoAssign: true, capacity: 1, useSkills: false })).status).toBe(200);
  expect((await team.bulk(lead, { ids: [b!.id, c!.id], set: { status: "open" } })).body).toMatchObject({
    updated: 2,
    skipped: [],
  });
  const assignees = await Promise.all([b!, c!].map(async (t) => (await api.get(lead, t.id)).body.assigneeId));
  expect(assignees.sort()).toEqual([helper.userId, null].sort());

  // Unassigning in the same change is the admin's choice, as on PATCH: it stands.
  expect((await team.settings(lead, { capacity: 10 })).status).toBe(200);
  expect((await team.bulk(lead, { ids: [d!.id], set: { status: "open", assigneeId: null } })).status).toBe(
    200,
  );
  expect((await api.get(lead, d!.id)).body).toMatchObject({ status: "open", assigneeId: null });

  expect((await team.settings(lead, { autoAssign: false })).status).toBe(200);
  await assignment.setPresence(helper.userId, false);
});

test("when ratings name one category in different letter case, then the satisfaction report has one row for it, in its most common spelling", async () => {
  const admin = await ctx.admin();
  const shop = await ctx.shopUser();
  const rated = async (category: string, score: number) => {
    const t = await api.ticket(shop, { category });
    expect((await api.patch(admin, t.id, { status: "resolved" })).status).toBe(200);
    expect((await team.rate(shop, t.id, { score })).status).toBe(201);
  };
  await rated("billing", 2);
  await rated("Billing", 4);
  await rated("Billing", 5);
  await rated("Shipping", 3);

  const now = Date.now();
  const res = await request(ctx.app)
    .get("/api/analytics/satisfaction")
    .query({ from: new Date(now - 3600_000).toISOString(), to: new Date(now + 3600_000).toISOString() })
    .set(admin.auth);
  expect(res.status).toBe(200);
  expect(res.body.byCategory).toEqual([
    { category: "Billing", count: 3, average: 3.67 },
    { category: "Shipping", count: 1, average: 3 },
  ]);
});
