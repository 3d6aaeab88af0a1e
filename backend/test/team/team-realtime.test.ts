import request from "supertest";
import { randomUUID } from "node:crypto";
import { nextEvent } from "../support/test-server";
import { fetchMessagesAfter } from "@parley/contract";
import { useTeamServer } from "./helpers";

const { srv: t, api } = useTeamServer();

const waitFor = async (check: () => Promise<boolean>, timeoutMs = 5000) => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
};

test("when an admin connects, then the team list shows them online; when deactivated, their socket is disconnected and can't come back", async () => {
  const lead = await t.admin();
  const member = await t.admin({ name: "Member" });
  const socket = await t.connect(member);
  const online = async () => {
    const res = await request(t.app).get("/api/admins").set(lead.auth);
    return (
      (res.body.items as Array<{ id: string; online: boolean }>).find((a) => a.id === member.userId)
        ?.online === true
    );
  };
  await waitFor(online);

  const gone = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
  const res = await request(t.app)
    .patch(`/api/admins/${member.userId}`)
    .set(lead.auth)
    .send({ active: false });
  expect(res.status).toBe(200);
  expect(await gone).toBe("io server disconnect");
  const refused = (await t.connect(member).catch((err: unknown) => err)) as Error & { data?: unknown };
  expect(refused.message).toBe("UNAUTHENTICATED");
  // The reason travels with the refusal, so the app can tell its owner why (not "session expired").
  expect(refused.data).toEqual({ message: "This account has been deactivated." });
  await waitFor(async () => !(await online()));
});

test("when a bulk job runs, then its starter sees progress on the socket and every admin hears it finish", async () => {
  const starter = await t.admin();
  const colleague = await t.admin();
  const shop = await t.shopUser();
  const ids = [(await api.ticket(shop)).id, (await api.ticket(shop)).id];
  const mine = await t.connect(starter);
  const theirs = await t.connect(colleague);
  const finishedForColleague = nextEvent<{ jobId: string; finished: boolean }>(
    theirs,
    "bulk:progress",
    (p) => p.jobId === "job-1" && p.finished,
  );
  const firstForStarter = nextEvent<{ jobId: string; done: number; total: number; finished: boolean }>(
    mine,
    "bulk:progress",
    (p) => p.jobId === "job-1",
  );
  const res = await request(t.app)
    .post("/api/tickets/bulk")
    .set(starter.auth)
    .send({ ids, set: { priority: "low" }, jobId: "job-1" });
  expect(res.body).toMatchObject({ jobId: "job-1", updated: 2 });
  expect(await firstForStarter).toMatchObject({ done: 2, total: 2 });
  expect(await finishedForColleague).toMatchObject({ finished: true });
});

test("when a shop rates a ticket 1, then its assignee's socket gets satisfaction:low", async () => {
  const assignee = await t.admin();
  const shop = await t.shopUser();
  const ticket = await api.ticket(shop);
  await api.patch(assignee, ticket.id, { assigneeId: assignee.userId, status: "resolved" });
  const socket = await t.connect(assignee);
  const alert = nextEvent<{ ticketId: string; score: number }>(
    socket,
    "satisfaction:low",
    (r) => r.ticketId === ticket.id,
  );
  expect(
    (await request(t.app).post(`/api/tickets/${ticket.id}/satisfaction`).set(shop.auth).send({ score: 1 }))
      .status,
  ).toBe(201);
  expect(await alert).toMatchObject({ score: 1, assigneeId: assignee.userId });
});

test("when a ticket is merged, then live clients hear its messages on the target (the shop not the notes), and catching up on the source is empty, not 400", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const target = await api.ticket(shop, { subject: "Target", message: "First on the target" });
  const source = await api.ticket(shop, { subject: "Source", message: "First on the source" });
  const reply = await api.post(admin, source.id, { body: "A public reply on the source" });
  expect(reply.status).toBe(201);
  expect((await api.post(admin, source.id, { body: "A note on the source", internal: true })).status).toBe(
    201,
  );
  const sourceCursor = reply.body.id as string;

  const shopSocket = await t.connect(shop);
  const adminSocket = await t.connect(admin);
  const heard = (socket: typeof shopSocket) => {
    const bodies: string[] = [];
    socket.on("message:created", (m: { ticketId: string; body: string }) => {
      if (m.ticketId === target.id) bodies.push(m.body);
    });
    return bodies;
  };
  const shopHeard = heard(shopSocket);
  const adminHeard = heard(adminSocket);
  const res = await request(t.app)
    .post(`/api/tickets/${source.id}/merge`)
    .set(admin.auth)
    .send({ intoTicketId: target.id });
  expect(res.status).toBe(200);
  await waitFor(async () => adminHeard.length === 3 && shopHeard.length === 2);
  expect(adminHeard).toEqual(["First on the source", "A public reply on the source", "A note on the source"]);
  expect(shopHeard).toEqual(["First on the source", "A public reply on the source"]);

  for (const who of [shop, admin]) {
    const caughtUp = await request(t.app)
      .get(`/api/tickets/${source.id}/messages`)
      .query({ after: sourceCursor })
      .set(who.auth);
    expect({ status: caughtUp.status, items: caughtUp.body.items }).toEqual({ status: 200, items: [] });
  }
  // A cursor that never was this ticket's is still refused.
  const foreign = await request(t.app)
    .get(`/api/tickets/${source.id}/messages`)
    .query({ after: "7d0f7a52-7f0e-4c59-9d6e-3b8a0c1f2e4d" })
    .set(shop.auth);
  expect(foreign.status).toBe(400);
});

test("when a client that dropped off catches up on the merge target from its last message, then it gets the moved messages, page by page, each once", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const target = await api.ticket(shop, { subject: "Target", message: "First on the target" });
  const source = await api.ticket(shop, { subject: "Source", message: "First on the source" });
  expect((await api.post(admin, source.id, { body: "Reply on the source" })).status).toBe(201);
  expect((await api.post(admin, source.id, { body: "Note on the source", internal: true })).status).toBe(201);
  // The target's newest message is newer than everything on the source: a cursor by time alone would
  // skip the source's messages once they move.
  const last = await api.post(shop, target.id, { body: "Second on the target" });
  const cursor = last.body.id as string;

  // What each client holds before dropping off: the whole thread, cursor at its last message.
  const bodies = async (who: typeof shop, after: string | null, limit: number) => {
    const pages = await fetchMessagesAfter(
      async (a) =>
        (await api.messages(who, target.id, { ...(a ? { after: a } : {}), limit })).body.items as Array<{
          id: string;
          body: string;
          createdAt: string;
        }>,
      after,
      limit,
    );
    return pages.messages.map((m) => m.body);
  };
  expect(await bodies(shop, null, 1)).toEqual(["First on the target", "Second on the target"]);

  expect(
    (
      await request(t.app)
        .post(`/api/tickets/${source.id}/merge`)
        .set(admin.auth)
        .send({ intoTicketId: target.id })
    ).status,
  ).toBe(200);
  const after = await api.post(admin, target.id, { body: "After the merge" });
  expect(after.status).toBe(201);

  // Pages of one, so every page boundary is crossed; each message once, in the order it arrived here.
  expect(await bodies(shop, cursor, 1)).toEqual([
    "First on the source",
    "Reply on the source",
    "After the merge",
  ]);
  expect(await bodies(admin, cursor, 1)).toEqual([
    "First on the source",
    "Reply on the source",
    "Note on the source",
    "After the merge",
  ]);
  // From the start, the whole merged thread, once each.
  expect((await bodies(admin, null, 2)).sort()).toEqual(
    [
      "First on the target",
      "Second on the target",
      "First on the source",
      "Reply on the source",
      "Note on the source",
      "After the merge",
    ].sort(),
  );
  // Catching up from a moved message returns only what arrived after it.
  const moved = (await api.messages(admin, target.id)).body.items as Array<{ id: string; body: string }>;
  const reply = moved.find((m) => m.body === "Reply on the source")!;
  expect(await bodies(admin, reply.id, 1)).toEqual(["Note on the source", "After the merge"]);
});

test("when an admin's disconnect was never recorded (a killed process, the database away), then the lease takes them offline; a connected admin stays online", async () => {
  const lead = await t.admin();
  const ghost = await t.admin({ name: "Ghost" });
  const present = await t.admin({ name: "Present" });
  const watcher = await t.connect(lead);
  await t.connect(present);
  const onlineOf = async (id: string) => {
    const res = await request(t.app).get("/api/admins").set(lead.auth);
    return (res.body.items as Array<{ id: string; online: boolean }>).find((a) => a.id === id)?.online;
  };
  await waitFor(async () => (await onlineOf(present.userId)) === true);
  const knex = t.database.knex;
  // The ghost: online, last seen two minutes ago, no socket anywhere. The present admin: wrongly offline
  // (say, another tab's disconnect was recorded last), with a socket here.
  await knex("admin_presence")
    .insert({ user_id: ghost.userId, online: true, seen_at: new Date(Date.now() - 120_000) })
    .onConflict("user_id")
    .merge();
  await knex("admin_presence").where({ user_id: present.userId }).update({ online: false });
  expect(await onlineOf(ghost.userId)).toBe(true);

  const heard: Array<{ userId: string; online: boolean }> = [];
  watcher.on("admin:presence", (p: { userId: string; online: boolean }) => heard.push(p));
  await t.server.modules.support.refreshPresence();
  expect(await onlineOf(ghost.userId)).toBe(false);
  expect(await onlineOf(present.userId)).toBe(true);
  expect(await onlineOf(lead.userId)).toBe(true);
  await waitFor(async () => heard.length >= 2);
  expect(heard).toEqual(
    expect.arrayContaining([
      { userId: ghost.userId, online: false },
      { userId: present.userId, online: true },
    ]),
  );
  // Offline since last seen, so the offline sweep counts from then.
  const row = await knex("admin_presence").where({ user_id: ghost.userId }).first();
  expect(new Date(row.changed_at).getTime()).toBe(new Date(row.seen_at).getTime());
});

test("when a host user id with both roles is deactivated as an admin, then its shop sockets are disconnected too and can't come back", async () => {
  const lead = await t.admin();
  const userId = `host-dual-${randomUUID()}`;
  const shopId = `shop-${randomUUID()}`;
  const asShop = { token: t.tokens.sign({ userId, role: "shop", shopId, name: "Dual" }) };
  const asAdmin = `Bearer ${t.tokens.sign({ userId, role: "admin", shopId: null, name: "Dual" })}`;
  // A shop socket first; then the host's admin token turns the (host-managed) row into an admin's.
  const shopSocket = await t.connect(asShop);
  expect((await request(t.app).get("/api/tickets").set("Authorization", asAdmin)).status).toBe(200);

  const gone = new Promise<string>((resolve) => {
    shopSocket.once("disconnect", (reason) => resolve(reason));
    setTimeout(() => resolve("still connected after 10 s"), 10_000).unref();
  });
  const res = await request(t.app).patch(`/api/admins/${userId}`).set(lead.auth).send({ active: false });
  expect(res.status).toBe(200);
  expect(await gone).toBe("io server disconnect");
  const refused = (await t.connect(asShop).catch((err: unknown) => err)) as Error;
  expect(refused.message).toBe("UNAUTHENTICATED");
});
