import request from "supertest";
import { randomUUID } from "node:crypto";
import { BULK_FILTER_MAX } from "@parley/contract";
import { expectError } from "../tickets/helpers";
import { useTeamContext } from "./helpers";

const { ctx, api, team } = useTeamContext();

const email = () => `admin-${randomUUID()}@team.test`;

describe("admin team", () => {
  test("when an admin creates an admin with a password, then the new admin signs in and is listed", async () => {
    const lead = await ctx.admin();
    const address = email();
    const created = await team.createAdmin(lead, {
      email: address,
      name: "Nia New",
      password: "s3cret-pass",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: address,
      name: "Nia New",
      active: true,
      invited: false,
      inviteUrl: null,
    });
    const login = await request(ctx.app)
      .post("/api/auth/login")
      .send({ email: address, password: "s3cret-pass" });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe("admin");
    const list = await team.listAdmins(lead);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ id: created.body.id, active: true, online: false }),
    );
  });

  test("when an admin is invited without a password, then the one-time link sets it once", async () => {
    const lead = await ctx.admin();
    const address = email();
    const created = await team.createAdmin(lead, { email: address, name: "Ivo Invited" });
    expect(created.status).toBe(201);
    expect(created.body.invited).toBe(true);
    const token = new URL(created.body.inviteUrl as string, "http://x").searchParams.get("token")!;
    const info = await request(ctx.app).get("/api/auth/invite").query({ token });
    expect(info.body).toEqual({ email: address, name: "Ivo Invited" });
    const accepted = await request(ctx.app)
      .post("/api/auth/invite")
      .send({ token, password: "chosen-pass-1" });
    expect(accepted.status).toBe(200);
    const me = await request(ctx.app)
      .get("/api/me")
      .set({ Authorization: `Bearer ${accepted.body.token}` });
    expect(me.body.role).toBe("admin");
    expectError(
      await request(ctx.app).post("/api/auth/invite").send({ token, password: "again-pass-2" }),
      404,
      "NOT_FOUND",
    );
    const login = await request(ctx.app)
      .post("/api/auth/login")
      .send({ email: address, password: "chosen-pass-1" });
    expect(login.status).toBe(200);
  });

  test("bad admin input: duplicate email 409, bad email 400, shop 403, unknown id 404", async () => {
    const lead = await ctx.admin();
    const shop = await ctx.shopUser();
    const address = email();
    expect((await team.createAdmin(lead, { email: address, name: "A" })).status).toBe(201);
    expectError(await team.createAdmin(lead, { email: address.toUpperCase(), name: "B" }), 409, "CONFLICT");
    expectError(await team.createAdmin(lead, { email: "not-an-email", name: "B" }), 400, "VALIDATION_FAILED");
    // Longer than SMTP can carry (254).
    const long = `${"a".repeat(60)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`;
    expectError(await team.createAdmin(lead, { email: long, name: "B" }), 400, "VALIDATION_FAILED");
    expectError(
      await team.createAdmin(lead, { email: email(), name: "B", role: "admin" }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await team.createAdmin(shop, { email: email(), name: "B" }), 403, "FORBIDDEN");
    expectError(await team.listAdmins(shop), 403, "FORBIDDEN");
    expectError(await team.setActive(lead, "no-such-admin", false), 404, "NOT_FOUND");
    expectError(await team.setActive(lead, shop.userId, false), 404, "NOT_FOUND");
  });

  test("when an admin is deactivated, then their token is refused at once, their open tickets return to the queue, and they can't be assigned", async () => {
    const lead = await ctx.admin();
    const leaving = await ctx.admin({ name: "Leaving" });
    const shop = await ctx.shopUser();
    const open = await api.ticket(shop);
    const done = await api.ticket(shop);
    expect((await api.patch(lead, open.id, { assigneeId: leaving.userId })).status).toBe(200);
    expect((await api.patch(lead, done.id, { assigneeId: leaving.userId, status: "resolved" })).status).toBe(
      200,
    );

    const res = await team.setActive(lead, leaving.userId, false);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: leaving.userId, active: false, online: false });

    expectError(await api.list(leaving), 401, "UNAUTHENTICATED");
    expect((await api.get(lead, open.id)).body.assigneeId).toBeNull();
    // A resolved ticket keeps its history.
    expect((await api.get(lead, done.id)).body.assigneeId).toBe(leaving.userId);
    const timeline = (await api.events(lead, open.id)).body.items as Array<Record<string, unknown>>;
    expect(timeline).toContainEqual(
      expect.objectContaining({ type: "assignee", actorId: lead.userId, from: leaving.userId, to: null }),
    );
    expectError(await api.patch(lead, open.id, { assigneeId: leaving.userId }), 400, "VALIDATION_FAILED");
    expectError(
      await team.bulk(lead, { ids: [open.id], set: { assigneeId: leaving.userId } }),
      400,
      "VALIDATION_FAILED",
    );

    // Re-activated: the same host-minted token works again.
    expect((await team.setActive(lead, leaving.userId, true)).status).toBe(200);
    expect((await api.list(leaving)).status).toBe(200);
  });
});

describe("tags", () => {
  test("when an admin tags a ticket, then the queue filters by tag, the timeline records it, and the shop never sees tags", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const t = await api.ticket(shop);
    const other = await api.ticket(shop);
    const tag = `outage-${randomUUID().slice(0, 8)}`;
    const res = await team.tags(admin, t.id, [tag, "Billing", "billing"]);
    expect(res.status).toBe(200);
    expect(res.body.tags).toEqual(["billing", tag].sort());
    const list = await api.list(admin, { tag });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([t.id]);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(other.id);
    expect((await api.get(shop, t.id)).body.tags).toEqual([]);
    expectError(await api.list(shop, { tag }), 403, "FORBIDDEN");
    const events = (await api.events(admin, t.id)).body.items as Array<Record<string, unknown>>;
    expect(events).toContainEqual(
      expect.objectContaining({ type: "tags", from: "", to: ["billing", tag].sort().join(",") }),
    );
    expectError(await team.tags(admin, t.id, ["has space"]), 400, "VALIDATION_FAILED");
    expectError(await team.tags(shop, t.id, ["x"]), 403, "FORBIDDEN");
    expectError(await team.tags(admin, randomUUID(), ["x"]), 404, "NOT_FOUND");
  });
});

describe("bulk", () => {
  test("when an admin bulk-resolves a mix of tickets, then each follows the lifecycle and refusals are reported per ticket", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const a = await api.ticket(shop);
    const b = await api.ticket(shop);
    const closed = await api.ticket(shop);
    expect((await api.patch(admin, closed.id, { status: "closed" })).status).toBe(200);
    const unknown = randomUUID();
    const res = await team.bulk(admin, {
      ids: [a.id, b.id, closed.id, unknown, "not-a-uuid"],
      set: { status: "resolved", priority: "high", addTags: ["bulk-done"] },
    });
    expect(res.status).toBe(200);
    expect(res.body.updated).toBe(2);
    // Each refusal names the ticket as agents know it: its number and its status (none when not found).
    expect(res.body.skipped).toEqual(
      expect.arrayContaining([
        { id: closed.id, code: "INVALID_TRANSITION", number: closed.number, status: "closed" },
        { id: unknown, code: "NOT_FOUND", number: null, status: null },
        { id: "not-a-uuid", code: "NOT_FOUND", number: null, status: null },
      ]),
    );
    expect(res.body.skipped).toHaveLength(3);
    for (const id of [a.id, b.id]) {
      const t = (await api.get(admin, id)).body;
      expect(t).toMatchObject({ status: "resolved", priority: "high", tags: ["bulk-done"] });
      expect(t.resolvedAt).not.toBeNull();
      const types = ((await api.events(admin, id)).body.items as Array<{ type: string }>).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(["status", "priority", "tags"]));
    }
    // The SLA clock moved as for a single PATCH of the same change: compare with a ticket changed on its own.
    const control = await api.ticket(shop);
    const patched = (await api.patch(admin, control.id, { status: "resolved", priority: "high" })).body;
    const bulked = (await api.get(admin, a.id)).body;
    const paused = (sla: Record<string, unknown>) => ({
      firstResponse: sla.firstResponseDueAt === null,
      resolution: sla.resolutionDueAt === null,
    });
    expect(paused(bulked.sla)).toEqual(paused(patched.sla));
    // …and wrote the same SLA timeline events (the clock paused on resolution).
    const slaEvents = async (id: string) =>
      ((await api.events(admin, id)).body.items as Array<{ type: string; to: string | null }>)
        .filter((e) => e.type.startsWith("sla_"))
        // Deadlines differ from ticket to ticket; the pause reason must not.
        .map((e) => (e.type === "sla_paused" ? `${e.type}:${e.to}` : e.type));
    expect(await slaEvents(a.id)).toEqual(expect.arrayContaining(["sla_paused:resolved"]));
    expect(await slaEvents(a.id)).toEqual(await slaEvents(control.id));
    // The refused one is untouched: no silent partial change.
    expect((await api.get(admin, closed.id)).body).toMatchObject({
      status: "closed",
      priority: "medium",
      tags: [],
    });
  });

  test("when a bulk names a filter, then every matching ticket changes, and tags come off again", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await api.ticket(shop)).id);
    const res = await team.bulk(admin, {
      filter: { shopId: shop.shopId },
      set: { addTags: ["x1", "x2"], assigneeId: admin.userId },
    });
    expect(res.body).toMatchObject({ updated: 3, skipped: [] });
    const again = await team.bulk(admin, {
      filter: { shopId: shop.shopId, tag: "x1" },
      set: { removeTags: ["x1"] },
    });
    expect(again.body.updated).toBe(3);
    for (const id of ids)
      expect((await api.get(admin, id)).body).toMatchObject({ tags: ["x2"], assigneeId: admin.userId });
    // Statuses as the queue's URL writes them (a comma list) mean the same as a JSON array.
    await api.patch(admin, ids[0]!, { status: "in_progress" });
    for (const [status, priority] of [
      ["open,in_progress", "high"],
      [["open", "in_progress"], "low"],
      ["in_progress", "urgent"],
    ] as const) {
      const listed = await team.bulk(admin, {
        filter: { shopId: shop.shopId, status },
        set: { priority },
      });
      expect([status, listed.status, listed.body.updated]).toEqual([
        status,
        200,
        status === "in_progress" ? 1 : 3,
      ]);
    }
    const bogus = await team.bulk(admin, {
      filter: { shopId: shop.shopId, status: "open,bogus" },
      set: { priority: "low" },
    });
    expectError(bogus, 400, "VALIDATION_FAILED");
    expect(bogus.body.error.details.map((d: { path: string }) => d.path)).toEqual(["filter.status.1"]);
  });

  test("when an admin counts a filter before a bulk change, then the count is what the change takes up, SLA, source and context filters included", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const [late, onTime, other] = [await api.ticket(shop), await api.ticket(shop), await api.ticket(shop)];
    await ctx.database.knex("support_tickets").where({ id: late.id }).update({ sla_breached: true });
    const count = (filter: unknown) =>
      request(ctx.app).post("/api/tickets/bulk/count").set(admin.auth).send({ filter });
    expect((await count({ shopId: shop.shopId })).body).toEqual({ count: 3, max: BULK_FILTER_MAX });
    expect((await count({ shopId: shop.shopId, sla: "breached" })).body.count).toBe(1);
    expect((await count({ shopId: shop.shopId, source: "visitor" })).body.count).toBe(0);
    expect((await count({ shopId: shop.shopId, source: "shop", status: "open" })).body.count).toBe(3);
    expect((await count({ shopId: shop.shopId, contextId: "no-such-order" })).body.count).toBe(0);
    // The change takes up exactly the counted tickets: the breached one, not its neighbours.
    const res = await team.bulk(admin, {
      filter: { shopId: shop.shopId, sla: "breached" },
      set: { priority: "urgent" },
    });
    expect(res.body).toMatchObject({ updated: 1, skipped: [] });
    expect((await api.get(admin, late.id)).body.priority).toBe("urgent");
    for (const t of [onTime, other]) expect((await api.get(admin, t.id)).body.priority).toBe("medium");
    expectError(await count({ sla: "late" }), 400, "VALIDATION_FAILED");
    expectError(
      await request(ctx.app).post("/api/tickets/bulk/count").set(admin.auth).send({}),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await request(ctx.app).post("/api/tickets/bulk/count").set(shop.auth).send({ filter: {} }),
      403,
      "FORBIDDEN",
    );
  });

  test("bad bulk input is a 400 and changes nothing", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const t = await api.ticket(shop);
    expectError(await team.bulk(admin, { ids: [t.id], set: {} }), 400, "VALIDATION_FAILED");
    expectError(
      await team.bulk(admin, { ids: [t.id], filter: {}, set: { priority: "low" } }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await team.bulk(admin, { set: { priority: "low" } }), 400, "VALIDATION_FAILED");
    expectError(await team.bulk(admin, { ids: [t.id], set: { priority: "nope" } }), 400, "VALIDATION_FAILED");
    expectError(
      await team.bulk(admin, { ids: [t.id], set: { assigneeId: shop.userId } }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await team.bulk(shop, { ids: [t.id], set: { status: "closed" } }), 403, "FORBIDDEN");
    expect((await api.get(admin, t.id)).body).toMatchObject({ priority: "medium", status: "open" });
  });

  test("thousands of unknown ids mixed in are each reported, the real ones change", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const real = await api.ticket(shop);
    const foreign = Array.from({ length: 2000 }, () => randomUUID());
    const res = await team.bulk(admin, { ids: [...foreign, real.id], set: { priority: "urgent" } });
    expect(res.status).toBe(200);
    expect(res.body.updated).toBe(1);
    expect(res.body.skipped).toHaveLength(2000);
    expect(new Set(res.body.skipped.map((s: { code: string }) => s.code))).toEqual(new Set(["NOT_FOUND"]));
  });
});

describe("merge", () => {
  test("when a duplicate is merged, then messages move in time order, the source closes with a pointer, both timelines record it", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const target = await api.ticket(shop, { subject: "Parcel lost", message: "first on target" });
    const source = await api.ticket(shop, { subject: "Parcel lost again", message: "first on source" });
    expect((await api.post(shop, target.id, { body: "second on target" })).status).toBe(201);
    expect((await api.post(shop, source.id, { body: "second on source" })).status).toBe(201);

    const res = await team.merge(admin, source.id, target.id);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(target.id);
    const bodies = ((await api.messages(admin, target.id)).body.items as Array<{ body: string }>).map(
      (m) => m.body,
    );
    expect(bodies).toEqual(["first on target", "first on source", "second on target", "second on source"]);
    const src = (await api.get(shop, source.id)).body;
    expect(src).toMatchObject({ status: "closed", mergedIntoId: target.id });
    const srcEvents = (await api.events(admin, source.id)).body.items as Array<Record<string, unknown>>;
    expect(srcEvents).toContainEqual(
      expect.objectContaining({ type: "merged", from: source.id, to: target.id }),
    );
    const tgtEvents = (await api.events(shop, target.id)).body.items as Array<Record<string, unknown>>;
    expect(tgtEvents).toContainEqual(
      expect.objectContaining({ type: "merged", from: source.id, to: target.id }),
    );
    expectError(await api.post(shop, source.id, { body: "late" }), 409, "INVALID_TRANSITION");
  });

  test("when a ticket with an internal note is merged, then searching the note's words finds the target", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const word = `notequince${Date.now() % 100000}`;
    const target = await api.ticket(shop, { subject: "Refund A", message: "on target" });
    const source = await api.ticket(shop, { subject: "Refund B", message: "on source" });
    expect((await api.post(admin, source.id, { body: `check ${word} first`, internal: true })).status).toBe(
      201,
    );
    expect((await team.merge(admin, source.id, target.id)).status).toBe(200);
    const found = await request(ctx.app).get("/api/tickets").query({ q: word }).set(admin.auth);
    expect(found.status).toBe(200);
    expect((found.body.items as Array<{ id: string }>).map((t) => t.id)).toContain(target.id);
    // The shop never finds a ticket by a note's words.
    const asShop = await request(ctx.app).get("/api/tickets").query({ q: word }).set(shop.auth);
    expect(asShop.body.items).toEqual([]);
  });

  test("merging across shops, into itself, into an unknown ticket or twice is a 400 and changes nothing", async () => {
    const admin = await ctx.admin();
    const shopA = await ctx.shopUser();
    const shopB = await ctx.shopUser();
    const a = await api.ticket(shopA);
    const a2 = await api.ticket(shopA);
    const b = await api.ticket(shopB);
    expectError(await team.merge(admin, a.id, b.id), 400, "VALIDATION_FAILED");
    expectError(await team.merge(admin, a.id, a.id), 400, "VALIDATION_FAILED");
    expectError(await team.merge(admin, a.id, randomUUID()), 400, "VALIDATION_FAILED");
    expectError(await team.merge(admin, a.id, "nope"), 400, "VALIDATION_FAILED");
    expectError(await team.merge(admin, randomUUID(), a.id), 404, "NOT_FOUND");
    expectError(await team.merge(shopA, a.id, a2.id), 403, "FORBIDDEN");
    expect((await api.messages(admin, b.id)).body.items).toHaveLength(1);
    expect((await api.get(admin, a.id)).body).toMatchObject({ status: "open", mergedIntoId: null });
    expect((await team.merge(admin, a.id, a2.id)).status).toBe(200);
    expectError(await team.merge(admin, a.id, a2.id), 400, "VALIDATION_FAILED");
  });

  test("when a merged ticket is reopened by PATCH or bulk, then 409 INVALID_TRANSITION and it stays closed", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const target = await api.ticket(shop);
    const source = await api.ticket(shop);
    expect((await team.merge(admin, source.id, target.id)).status).toBe(200);

    expectError(await api.patch(admin, source.id, { status: "open" }), 409, "INVALID_TRANSITION");
    expectError(await api.patch(admin, source.id, { status: "resolved" }), 409, "INVALID_TRANSITION");
    const bulk = await team.bulk(admin, { ids: [source.id, target.id], set: { status: "in_progress" } });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toMatchObject({ updated: 1, skipped: [{ id: source.id, code: "INVALID_TRANSITION" }] });
    expect((await api.get(admin, source.id)).body).toMatchObject({
      status: "closed",
      mergedIntoId: target.id,
    });
    const post = await api.post(shop, source.id, { body: "still here?" });
    expectError(post, 409, "INVALID_TRANSITION");
    // Not "reopen it", which the merge forbids: the conversation goes on in the target.
    expect(post.body.error.message).toMatch(/merged into another one/);
    // Still never merged twice, and the target took the bulk change.
    expectError(await team.merge(admin, source.id, target.id), 400, "VALIDATION_FAILED");
    expect((await api.get(admin, target.id)).body.status).toBe("in_progress");
  });

  test("when a merged ticket's priority or assignee is changed by PATCH or bulk, then 409 INVALID_TRANSITION (bulk: skipped) and it keeps them", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const target = await api.ticket(shop);
    const source = await api.ticket(shop);
    expect((await team.merge(admin, source.id, target.id)).status).toBe(200);
    const statusFrozen = await api.patch(admin, source.id, { status: "open" });

    for (const body of [
      { priority: "urgent" },
      { assigneeId: admin.userId },
      { priority: "high", assigneeId: null },
    ]) {
      const res = await api.patch(admin, source.id, body);
      expectError(res, 409, "INVALID_TRANSITION");
      // The same error as the status freeze, not merely the same code.
      expect(res.body.error.message).toBe(statusFrozen.body.error.message);
    }
    // Naming the value it already has changes nothing, so nothing is refused.
    expect((await api.patch(admin, source.id, { priority: "medium", assigneeId: null })).status).toBe(200);

    for (const set of [{ priority: "high" }, { assigneeId: admin.userId }]) {
      const bulk = await team.bulk(admin, { ids: [source.id, target.id], set });
      expect(bulk.status).toBe(200);
      expect(bulk.body).toMatchObject({
        updated: 1,
        skipped: [{ id: source.id, code: "INVALID_TRANSITION" }],
      });
    }
    // Tags are the team's labels, not work on the ticket: they stay free.
    expect((await team.bulk(admin, { ids: [source.id], set: { addTags: ["dup"] } })).body).toMatchObject({
      updated: 1,
      skipped: [],
    });
    expect((await api.get(admin, source.id)).body).toMatchObject({
      status: "closed",
      priority: "medium",
      assigneeId: null,
      tags: ["dup"],
      mergedIntoId: target.id,
    });
    const types = ((await api.events(admin, source.id)).body.items as Array<{ type: string }>).map(
      (e) => e.type,
    );
    expect(types).not.toContain("priority");
    expect(types).not.toContain("assignee");
    // The target took both bulk changes.
    expect((await api.get(admin, target.id)).body).toMatchObject({
      priority: "high",
      assigneeId: admin.userId,
    });
  });

  test("when only the source had an admin reply, then after the merge the target has its first response and its clock knows it", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const source = await api.ticket(shop, { message: "answered on the source" });
    expect((await api.post(admin, source.id, { body: "We are on it." })).status).toBe(201);
    const answered = (await api.get(admin, source.id)).body;
    expect(answered.firstResponseAt).not.toBeNull();
    const target = await api.ticket(shop, { message: "never answered here" });
    expect((await api.get(admin, target.id)).body).toMatchObject({
      firstResponseAt: null,
      sla: { nextResponseDueAt: null },
    });

    expect((await team.merge(admin, source.id, target.id)).status).toBe(200);
    const merged = (await api.get(admin, target.id)).body;
    expect(merged.firstResponseAt).toBe(answered.firstResponseAt);
    // The SLA clock took the first response as a first admin reply does: the first-response target
    // stopped, and the shop's newer message (the target's own) is owed a next response.
    expect(merged.sla.nextResponseDueAt).not.toBeNull();
  });

  test("when both tickets had admin replies, then the target keeps the earlier first response; when neither had, none", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const source = await api.ticket(shop);
    expect((await api.post(admin, source.id, { body: "First answer." })).status).toBe(201);
    const target = await api.ticket(shop);
    expect((await api.post(admin, target.id, { body: "Later answer." })).status).toBe(201);
    const earlier = (await api.get(admin, source.id)).body.firstResponseAt as string;
    const later = (await api.get(admin, target.id)).body.firstResponseAt as string;
    expect(Date.parse(earlier)).toBeLessThan(Date.parse(later));
    expect((await team.merge(admin, source.id, target.id)).status).toBe(200);
    expect((await api.get(admin, target.id)).body.firstResponseAt).toBe(earlier);

    // The other way round: the target's own earlier first response stays.
    const olderTarget = await api.ticket(shop);
    expect((await api.post(admin, olderTarget.id, { body: "Early." })).status).toBe(201);
    const newerSource = await api.ticket(shop);
    expect((await api.post(admin, newerSource.id, { body: "Late." })).status).toBe(201);
    const kept = (await api.get(admin, olderTarget.id)).body.firstResponseAt as string;
    expect((await team.merge(admin, newerSource.id, olderTarget.id)).status).toBe(200);
    expect((await api.get(admin, olderTarget.id)).body.firstResponseAt).toBe(kept);

    const a = await api.ticket(shop);
    const b = await api.ticket(shop);
    expect((await team.merge(admin, a.id, b.id)).status).toBe(200);
    expect((await api.get(admin, b.id)).body.firstResponseAt).toBeNull();
  });

  test("when tickets are merged, then a message unread on its own ticket is unread on the target, and read ones stay read", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const unreadCount = async (as: typeof admin, id: string) =>
      (await api.get(as, id)).body.unreadCount as number;

    // The team read the (older) source, not the (newer) target: only the target's message stays unread.
    const readSource = await api.ticket(shop, { message: "read, older" });
    const unreadTarget = await api.ticket(shop, { message: "unread, newer" });
    expect((await api.read(admin, readSource.id)).status).toBe(204);
    expect((await team.merge(admin, readSource.id, unreadTarget.id)).status).toBe(200);
    expect(await unreadCount(admin, unreadTarget.id)).toBe(1);
    expect(await unreadCount(shop, unreadTarget.id)).toBe(0);

    // The team read the (newer) target past the (older) source's unread message: that one still counts
    // (the pointer stops below it), and the target's read message after it stays read (its stamp).
    const unreadSource = await api.ticket(shop, { message: "unread, older" });
    const readTarget = await api.ticket(shop, { message: "read, newer" });
    expect((await api.read(admin, readTarget.id)).status).toBe(204);
    expect((await team.merge(admin, unreadSource.id, readTarget.id)).status).toBe(200);
    expect(await unreadCount(admin, readTarget.id)).toBe(1);
    expect((await api.read(admin, readTarget.id)).status).toBe(204);
    expect(await unreadCount(admin, readTarget.id)).toBe(0);

    // The shop read the team's reply on both: nothing comes back unread for either side.
    const a = await api.ticket(shop, { message: "a" });
    const b = await api.ticket(shop, { message: "b" });
    for (const t of [a, b]) {
      expect((await api.post(admin, t.id, { body: "on it" })).status).toBe(201);
      expect((await api.read(shop, t.id)).status).toBe(204);
    }
    expect((await team.merge(admin, a.id, b.id)).status).toBe(200);
    expect(await unreadCount(admin, b.id)).toBe(0);
    expect(await unreadCount(shop, b.id)).toBe(0);
  });

  test("when tickets are merged past an unread message, then the target's next read or reply stamps it read", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const readAtOf = async (id: string, body: string) =>
      ((await api.messages(admin, id)).body.items as Array<{ body: string; readAt: string | null }>).find(
        (m) => m.body === body,
      )?.readAt;

    // The merge moves the target's read pointer back below the source's unread message; a read or a
    // reply then stamps from there, not only above the pointer the team had before the merge.
    for (const next of ["read", "reply"] as const) {
      const source = await api.ticket(shop, { message: `unread, older (${next})` });
      const target = await api.ticket(shop, { message: `read, newer (${next})` });
      expect((await api.read(admin, target.id)).status).toBe(204);
      expect((await team.merge(admin, source.id, target.id)).status).toBe(200);
      expect(await readAtOf(target.id, `unread, older (${next})`)).toBeNull();

      if (next === "read") expect((await api.read(admin, target.id)).status).toBe(204);
      else expect((await api.post(admin, target.id, { body: "merged, on it" })).status).toBe(201);
      expect(await readAtOf(target.id, `unread, older (${next})`)).toEqual(expect.any(String));
      expect(await readAtOf(target.id, `read, newer (${next})`)).toEqual(expect.any(String));
    }
  });

  test("when a shop drafts a ticket, then its own open tickets that look like it are suggested, never another shop's", async () => {
    const shop = await ctx.shopUser();
    const other = await ctx.shopUser();
    const word = `zanzibar${randomUUID().slice(0, 6)}`;
    const mine = await api.ticket(shop, { subject: `Refund for ${word} order`, message: "please" });
    await api.ticket(other, { subject: `Refund for ${word} order`, message: "please" });
    const res = await request(ctx.app)
      .get("/api/tickets/similar")
      .query({ q: `${word} refund` })
      .set(shop.auth);
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { id: string }) => t.id)).toEqual([mine.id]);
  });

  test("when a draft shares only one word, or only filler words, with a ticket, then that ticket is not suggested", async () => {
    const shop = await ctx.shopUser();
    const tag = randomUUID().slice(0, 6);
    await api.ticket(shop, {
      subject: `Shipping label prints blank ${tag}`,
      message: "The printer and the label are fine, and the app wants a new label",
    });
    const payout = await api.ticket(shop, {
      subject: `Payout late ${tag}`,
      message: "The refund for the buyer",
    });
    const similar = async (q: string) =>
      (await request(ctx.app).get("/api/tickets/similar").query({ q }).set(shop.auth)).body.items.map(
        (t: { id: string }) => t.id,
      );
    // "the", "and" (filler) and "wants" are in the label ticket, "late", "buyer" and "refund" in the payout one.
    expect(await similar("My payment is late and the buyer wants a refund")).toEqual([payout.id]);
    expect(await similar("the and for")).toEqual([]);
    // A one-word draft still finds the ticket with that word.
    expect(await similar("payout")).toEqual([payout.id]);
  });
});

describe("ticket.updated outbox payloads", () => {
  const outboxChanges = async (ticketId: string) => {
    const rows = (await ctx.database
      .knex("notification_events")
      .where({ ticket_id: ticketId, type: "ticket.updated" })
      .orderBy("created_at")
      .select("payload")) as Array<{ payload: { changes: unknown[] } }>;
    return rows.map((r) => r.payload.changes);
  };

  test("when the same change is made by PATCH and by bulk, then both ticket.updated payloads carry the same changes, {type, from, to} only", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const patched = await api.ticket(shop);
    const bulked = await api.ticket(shop);
    const set = { status: "in_progress", priority: "high", assigneeId: admin.userId };
    expect((await api.patch(admin, patched.id, set)).status).toBe(200);
    expect((await team.bulk(admin, { ids: [bulked.id], set })).body).toMatchObject({ updated: 1 });

    const expected = [
      { type: "status", from: "open", to: "in_progress" },
      { type: "priority", from: "medium", to: "high" },
      { type: "assignee", from: null, to: admin.userId },
    ];
    expect(await outboxChanges(patched.id)).toEqual([expected]);
    expect(await outboxChanges(bulked.id)).toEqual([expected]);
  });
});

describe("satisfaction", () => {
  test("when the shop rates a resolved ticket, then it is stored once, and a low score alerts the assignee", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const t = await api.ticket(shop, { category: "billing" });
    expect((await api.patch(admin, t.id, { assigneeId: admin.userId })).status).toBe(200);
    expectError(await team.rate(shop, t.id, { score: 4 }), 409, "INVALID_TRANSITION");
    expect((await api.patch(admin, t.id, { status: "resolved" })).status).toBe(200);
    const alerts: unknown[] = [];
    ctx.modules.support.setTeamEvents({ bulkProgress() {}, lowSatisfaction: (r) => alerts.push(r) });
    const res = await team.rate(shop, t.id, { score: 2, comment: "Slow" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ticketId: t.id, score: 2, comment: "Slow" });
    expect(alerts).toEqual([expect.objectContaining({ ticketId: t.id, score: 2, assigneeId: admin.userId })]);
    expectError(await team.rate(shop, t.id, { score: 5 }), 409, "CONFLICT");
    const report = await request(ctx.app).get("/api/analytics/satisfaction").set(admin.auth);
    expect(report.status).toBe(200);
    expect(report.body.byAdmin).toContainEqual({ assigneeId: admin.userId, count: 1, average: 2 });
    expect(report.body.byCategory).toEqual(
      expect.arrayContaining([expect.objectContaining({ category: "billing" })]),
    );
    expectError(await request(ctx.app).get("/api/analytics/satisfaction").set(shop.auth), 403, "FORBIDDEN");
  });

  test("bad ratings: out of range 400, an admin 403, another shop 404", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const stranger = await ctx.shopUser();
    const t = await api.ticket(shop);
    expect((await api.patch(admin, t.id, { status: "resolved" })).status).toBe(200);
    expectError(await team.rate(shop, t.id, { score: 0 }), 400, "VALIDATION_FAILED");
    expectError(await team.rate(shop, t.id, { score: 6 }), 400, "VALIDATION_FAILED");
    expectError(await team.rate(shop, t.id, { score: 3.5 }), 400, "VALIDATION_FAILED");
    expectError(await team.rate(admin, t.id, { score: 3 }), 403, "FORBIDDEN");
    expectError(await team.rate(stranger, t.id, { score: 3 }), 404, "NOT_FOUND");
    expect((await team.rate(shop, t.id, { score: 5 })).status).toBe(201);
  });

  test('when a rating\'s comment box was left empty ("", blanks or null), then it is a rating without a comment, not a 400', async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    for (const comment of ["", "   \n ", null]) {
      const t = await api.ticket(shop);
      expect((await api.patch(admin, t.id, { status: "resolved" })).status).toBe(200);
      const res = await team.rate(shop, t.id, { score: 4, comment });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ ticketId: t.id, score: 4, comment: null });
    }
  });
});

describe("team settings and saved views", () => {
  test("auto-assignment is off by default; capacity 0 is a 400", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const got = await team.settings(admin);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(expect.objectContaining({ capacity: expect.any(Number) }));
    expectError(await team.settings(admin, { capacity: 0 }), 400, "VALIDATION_FAILED");
    expectError(await team.settings(admin, { autoAssign: "yes" }), 400, "VALIDATION_FAILED");
    expectError(await team.settings(shop, { capacity: 3 }), 403, "FORBIDDEN");
  });

  test("when an admin saves a view, then it lists with a live count, shared views reach colleagues, personal ones don't", async () => {
    const admin = await ctx.admin();
    const colleague = await ctx.admin();
    const shop = await ctx.shopUser();
    const tag = `vip-${randomUUID().slice(0, 8)}`;
    const t = await api.ticket(shop);
    await team.tags(admin, t.id, [tag]);
    const mine = await request(ctx.app)
      .post("/api/views")
      .set(admin.auth)
      .send({ name: "VIP", filters: { tag } });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ name: "VIP", shared: false, count: 1 });
    const shared = await request(ctx.app)
      .post("/api/views")
      .set(admin.auth)
      .send({ name: "VIP open", shared: true, filters: { tag, status: ["open"] } });
    expect(shared.body.count).toBe(1);
    const theirs = await request(ctx.app).get("/api/views").set(colleague.auth);
    const ids = theirs.body.items.map((v: { id: string }) => v.id);
    expect(ids).toContain(shared.body.id);
    expect(ids).not.toContain(mine.body.id);
    await api.ticket(shop).then((t2) => team.tags(admin, t2.id, [tag]));
    const after = await request(ctx.app).get("/api/views").set(admin.auth);
    expect(after.body.items.find((v: { id: string }) => v.id === mine.body.id).count).toBe(2);
    expectError(
      await request(ctx.app).delete(`/api/views/${mine.body.id}`).set(colleague.auth),
      404,
      "NOT_FOUND",
    );
    expect((await request(ctx.app).delete(`/api/views/${mine.body.id}`).set(admin.auth)).status).toBe(204);
    expectError(
      await request(ctx.app).post("/api/views").set(admin.auth).send({ name: "", filters: {} }),
      400,
      "VALIDATION_FAILED",
    );
  });

  test("when a view is saved with the SLA filter, a shop, a source, a context and a sort, then it keeps them all and counts by them", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const late = await api.ticket(shop);
    await api.ticket(shop);
    await ctx.database.knex("support_tickets").where({ id: late.id }).update({ sla_breached: true });
    const filters = {
      status: ["open", "in_progress"],
      sla: "breached",
      shopId: shop.shopId,
      source: "shop",
      sort: "due",
    };
    const saved = await request(ctx.app)
      .post("/api/views")
      .set(admin.auth)
      .send({ name: "Breached here", filters });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ filters, count: 1 });
    const listed = (await request(ctx.app).get("/api/views").set(admin.auth)).body.items;
    expect(listed.find((v: { id: string }) => v.id === saved.body.id)).toMatchObject({ filters, count: 1 });
    const withContext = await request(ctx.app)
      .post("/api/views")
      .set(admin.auth)
      .send({ name: "One order", filters: { contextId: "order-1", source: "visitor" } });
    expect(withContext.body).toMatchObject({
      filters: { contextId: "order-1", source: "visitor" },
      count: 0,
    });
    expectError(
      await request(ctx.app)
        .post("/api/views")
        .set(admin.auth)
        .send({ name: "Bad", filters: { sort: "sideways" } }),
      400,
      "VALIDATION_FAILED",
    );
  });

  test("when the owner renames, shares or re-filters a view, then it changes; a colleague's change is a 404", async () => {
    const admin = await ctx.admin();
    const colleague = await ctx.admin();
    const shop = await ctx.shopUser();
    await api.ticket(shop);
    const view = (
      await request(ctx.app)
        .post("/api/views")
        .set(admin.auth)
        .send({ name: "Mine", shared: true, filters: { shopId: shop.shopId } })
    ).body;
    const patch = (as: typeof admin, id: string, body: unknown) =>
      request(ctx.app)
        .patch(`/api/views/${id}`)
        .set(as.auth)
        .send(body as object);

    const renamed = await patch(admin, view.id, { name: "Shop watch" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: view.id, name: "Shop watch", shared: true, count: 1 });
    const refiltered = await patch(admin, view.id, {
      shared: false,
      filters: { shopId: shop.shopId, priority: ["urgent"], sort: "priority" },
    });
    expect(refiltered.body).toMatchObject({
      name: "Shop watch",
      shared: false,
      filters: { shopId: shop.shopId, priority: ["urgent"], sort: "priority" },
      count: 0,
    });
    // Replaced, not merged: nothing of the old filters is left over.
    expect(Object.keys(refiltered.body.filters).sort()).toEqual(["priority", "shopId", "sort"]);

    // Shared again: the colleague sees it, and still cannot change it.
    await patch(admin, view.id, { shared: true });
    expectError(await patch(colleague, view.id, { name: "Taken over" }), 404, "NOT_FOUND");
    expectError(await patch(admin, randomUUID(), { name: "Nobody's" }), 404, "NOT_FOUND");
    expectError(await patch(admin, "not-a-uuid", { name: "Nobody's" }), 404, "NOT_FOUND");
    expectError(await patch(admin, view.id, {}), 400, "VALIDATION_FAILED");
    expectError(await patch(admin, view.id, { name: "" }), 400, "VALIDATION_FAILED");
    expectError(await patch(admin, view.id, { name: "x".repeat(81) }), 400, "VALIDATION_FAILED");
    const theirs = (await request(ctx.app).get("/api/views").set(colleague.auth)).body.items;
    expect(theirs.find((v: { id: string }) => v.id === view.id)).toMatchObject({ name: "Shop watch" });
  });
});
