/**
 * Tags are the team's own labels: tagging a ticket (one, or in bulk) must not tell its shop that something
 * happened. The shop's `updatedAt` stays, its sockets hear nothing, while admins hear the change and find
 * it when they catch up (`updatedSince`). Real app, database and socket.io.
 */
import request from "supertest";
import type { Socket } from "socket.io-client";
import { nextEvent } from "../support/test-server";
import { fileTicket, type TicketDto } from "../realtime/helpers";
import { useTeamServer } from "./helpers";

const { srv: t, team } = useTeamServer();

const getTicket = async (id: string, who: { auth: Record<string, string> }) =>
  (await request(t.app).get(`/api/tickets/${id}`).set(who.auth)).body as TicketDto & { tags: string[] };

/** Resolves with the ticket ids of every ticket:updated the socket hears until `stop` resolves. */
function collectUpdates(socket: Socket) {
  const ids: string[] = [];
  const on = (p: { id: string }) => ids.push(p.id);
  socket.on("ticket:updated", on);
  return { ids, stop: () => socket.off("ticket:updated", on) };
}

test("when an admin tags a ticket, then the shop's updatedAt stays and its socket hears nothing, while admins hear it and catch up on it", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const ticket = await fileTicket(t.app, shop);
  const [shopSocket, adminSocket] = await Promise.all([t.connect(shop), t.connect(admin)]);
  const shopHeard = collectUpdates(shopSocket);
  const since = new Date(Date.now() - 1).toISOString();

  const adminHears = nextEvent<{ id: string; tags: string[] }>(
    adminSocket,
    "ticket:updated",
    (p) => p.id === ticket.id,
  );
  expect((await team.tags(admin, ticket.id, ["vip"])).status).toBe(200);
  expect((await adminHears).tags).toEqual(["vip"]);

  // A later change the shop does see proves its socket was listening: only that one arrives.
  const shopHearsPriority = nextEvent<{ id: string }>(
    shopSocket,
    "ticket:updated",
    (p) => p.id === ticket.id,
  );
  await request(t.app)
    .patch(`/api/tickets/${ticket.id}`)
    .set(admin.auth)
    .send({ priority: "high" })
    .expect(200);
  await shopHearsPriority;
  shopHeard.stop();
  expect(shopHeard.ids).toEqual([ticket.id]);

  const caughtUp = await request(t.app)
    .get(`/api/tickets?updatedSince=${encodeURIComponent(since)}`)
    .set(admin.auth)
    .expect(200);
  expect((caughtUp.body.items as TicketDto[]).map((x) => x.id)).toContain(ticket.id);
  shopSocket.disconnect();
  adminSocket.disconnect();
  // The shop's updatedAt, checked on a ticket tagged alone (the one above also changed priority).
  const other = await fileTicket(t.app, shop);
  const otherBefore = await getTicket(other.id, shop);
  await team.tags(admin, other.id, ["vip"]);
  expect((await getTicket(other.id, shop)).updatedAt).toBe(otherBefore.updatedAt);
});

test("when a bulk change only adds tags, then the shops' tickets keep their updatedAt and their sockets hear nothing; a bulk status change still reaches them", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const a = await fileTicket(t.app, shop);
  const b = await fileTicket(t.app, shop);
  const beforeA = await getTicket(a.id, shop);
  const shopSocket = await t.connect(shop);
  const shopHeard = collectUpdates(shopSocket);

  const tagged = await team.bulk(admin, { ids: [a.id, b.id], set: { addTags: ["sale"] } });
  expect(tagged.body.updated).toBe(2);
  expect((await getTicket(a.id, admin)).tags).toEqual(["sale"]);
  expect((await getTicket(a.id, shop)).updatedAt).toBe(beforeA.updatedAt);

  const shopHearsStatus = nextEvent<{ id: string }>(shopSocket, "ticket:updated", (p) => p.id === b.id);
  await team.bulk(admin, { ids: [b.id], set: { status: "in_progress" } }).expect(200);
  await shopHearsStatus;
  shopHeard.stop();
  expect(shopHeard.ids).toEqual([b.id]);
  expect((await getTicket(b.id, shop)).updatedAt).not.toBe(beforeA.updatedAt);
  shopSocket.disconnect();
});
