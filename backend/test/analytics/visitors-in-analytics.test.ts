import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { ticketApi } from "../tickets/helpers";

/**
 * Website visitors' conversations in the breakdown and the drill-down: no shop (the API's null), so one
 * group keyed null rather than one pseudo-shop per visitor session, whose id never leaves the server.
 */

let ctx: TestContext;
let lead: Actor;
let owner: Actor;
let shop: Actor;
const SPAN = { from: "2026-04-06T00:00:00Z", to: "2026-04-13T00:00:00Z" };

/** Moves a ticket into the span and onto `owner` (every query names them: other files' tickets stay out). */
const place = (id: string, created: string) =>
  ctx.database
    .knex("support_tickets")
    .where({ id })
    .update({ created_at: new Date(created), assignee_id: owner.userId });

beforeAll(async () => {
  ctx = await createTestContext();
  lead = await ctx.admin({ name: "Lead" });
  owner = await ctx.admin({ name: "Owner" });
  shop = await ctx.shopUser();
  const own = await ticketApi(ctx).ticket(shop, { subject: "A shop's ticket" });
  await place(own.id, "2026-04-07T10:00:00Z");
  for (const [name, created] of [
    ["Ada", "2026-04-08T10:00:00Z"],
    ["Bo", "2026-04-09T10:00:00Z"],
  ] as const) {
    const session = await request(ctx.app).post("/api/visitor/sessions").send({ name });
    const first = await request(ctx.app)
      .post("/api/visitor/messages")
      .set({ Authorization: `Bearer ${session.body.visitorToken as string}` })
      .send({ body: "Do you ship to Oslo?" });
    await place(first.body.ticketId as string, created);
  }
});
afterAll(() => ctx.close());

test("when the breakdown is by shop, then all visitors' conversations are one group with key null", async () => {
  const res = await request(ctx.app)
    .get("/api/analytics/breakdown")
    .query({ ...SPAN, assigneeId: owner.userId, by: "shop" })
    .set(lead.auth);
  expect(res.status).toBe(200);
  const groups = res.body.items as Array<{ key: string | null; created: number }>;
  expect(groups.map((g) => [g.key, g.created])).toEqual([
    [null, 2],
    [shop.shopId, 1],
  ]);
});

test("when the tickets of a figure are listed, then a visitor's conversation has shopId null", async () => {
  const res = await request(ctx.app)
    .get("/api/analytics/tickets")
    .query({ ...SPAN, assigneeId: owner.userId, figure: "created" })
    .set(lead.auth);
  expect(res.status).toBe(200);
  const shops = (res.body.items as Array<{ shopId: string | null }>).map((t) => t.shopId);
  expect(shops.sort()).toEqual([shop.shopId, null, null].sort());
  expect(JSON.stringify(res.body)).not.toContain("visitor:");
});
