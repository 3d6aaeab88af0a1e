import request from "supertest";
import { createTestServer, type TestServer } from "../support/test-server";
import { inOneHour, rawToken } from "../support/tokens";

/**
 * A host may give one person's `sub` to an admin login and to a shop login (staff who also sell). The
 * shop login's sockets must hear only what a shop hears, never what is meant for that admin: per-user
 * rooms are per role.
 */

let srv: TestServer;
beforeAll(async () => {
  srv = await createTestServer();
});
afterAll(() => srv.close());

test("when a shop token carries an admin's sub, then its socket hears none of the admin's own events", async () => {
  const admin = await srv.admin({ name: "Xena" });
  const shopA = await srv.shopUser();
  const asShop = rawToken({
    sub: admin.userId,
    role: "shop",
    shopId: `shop-b-${Date.now()}`,
    exp: inOneHour(),
  });
  const shopSocket = await srv.connect({ token: asShop });
  const shopHeard: string[] = [];
  shopSocket.onAny((event: string) => shopHeard.push(event));
  const adminSocket = await srv.connect(admin);
  const adminHeard: string[] = [];
  adminSocket.onAny((event: string) => adminHeard.push(event));

  // The admin's work: a ticket of shop A resolved, rated low; a private view; a bulk change.
  const ticket = (
    await request(srv.app).post("/api/tickets").set(shopA.auth).send({ subject: "Alpha", message: "Hi" })
  ).body as { id: string };
  await request(srv.app)
    .patch(`/api/tickets/${ticket.id}`)
    .set(admin.auth)
    .send({ assigneeId: admin.userId, status: "resolved" })
    .expect(200);
  await request(srv.app)
    .post(`/api/tickets/${ticket.id}/satisfaction`)
    .set(shopA.auth)
    .send({ score: 1, comment: "Alpha's private complaint" })
    .expect(201);
  await request(srv.app).post("/api/views").set(admin.auth).send({ name: "Mine", filters: {} }).expect(201);
  await request(srv.app)
    .post("/api/tickets/bulk")
    .set(admin.auth)
    .send({ ids: [ticket.id], set: { priority: "high" } })
    .expect(200);

  // The admin's own sockets hear each of these; by then the shop socket would have too.
  const deadline = Date.now() + 10_000;
  const expected = ["satisfaction:low", "view:changed", "bulk:progress"];
  while (!expected.every((e) => adminHeard.includes(e)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(adminHeard).toEqual(expect.arrayContaining(expected));
  expect(shopHeard).toEqual([]);
});
