/**
 * Team operations as the s39 audit probed them through the API and the socket (CONTRACT.md "Team"): a bulk
 * or merge reopening treats a deactivated assignee as a PATCH does, a low rating of a deactivated admin's ticket
 * reaches the team, and saved replies created at once stop at the cap. Real app, database and socket.io.
 */
import request from "supertest";
import { CANNED_RESPONSES_MAX } from "@parley/contract";
import { nextEvent } from "../support/test-server";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { useTeamServer } from "./helpers";

type Event = { type: string; actorId: string | null; from: string | null; to: string | null };

describe("with a live server", () => {
  const { srv, api, team } = useTeamServer();

  test("when a bulk change reopens a deactivated admin's resolved tickets, then they go back to the queue, as on PATCH", async () => {
    const lead = await srv.admin();
    const gone = await srv.admin({ name: "Gone" });
    const keeper = await srv.admin({ name: "Keeper" });
    const shop = await srv.shopUser();
    const [a, b, kept] = await Promise.all([api.ticket(shop), api.ticket(shop), api.ticket(shop)]);
    for (const t of [a!, b!])
      expect((await api.patch(lead, t.id, { assigneeId: gone.userId, status: "resolved" })).status).toBe(200);
    expect((await api.patch(lead, kept!.id, { assigneeId: keeper.userId, status: "resolved" })).status).toBe(
      200,
    );
    expect((await team.setActive(lead, gone.userId, false)).status).toBe(200);

    const res = await team.bulk(lead, { ids: [a!.id, b!.id, kept!.id], set: { status: "open" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ updated: 3, skipped: [] });

    for (const t of [a!, b!]) {
      expect((await api.get(lead, t.id)).body).toMatchObject({ status: "open", assigneeId: null });
      const events = (await api.events(lead, t.id)).body.items as Event[];
      expect(events.at(-1)).toMatchObject({ type: "assignee", actorId: null, from: gone.userId, to: null });
    }
    // An active assignee keeps the reopened ticket.
    expect((await api.get(lead, kept!.id)).body).toMatchObject({ status: "open", assigneeId: keeper.userId });
    const unassigned = await api.list(lead, { assignee: "unassigned", shopId: shop.shopId! });
    expect((unassigned.body.items as Array<{ id: string }>).map((t) => t.id).sort()).toEqual(
      [a!.id, b!.id].sort(),
    );
  });

  test("when a merge reopens a deactivated admin's resolved target, then the target goes back to the queue", async () => {
    const lead = await srv.admin();
    const gone = await srv.admin({ name: "Gone" });
    const shop = await srv.shopUser();
    const target = await api.ticket(shop);
    const source = await api.ticket(shop, { message: "Still waiting for the refund" });
    expect((await api.patch(lead, target.id, { assigneeId: gone.userId, status: "resolved" })).status).toBe(
      200,
    );
    expect((await team.setActive(lead, gone.userId, false)).status).toBe(200);

    const merged = await team.merge(lead, source.id, target.id);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: target.id, status: "open", assigneeId: null });
    expect((await api.get(lead, target.id)).body).toMatchObject({ status: "open", assigneeId: null });
    const events = (await api.events(lead, target.id)).body.items as Event[];
    expect(events.at(-1)).toMatchObject({ type: "assignee", actorId: null, from: gone.userId, to: null });
  });

  test("when a deactivated admin's resolved ticket is rated low, then the other admins hear satisfaction:low", async () => {
    const lead = await srv.admin();
    const gone = await srv.admin({ name: "Gone" });
    const shop = await srv.shopUser();
    const t = await api.ticket(shop);
    expect((await api.patch(lead, t.id, { assigneeId: gone.userId, status: "resolved" })).status).toBe(200);
    expect((await team.setActive(lead, gone.userId, false)).status).toBe(200);
    const socket = await srv.connect(lead);
    const heard = nextEvent<{ ticketId: string; score: number; assigneeId: string | null }>(
      socket,
      "satisfaction:low",
      (p) => p.ticketId === t.id,
      30_000,
    );
    expect((await team.rate(shop, t.id, { score: 1, comment: "Nobody came back" })).status).toBe(201);
    // The payload still names who was assigned; only who hears it changes.
    expect(await heard).toMatchObject({ ticketId: t.id, score: 1, assigneeId: gone.userId });
  });
});

describe("saved replies at the cap (a database of their own: the cap fills a shared table)", () => {
  let ctx: TestContext;
  let root: Actor;
  beforeAll(async () => {
    ctx = await createTestContext({}, { ownDatabase: true });
    root = await ctx.admin({ name: "Root" });
  });
  afterAll(() => ctx.close());

  test("when several saved replies are created at once with one place left, then one is saved and the rest are 409", async () => {
    const knex = ctx.database.knex;
    const rows = Array.from({ length: CANNED_RESPONSES_MAX - 1 }, (_, i) => ({
      title: `Reply ${String(i).padStart(3, "0")}`,
      body: "Thanks for waiting.",
      created_by: root.userId,
    }));
    for (let i = 0; i < rows.length; i += 100) await knex("canned_responses").insert(rows.slice(i, i + 100));

    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        request(ctx.app)
          .post("/api/canned-responses")
          .set(root.auth)
          .send({ title: `Racing ${i}`, body: "Hello" }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(answers.filter((r) => r.status === 409).every((r) => r.body.error?.code === "CONFLICT")).toBe(
      true,
    );
    // Every saved reply is listed: none was saved past the cap, where the list would hide it.
    const listed = await request(ctx.app).get("/api/canned-responses").set(root.auth);
    expect(listed.body.items).toHaveLength(CANNED_RESPONSES_MAX);
    const saved = await knex("canned_responses").count<Array<{ n: string | number }>>({ n: "*" }).first();
    expect(Number(saved?.n)).toBe(CANNED_RESPONSES_MAX);
  });
});
