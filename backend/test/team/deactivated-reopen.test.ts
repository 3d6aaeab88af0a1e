import { useTeamServer } from "./helpers";

// A resolved ticket keeps its assignee after that admin is deactivated (the reports name who resolved it);
// reopened, it must not stay with someone who cannot sign in and is missing from every unassigned view.
const { srv, api, team } = useTeamServer();

type Event = { type: string; actorId: string | null; from: string | null; to: string | null };

test("when a deactivated admin's resolved ticket is reopened, by the shop's message or a PATCH, then it goes back to the queue", async () => {
  const lead = await srv.admin();
  const gone = await srv.admin({ name: "Gone" });
  const shop = await srv.shopUser();
  const byMessage = await api.ticket(shop);
  const byPatch = await api.ticket(shop);
  for (const t of [byMessage, byPatch])
    expect((await api.patch(lead, t.id, { assigneeId: gone.userId, status: "resolved" })).status).toBe(200);
  expect((await team.setActive(lead, gone.userId, false)).status).toBe(200);
  // Resolved, it keeps the assignee.
  expect((await api.get(lead, byMessage.id)).body.assigneeId).toBe(gone.userId);

  expect((await api.post(shop, byMessage.id, { body: "it broke again" })).status).toBe(201);
  const patched = await api.patch(shop, byPatch.id, { status: "open" });
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({ status: "open", assigneeId: null });

  for (const t of [byMessage, byPatch]) {
    expect((await api.get(lead, t.id)).body).toMatchObject({ status: "open", assigneeId: null });
    const events = (await api.events(lead, t.id)).body.items as Event[];
    expect(events.at(-1)).toMatchObject({ type: "assignee", actorId: null, from: gone.userId, to: null });
  }
  const unassigned = await api.list(lead, { assignee: "unassigned", shopId: shop.shopId! });
  expect((unassigned.body.items as Array<{ id: string }>).map((t) => t.id).sort()).toEqual(
    [byMessage.id, byPatch.id].sort(),
  );
});

test("when an active admin's resolved ticket is reopened, then it stays theirs", async () => {
  const lead = await srv.admin();
  const owner = await srv.admin();
  const shop = await srv.shopUser();
  const t = await api.ticket(shop);
  expect((await api.patch(lead, t.id, { assigneeId: owner.userId, status: "resolved" })).status).toBe(200);
  expect((await api.post(shop, t.id, { body: "one more thing" })).status).toBe(201);
  expect((await api.get(lead, t.id)).body).toMatchObject({ status: "open", assigneeId: owner.userId });
});
