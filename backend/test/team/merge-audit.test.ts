/**
 * Merge (and its neighbours on the team routes) as an audit found them wanting: the answers' unread
 * counts, the target's lastMessageAt, merging into a closed or resolved target, and what the target's
 * watchers (webhooks, sockets) hear. Real server, database, sockets and a local webhook receiver.
 */
import request from "supertest";
import { nextEvent } from "../support/test-server";
import type { Actor } from "../support/test-context";
import { expectError } from "../tickets/helpers";
import { useTeamServer } from "./helpers";
import { startNotificationsTest, type NotificationsTest } from "../notifications/notifications-test";
import { eventually } from "../notifications/stand-ins";

const { srv, api, team } = useTeamServer();

/** Two timestamps apart: created_at has millisecond resolution. */
const tick = () => new Promise((r) => setTimeout(r, 15));

type TicketBody = { id: string; status: string; unreadCount: number; lastMessageAt: string | null };

describe("the answer's unreadCount", () => {
  test("when an admin merges or tags a ticket, then the answer counts the admins' unread messages, as GET does", async () => {
    const admin = await srv.admin();
    const shop = await srv.shopUser();
    const source = await api.ticket(shop, { message: "first on the source" });
    const target = await api.ticket(shop, { message: "first on the target" });
    expect((await api.post(shop, target.id, { body: "second on the target" })).status).toBe(201);

    const merged = await team.merge(admin, source.id, target.id);
    expect(merged.status).toBe(200);
    const afterMerge = (await api.get(admin, target.id)).body as TicketBody;
    expect(afterMerge.unreadCount).toBe(3);
    expect((merged.body as TicketBody).unreadCount).toBe(afterMerge.unreadCount);

    const tagged = await team.tags(admin, target.id, ["vip"]);
    expect(tagged.status).toBe(200);
    expect((tagged.body as TicketBody).unreadCount).toBe(3);
    // The same tags again change nothing, and still answer the real count.
    expect(((await team.tags(admin, target.id, ["vip"])).body as TicketBody).unreadCount).toBe(3);
  });

  test("when a shop looks for similar tickets, then each carries the shop's own unread count", async () => {
    const admin = await srv.admin();
    const shop = await srv.shopUser();
    const word = `quokka${Date.now() % 100000}`;
    const mine = await api.ticket(shop, { subject: `Refund ${word} parcel`, message: "missing" });
    expect((await api.post(admin, mine.id, { body: "Looking into it." })).status).toBe(201);

    const res = await request(srv.app)
      .get("/api/tickets/similar")
      .query({ q: `refund ${word}` })
      .set(shop.auth);
    expect(res.status).toBe(200);
    const own = (await api.get(shop, mine.id)).body as TicketBody;
    expect(own.unreadCount).toBe(1);
    expect(res.body.items).toEqual([expect.objectContaining({ id: mine.id, unreadCount: 1 })]);
  });
});

test("when the source's newest message is an internal note, then the target's lastMessageAt stays at its newest public message", async () => {
  const admin = await srv.admin();
  const shop = await srv.shopUser();
  const source = await api.ticket(shop, { message: "on the source" });
  const target = await api.ticket(shop, { message: "on the target" });
  await tick();
  const note = await api.post(admin, source.id, { body: "internal: check the carrier", internal: true });
  expect(note.status).toBe(201);
  const before = ((await api.get(shop, target.id)).body as TicketBody).lastMessageAt;

  const merged = await team.merge(admin, source.id, target.id);
  expect(merged.status).toBe(200);
  const shopView = (await api.get(shop, target.id)).body as TicketBody;
  const visible = (await api.messages(shop, target.id)).body.items as Array<{ createdAt: string }>;
  // A note posted directly leaves lastMessageAt alone; moved with a merge, it does too.
  expect(shopView.lastMessageAt).toBe(visible[visible.length - 1]!.createdAt);
  expect(shopView.lastMessageAt).toBe(before);
  expect(shopView.lastMessageAt).not.toBe(note.body.createdAt);
  expect((merged.body as TicketBody).lastMessageAt).toBe(before);
});

describe("the target's status", () => {
  test("when the target is closed, then the merge is 409 INVALID_TRANSITION and changes nothing; reopened, it merges", async () => {
    const admin = await srv.admin();
    const shop = await srv.shopUser();
    const closed = await api.ticket(shop, { message: "old issue" });
    expect((await api.patch(admin, closed.id, { status: "closed" })).status).toBe(200);
    const live = await api.ticket(shop, { message: "still waiting for an answer" });

    const refused = await team.merge(admin, live.id, closed.id);
    expectError(refused, 409, "INVALID_TRANSITION");
    expect(refused.body.error.message).toMatch(/closed/);
    expect((await api.get(shop, live.id)).body).toMatchObject({ status: "open", mergedIntoId: null });
    expect((await api.messages(shop, live.id)).body.items).toHaveLength(1);
    expect((await api.messages(shop, closed.id)).body.items).toHaveLength(1);
    // The shop can still write on its open ticket: its question was not buried.
    expect((await api.post(shop, live.id, { body: "any news?" })).status).toBe(201);

    expect((await api.patch(admin, closed.id, { status: "open" })).status).toBe(200);
    expect((await team.merge(admin, live.id, closed.id)).status).toBe(200);
  });

  test("when an open source with the shop's unanswered question is merged into a resolved target, then the target reopens", async () => {
    const admin = await srv.admin();
    const shop = await srv.shopUser();
    const target = await api.ticket(shop, { message: "first issue" });
    expect((await api.post(admin, target.id, { body: "Fixed." })).status).toBe(201);
    expect((await api.patch(admin, target.id, { status: "resolved" })).status).toBe(200);
    const source = await api.ticket(shop, { message: "it broke again" });

    const merged = await team.merge(admin, source.id, target.id);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: target.id, status: "open", resolvedAt: null });
    expect((await api.get(shop, target.id)).body).toMatchObject({ status: "open", resolvedAt: null });
    const events = (await api.events(admin, target.id)).body.items as Array<Record<string, unknown>>;
    expect(events).toContainEqual(
      expect.objectContaining({ type: "status", from: "resolved", to: "open", actorId: admin.userId }),
    );
    expect((await api.post(shop, target.id, { body: "thanks for looking" })).status).toBe(201);
  });

  test("when the merged thread's last public word is the team's, then a resolved target stays resolved", async () => {
    const admin = await srv.admin();
    const shop = await srv.shopUser();
    const target = await api.ticket(shop, { message: "first issue" });
    expect((await api.post(admin, target.id, { body: "Fixed." })).status).toBe(201);
    expect((await api.patch(admin, target.id, { status: "resolved" })).status).toBe(200);
    const source = await api.ticket(shop, { message: "a related question" });
    expect((await api.post(admin, source.id, { body: "Answered: see above." })).status).toBe(201);

    const merged = await team.merge(admin, source.id, target.id);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: target.id, status: "resolved" });
    const events = (await api.events(admin, target.id)).body.items as Array<Record<string, unknown>>;
    expect(events).not.toContainEqual(expect.objectContaining({ type: "status", to: "open" }));
  });
});

test("when tickets are merged, then admins and the owning shop hear ticket:updated for the target, each with its own count", async () => {
  const admin = await srv.admin();
  const shop = await srv.shopUser();
  const source = await api.ticket(shop, { message: "on the source" });
  const target = await api.ticket(shop, { message: "on the target" });
  expect((await api.post(admin, target.id, { body: "A reply the shop has not read." })).status).toBe(201);
  const adminSocket = await srv.connect(admin);
  const shopSocket = await srv.connect(shop);
  type Heard = { id: string; unreadCount: number; tags: string[] };
  const isTarget = (t: Heard) => t.id === target.id;
  const adminHeard = nextEvent<Heard>(adminSocket, "ticket:updated", isTarget);
  const shopHeard = nextEvent<Heard>(shopSocket, "ticket:updated", isTarget);

  expect((await team.merge(admin, source.id, target.id)).status).toBe(200);
  expect(await adminHeard).toMatchObject({
    id: target.id,
    unreadCount: ((await api.get(admin, target.id)).body as TicketBody).unreadCount,
  });
  expect(await shopHeard).toMatchObject({ id: target.id, unreadCount: 1, tags: [] });
});

describe("webhooks", () => {
  let n: NotificationsTest;
  beforeAll(async () => {
    n = await startNotificationsTest({ NOTIFY_TIMEOUT_MS: "1000" });
  });
  afterAll(() => n?.close());

  test("when tickets are merged, then ticket.updated webhooks hear of the target too, with its merge", async () => {
    const { ctx, provider, root } = n;
    const hook = await request(ctx.app)
      .post("/api/webhooks")
      .set(root.auth)
      .send({ url: `${provider.url}/hook-merge-target`, events: ["ticket.updated"] });
    expect(hook.status).toBe(201);
    const shop: Actor = await ctx.shopUser();
    const source = await n.fileTicket(shop, "Merged away");
    const target = await n.fileTicket(shop, "Merged into");
    const merged = await request(ctx.app)
      .post(`/api/tickets/${source.id}/merge`)
      .set(root.auth)
      .send({ intoTicketId: target.id });
    expect(merged.status).toBe(200);

    type Call = { type: string; data: { ticket: { id: string; status: string }; changes: unknown[] } };
    const callFor = (id: string) =>
      eventually(
        () =>
          provider
            .on("/hook-merge-target")
            .map((r) => r.json as Call)
            .find((c) => c.data.ticket.id === id),
        `the webhook call for ${id}`,
      );
    const targetCall = await callFor(target.id);
    expect(targetCall.type).toBe("ticket.updated");
    expect(targetCall.data.changes).toEqual([{ type: "merged", from: source.id, to: target.id }]);
    expect(targetCall.data.ticket).toMatchObject({ id: target.id, status: "open" });
    // The source's notice is unchanged: its own closing and where it went.
    expect((await callFor(source.id)).data.changes).toEqual(
      expect.arrayContaining([{ type: "merged", from: source.id, to: target.id }]),
    );
  });
});
