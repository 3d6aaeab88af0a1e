/**
 * Merge, saved views and bulk changes as an outside audit found them: an id written in upper case (which
 * PostgreSQL and GET /api/tickets/:id accept) named nothing to a merge, and a view's PATCH changed it and
 * then answered 404; two bulk jobs naming the same tickets in different orders deadlocked (a 500).
 */
import { randomUUID } from "node:crypto";
import request from "supertest";
import { nextEvent } from "../support/test-server";
import { expectError } from "../tickets/helpers";
import { useTeamServer } from "./helpers";

const { srv, api, team } = useTeamServer();

describe("merge with an id in upper case", () => {
  test("when the source id is sent in upper case, then the merge happens as with the lower-case id", async () => {
    const admin = await srv.admin();
    const shop = await srv.shopUser();
    const source = await api.ticket(shop, { message: "moved along" });
    const target = await api.ticket(shop);

    const res = await team.merge(admin, source.id.toUpperCase(), target.id);
    expect([res.status, res.body.id]).toEqual([200, target.id]);
    const bodies = ((await api.messages(admin, target.id)).body.items as Array<{ body: string }>).map(
      (m) => m.body,
    );
    expect(bodies).toContain("moved along");
    expect((await api.get(admin, source.id)).body.status).toBe("closed");
  });

  test("when a ticket is merged into itself with the ids in different cases, then it is 400, as for one spelling", async () => {
    const admin = await srv.admin();
    const shop = await srv.shopUser();
    const ticket = await api.ticket(shop);

    expectError(await team.merge(admin, ticket.id.toUpperCase(), ticket.id), 400, "VALIDATION_FAILED");
    expect((await api.get(admin, ticket.id)).body.status).toBe("open");
  });
});

describe("saved views with an id in upper case", () => {
  test("when the owner renames a view through its id in upper case, then the answer is the renamed view", async () => {
    const owner = await srv.admin();
    const created = await request(srv.app)
      .post("/api/views")
      .set(owner.auth)
      .send({ name: "Mine", filters: { status: ["open"] } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const res = await request(srv.app)
      .patch(`/api/views/${id.toUpperCase()}`)
      .set(owner.auth)
      .send({ name: "Renamed" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, name: "Renamed" });
  });

  test("when a shared view is deleted through its id in upper case, then colleagues hear the id they list", async () => {
    const owner = await srv.admin();
    const colleague = await srv.admin();
    const socket = await srv.connect(colleague);
    const created = await request(srv.app)
      .post("/api/views")
      .set(owner.auth)
      .send({ name: "Team view", shared: true, filters: { priority: ["high"] } });
    const id = created.body.id as string;

    const deleted = nextEvent<{ id: string }>(socket, "view:deleted");
    await request(srv.app).delete(`/api/views/${id.toUpperCase()}`).set(owner.auth).expect(204);
    expect(await deleted).toEqual({ id });
  });
});

// PGlite has one connection, so its transactions never overlap; on PostgreSQL the two jobs below locked
// each other's first chunk and one failed with a deadlock (500) in every round.
test("when two bulk jobs of several chunks name the same tickets in opposite orders, then both succeed", async () => {
  const admin = await srv.admin();
  const shop = await srv.shopUser();
  const first = await api.ticket(shop);
  const second = await api.ticket(shop);
  // A job works in chunks of 500 ids (unknown ones count): each job meets one ticket in each chunk.
  const padding = () => Array.from({ length: 499 }, () => randomUUID());
  const rounds = [
    { priority: "low", status: "in_progress" },
    { priority: "high", status: "resolved" },
    { priority: "urgent", status: "open" },
  ] as const;

  for (const { priority, status } of rounds) {
    const [a, b] = await Promise.all([
      team.bulk(admin, { ids: [first.id, ...padding(), second.id], set: { priority } }),
      team.bulk(admin, { ids: [second.id, ...padding(), first.id], set: { status } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.updated, b.body.updated]).toEqual([2, 2]);
    for (const id of [first.id, second.id]) {
      const ticket = (await api.get(admin, id)).body as { priority: string; status: string };
      expect([ticket.priority, ticket.status]).toEqual([priority, status]);
    }
  }
});

test("when the owner renames a view twice at the same moment, then each answer is the view as its own change left it", async () => {
  const owner = await srv.admin();
  const created = await request(srv.app)
    .post("/api/views")
    .set(owner.auth)
    .send({ name: "Start", filters: {} });
  const id = created.body.id as string;

  const names = ["First", "Second", "Third"];
  const answers = await Promise.all(
    names.map((name) => request(srv.app).patch(`/api/views/${id}`).set(owner.auth).send({ name })),
  );
  expect(answers.map((r) => [r.status, r.body.name])).toEqual(names.map((name) => [200, name]));
});
