/**
 * Saved views stay current on every admin's screen: creating, changing, unsharing or deleting a shared
 * view reaches the colleagues' sockets (`view:changed` / `view:deleted`, the id only); a private view's
 * changes reach only its owner's own sockets, and a shop's socket hears none of it.
 */
import request from "supertest";
import { nextEvent, record } from "../support/test-server";
import { fileTicket } from "../realtime/helpers";
import type { Actor } from "../support/test-context";
import { useTeamServer } from "./helpers";

type ViewRef = { id: string };

const { srv: t } = useTeamServer();

const listed = async (who: Actor) =>
  (
    (await request(t.app).get("/api/views").set(who.auth)).body.items as Array<{ id: string; name: string }>
  ).map((v) => v.name);

test("when an admin creates, renames, unshares and deletes a shared view, then a colleague hears each change and lists it accordingly", async () => {
  const owner = await t.admin();
  const colleague = await t.admin();
  const [ownerTab, colleagueSocket] = await Promise.all([t.connect(owner), t.connect(colleague)]);

  const created = nextEvent<ViewRef>(colleagueSocket, "view:changed");
  const res = await request(t.app)
    .post("/api/views")
    .set(owner.auth)
    .send({ name: "Urgent billing", shared: true, filters: { priority: ["urgent"] } });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  expect(await created).toEqual({ id });
  expect(await listed(colleague)).toContain("Urgent billing");

  const renamed = nextEvent<ViewRef>(colleagueSocket, "view:changed", (v) => v.id === id);
  await request(t.app).patch(`/api/views/${id}`).set(owner.auth).send({ name: "Urgent money" }).expect(200);
  await renamed;
  expect(await listed(colleague)).toContain("Urgent money");

  // Unshared: gone from the colleague's list; the owner's other tab still lists it, changed.
  const droppedForColleague = nextEvent<ViewRef>(colleagueSocket, "view:deleted", (v) => v.id === id);
  const changedForOwner = nextEvent<ViewRef>(ownerTab, "view:changed", (v) => v.id === id);
  await request(t.app).patch(`/api/views/${id}`).set(owner.auth).send({ shared: false }).expect(200);
  await Promise.all([droppedForColleague, changedForOwner]);
  expect(await listed(colleague)).not.toContain("Urgent money");

  const reshared = nextEvent<ViewRef>(colleagueSocket, "view:changed", (v) => v.id === id);
  await request(t.app).patch(`/api/views/${id}`).set(owner.auth).send({ shared: true }).expect(200);
  await reshared;

  const deleted = nextEvent<ViewRef>(colleagueSocket, "view:deleted", (v) => v.id === id);
  await request(t.app).delete(`/api/views/${id}`).set(owner.auth).expect(204);
  expect(await deleted).toEqual({ id });
  expect(await listed(colleague)).not.toContain("Urgent money");
});

test("when an admin changes a private view, then only their own sockets hear of it: no colleague, no shop", async () => {
  const owner = await t.admin();
  const colleague = await t.admin();
  const shop = await t.shopUser();
  const [ownerTab, colleagueSocket, shopSocket] = await Promise.all([
    t.connect(owner),
    t.connect(colleague),
    t.connect(shop),
  ]);
  const colleagueHeard = record(colleagueSocket, "view:changed", "view:deleted");
  const shopHeard = record(shopSocket, "view:changed", "view:deleted");
  const ownerHeard = record(ownerTab, "view:changed", "view:deleted");

  const res = await request(t.app)
    .post("/api/views")
    .set(owner.auth)
    .send({ name: "My secret list", shared: false, filters: { tag: "watch" } });
  const id = res.body.id as string;
  await request(t.app).patch(`/api/views/${id}`).set(owner.auth).send({ name: "Still mine" }).expect(200);
  const ownerDeleted = nextEvent<ViewRef>(ownerTab, "view:deleted", (v) => v.id === id);
  await request(t.app).delete(`/api/views/${id}`).set(owner.auth).expect(204);
  await ownerDeleted;

  // A shared view afterwards, and a ticket of the shop's own: once those arrive, anything sent before
  // them would have arrived too (one socket hears one process's events in order).
  const sentinel = nextEvent<ViewRef>(colleagueSocket, "view:changed");
  const shopSentinel = nextEvent(shopSocket, "ticket:created");
  const shared = await request(t.app)
    .post("/api/views")
    .set(owner.auth)
    .send({ name: "For the team", shared: true, filters: {} });
  await fileTicket(t.app, shop);
  expect(await sentinel).toEqual({ id: shared.body.id });
  await shopSentinel;

  expect(colleagueHeard).toEqual([{ event: "view:changed", payload: { id: shared.body.id } }]);
  expect(shopHeard).toEqual([]);
  expect(ownerHeard.map((e) => `${e.event} ${(e.payload as ViewRef).id}`)).toEqual([
    `view:changed ${id}`,
    `view:changed ${id}`,
    `view:deleted ${id}`,
    `view:changed ${shared.body.id}`,
  ]);
});

test("when a colleague tries to change or delete someone's view, then nothing is sent (404)", async () => {
  const owner = await t.admin();
  const intruder = await t.admin();
  const watcher = await t.admin();
  const res = await request(t.app)
    .post("/api/views")
    .set(owner.auth)
    .send({ name: "Ours", shared: true, filters: {} });
  const id = res.body.id as string;
  const socket = await t.connect(watcher);
  const heard = record(socket, "view:changed", "view:deleted");
  await request(t.app).patch(`/api/views/${id}`).set(intruder.auth).send({ name: "Mine now" }).expect(404);
  await request(t.app).delete(`/api/views/${id}`).set(intruder.auth).expect(404);
  const sentinel = nextEvent<ViewRef>(socket, "view:changed", (v) => v.id === id);
  await request(t.app).patch(`/api/views/${id}`).set(owner.auth).send({ name: "Ours still" }).expect(200);
  await sentinel;
  expect(heard).toEqual([{ event: "view:changed", payload: { id } }]);
});
