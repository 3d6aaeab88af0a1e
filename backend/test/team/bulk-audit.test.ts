/**
 * Bulk changes as the audit probed them (CONTRACT.md "Team" and "Real time"): every changed ticket's shop
 * hears its `ticket:updated` whatever the job's size (admins keep their cap of 200 and the final
 * `bulk:progress`), progress that a failed transaction undid ends in a `finished` with nothing done, and
 * ids that differ only in letter case are one ticket. Real app, database and socket.io; events are awaited
 * with generous timeouts, never timed.
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io-client";
import { nextEvent, record } from "../support/test-server";
import type { Actor } from "../support/test-context";
import { visitorSocket } from "../visitors/helpers";
import { useTeamServer } from "./helpers";

const { srv, api, team } = useTeamServer();

type TicketEvent = Record<string, unknown> & { id: string; shopId: string | null; tags: string[] };
type Progress = { jobId: string; done: number; total: number; finished: boolean };
const WAIT_MS = 45_000;

/** `n` new tickets of `shop`, a few requests at a time. */
async function ticketsOf(shop: Actor, n: number): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < n) {
    const batch = Math.min(10, n - ids.length);
    const made = await Promise.all(
      Array.from({ length: batch }, (_, i) => api.ticket(shop, { subject: `Bulk ${ids.length + i}` })),
    );
    ids.push(...made.map((t) => t.id));
  }
  return ids;
}

/** Resolves with the ticket:updated payloads `socket` heard for `ids` once it has heard every one. */
function updatesFor(socket: Socket, ids: readonly string[], match: (t: TicketEvent) => boolean) {
  const wanted = new Set(ids);
  const heard = new Map<string, TicketEvent>();
  return new Promise<TicketEvent[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off("ticket:updated", on);
      reject(new Error(`heard ${heard.size} of ${wanted.size} ticket:updated within ${WAIT_MS} ms`));
    }, WAIT_MS);
    const on = (t: TicketEvent) => {
      if (!wanted.has(t.id) || !match(t)) return;
      heard.set(t.id, t);
      if (heard.size < wanted.size) return;
      clearTimeout(timer);
      socket.off("ticket:updated", on);
      resolve([...heard.values()]);
    };
    socket.on("ticket:updated", on);
  });
}

/**
 * A later change the socket does hear, awaited: events reach one socket in the order they were sent, so
 * whatever the bulk job sent this socket has arrived by then.
 */
async function syncWith(socket: Socket, admin: Actor, ticketId: string) {
  const heard = nextEvent<TicketEvent>(
    socket,
    "ticket:updated",
    (t) => t.id === ticketId && t.priority === "low",
    WAIT_MS,
  );
  expect((await api.patch(admin, ticketId, { priority: "low" })).status).toBe(200);
  await heard;
}

const updatedIds = (seen: Array<{ event: string; payload: unknown }>) =>
  seen.filter((e) => e.event === "ticket:updated").map((e) => (e.payload as TicketEvent).id);

test("when a bulk change by filter resolves 205 of a shop's tickets, then the shop's socket hears every one as the shop sees it, and admins get only the final bulk:progress", async () => {
  const admin = await srv.admin();
  const shop = await srv.shopUser();
  const other = await srv.shopUser();
  const ids = await ticketsOf(shop, 205);
  const otherTicket = await api.ticket(other);
  // A team tag on every ticket, and an admin reply on one: what the shop must not read, and its own unread count.
  expect((await team.bulk(admin, { ids, set: { addTags: ["vip"] } })).status).toBe(200);
  expect((await api.post(admin, ids[0]!, { body: "We are on it" })).status).toBe(201);

  const [shopSocket, otherSocket, adminSocket] = await Promise.all([
    srv.connect(shop),
    srv.connect(other),
    srv.connect(admin),
  ]);
  const shopSeen = record(shopSocket, "ticket:updated", "bulk:progress");
  const otherSeen = record(otherSocket, "ticket:updated", "bulk:progress");
  const adminSeen = record(adminSocket, "ticket:updated");
  const shopHears = updatesFor(shopSocket, ids, (t) => t.status === "resolved");
  const finished = nextEvent<Progress>(
    adminSocket,
    "bulk:progress",
    (p) => p.jobId === "audit-205" && p.finished,
    WAIT_MS,
  );

  const res = await team.bulk(admin, {
    // (the reply moved its ticket to in_progress)
    filter: { shopId: shop.shopId, status: ["open", "in_progress"] },
    set: { status: "resolved" },
    jobId: "audit-205",
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ updated: 205, skipped: [] });
  expect(await finished).toEqual({ jobId: "audit-205", done: 205, total: 205, finished: true });
  const heard = await shopHears;

  // As the shop reads the ticket itself: its own unread count, no team tags, nothing else.
  for (const id of [ids[0]!, ids[1]!, ids[204]!]) {
    const own = (await api.get(shop, id)).body as TicketEvent;
    expect(heard.find((t) => t.id === id)).toEqual(own);
  }
  expect(heard.find((t) => t.id === ids[0])!.unreadCount).toBe(1);
  expect(heard.every((t) => t.shopId === shop.shopId && t.tags.length === 0)).toBe(true);
  // One event per ticket, and never the admins' progress.
  expect(updatedIds(shopSeen).sort()).toEqual([...ids].sort());
  expect(shopSeen.filter((e) => e.event === "bulk:progress")).toEqual([]);

  // Admins keep their cap: past 200 changed tickets the final bulk:progress (sent after the tickets'
  // events, so already heard) stands for them, and they refetch.
  expect(updatedIds(adminSeen).filter((id) => ids.includes(id))).toEqual([]);
  // Another shop hears nothing of it.
  await syncWith(otherSocket, admin, otherTicket.id);
  expect(updatedIds(otherSeen)).toEqual([otherTicket.id]);
  expect(otherSeen.filter((e) => e.event === "bulk:progress")).toEqual([]);
});

test("when a bulk change past the admins' cap spans two shops and a visitor conversation, then each shop hears only its own tickets and no shop hears the visitor's", async () => {
  const admin = await srv.admin();
  const shop = await srv.shopUser();
  const other = await srv.shopUser();
  const mine = await ticketsOf(shop, 200);
  const theirs = await ticketsOf(other, 1);
  const session = await request(srv.app).post("/api/visitor/sessions").send({ name: "Vera" });
  expect(session.status).toBe(201);
  const visitorToken = session.body.visitorToken as string;
  const opened = await request(srv.app)
    .post("/api/visitor/messages")
    .set({ Authorization: `Bearer ${visitorToken}` })
    .send({ body: "Do you ship to Norway?" });
  expect(opened.status).toBe(201);
  const conversation = opened.body.ticketId as string;

  const [shopSocket, otherSocket, visitor] = await Promise.all([
    srv.connect(shop),
    srv.connect(other),
    visitorSocket(srv, visitorToken),
  ]);
  const shopSeen = record(shopSocket, "ticket:updated");
  const otherSeen = record(otherSocket, "ticket:updated");
  const urgent = (t: TicketEvent) => t.priority === "urgent";
  const shopHears = updatesFor(shopSocket, mine, urgent);
  const otherHears = updatesFor(otherSocket, theirs, urgent);
  // The visitor's own conversation reaches its own socket, as a PATCH's would (its pseudo-shop's room).
  const visitorHears = updatesFor(visitor, [conversation], urgent);

  const res = await team.bulk(admin, {
    ids: [...mine, ...theirs, conversation],
    set: { priority: "urgent" },
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ updated: 202, skipped: [] });
  expect((await shopHears).every((t) => t.shopId === shop.shopId)).toBe(true);
  expect((await otherHears).every((t) => t.shopId === other.shopId)).toBe(true);
  expect(await visitorHears).toEqual([
    expect.objectContaining({ id: conversation, shopId: null, source: "visitor" }),
  ]);

  await syncWith(shopSocket, admin, mine[0]!);
  await syncWith(otherSocket, admin, theirs[0]!);
  expect(updatedIds(shopSeen).filter((id) => !mine.includes(id))).toEqual([]);
  expect(updatedIds(otherSeen).filter((id) => !theirs.includes(id))).toEqual([]);
  expect(updatedIds(shopSeen)).toHaveLength(201);
});

test("when a bulk job's transaction fails after its progress went out, then its starter hears the job finish with nothing done, and nothing changed", async () => {
  const admin = await srv.admin();
  const shop = await srv.shopUser();
  const first = await api.ticket(shop);
  const refused = await api.ticket(shop);
  // The database itself refuses to update one ticket: the failure comes from below, as a real one would.
  const knex = srv.database.knex;
  const name = `parley_test_refuse_${randomUUID().replace(/-/g, "")}`;
  await knex.raw(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
  );
  await knex.raw(
    `CREATE TRIGGER ${name} BEFORE UPDATE ON support_tickets FOR EACH ROW WHEN (OLD.id = '${refused.id}'::uuid) EXECUTE FUNCTION ${name}()`,
  );
  try {
    const socket = await srv.connect(admin);
    const jobId = `audit-rollback-${randomUUID()}`;
    const seen = record(socket, "bulk:progress");
    const finished = nextEvent<Progress>(
      socket,
      "bulk:progress",
      (p) => p.jobId === jobId && p.finished,
      WAIT_MS,
    );
    // The job works in chunks of 500 ids (unknown ones count): the first chunk's progress goes out, then
    // the second chunk's ticket fails the whole transaction.
    const ids = [first.id, ...Array.from({ length: 499 }, () => randomUUID()), refused.id];
    const res = await team.bulk(admin, { ids, set: { priority: "urgent" }, jobId });
    expect(res.status).toBe(500);
    expect(await finished).toEqual({ jobId, done: 0, total: 501, finished: true });
    const progress = seen.map((e) => e.payload as Progress).filter((p) => p.jobId === jobId);
    // The scenario held: work in progress was reported before the failure.
    expect(progress[0]).toEqual({ jobId, done: 500, total: 501, finished: false });
    expect(progress.filter((p) => p.finished)).toEqual([{ jobId, done: 0, total: 501, finished: true }]);
    expect((await api.get(admin, first.id)).body.priority).not.toBe("urgent");
  } finally {
    await knex.raw(`DROP TRIGGER ${name} ON support_tickets`);
    await knex.raw(`DROP FUNCTION ${name}()`);
  }
});

test("when bulk ids differ only in letter case, then each names one ticket once, and a skipped id comes back as it was sent", async () => {
  const admin = await srv.admin();
  const shop = await srv.shopUser();
  const ticket = await api.ticket(shop);
  const unknown = randomUUID().toUpperCase();
  const socket = await srv.connect(admin);
  const jobId = `audit-case-${randomUUID()}`;
  const finished = nextEvent<Progress>(
    socket,
    "bulk:progress",
    (p) => p.jobId === jobId && p.finished,
    WAIT_MS,
  );

  const res = await team.bulk(admin, {
    ids: [ticket.id.toUpperCase(), ticket.id, unknown, unknown.toLowerCase(), "Not-A-Ticket", "not-a-ticket"],
    set: { priority: "high" },
    jobId,
  });
  expect(res.status).toBe(200);
  expect(res.body.updated).toBe(1);
  const none = { code: "NOT_FOUND", number: null, status: null };
  expect(res.body.skipped).toHaveLength(2);
  expect(res.body.skipped).toEqual(
    expect.arrayContaining([
      { id: unknown, ...none },
      { id: "Not-A-Ticket", ...none },
    ]),
  );
  expect(await finished).toEqual({ jobId, done: 3, total: 3, finished: true });
  const timeline = (await api.events(admin, ticket.id)).body as { items: Array<{ type: string }> };
  expect(timeline.items.filter((e) => e.type === "priority")).toHaveLength(1);
});
