import request from "supertest";
import { randomUUID } from "node:crypto";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { teamApi } from "../team/helpers";
import { expectError, ticketApi } from "./helpers";

/** GET /api/tickets/count: how many tickets the queue's filters match, as the list reads them. */

let ctx: TestContext;
let api: ReturnType<typeof ticketApi>;
let team: ReturnType<typeof teamApi>;
beforeAll(async () => {
  ctx = await createTestContext();
  api = ticketApi(ctx);
  team = teamApi(ctx);
});
afterAll(() => ctx.close());

const count = (as: Actor, query: Record<string, string | number> = {}) =>
  request(ctx.app).get("/api/tickets/count").query(query).set(as.auth);

/** Every ticket the list pages through for a query (small pages, so the cursor is followed too). */
async function listed(as: Actor, query: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const res = await api.list(as, { ...query, limit: 2, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    ids.push(...res.body.items.map((t: { id: string }) => t.id));
    if (!res.body.nextCursor) return ids;
    cursor = res.body.nextCursor;
  }
  throw new Error("pagination did not end");
}

describe("GET /api/tickets/count", () => {
  test("when filters are given, then the count is the number of tickets the list pages through", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const word = `zc${randomUUID().slice(0, 8)}`;
    const tag = `c-${randomUUID().slice(0, 8)}`;
    const mk = (subject: string, priority: string, message = "Please help.") =>
      api.ticket(shop, { subject, priority, message });
    const a = await mk(`${word} refund`, "low");
    const b = await mk("Parcel lost", "urgent", `About ${word} again`);
    const c = await mk("Invoice copy", "high");
    const d = await mk(`Order ${a.number}`, "medium");
    await mk("Shipping label", "medium");
    await api.patch(admin, a.id, { assigneeId: admin.userId });
    await api.patch(admin, b.id, { status: "in_progress" });
    await api.patch(admin, c.id, { status: "resolved" });
    await team.tags(admin, d.id, [tag]);
    const s = { shopId: shop.shopId! };

    const expected: Array<[Record<string, string>, number]> = [
      [s, 5],
      [{ ...s, status: "open" }, 3],
      [{ ...s, status: "open,in_progress" }, 4],
      [{ ...s, priority: "low,urgent" }, 2],
      [{ ...s, assignee: "me" }, 1],
      [{ ...s, assignee: "unassigned" }, 4],
      [{ ...s, tag }, 1],
      [{ ...s, q: word }, 2],
      [{ ...s, q: word, status: "open" }, 1],
      // #N is that ticket alone; a bare N is that ticket and every ticket whose text has N.
      [{ ...s, q: `#${a.number}` }, 1],
      [{ ...s, q: `${a.number}` }, 2],
      [{ ...s, q: "!!!" }, 0],
    ];
    for (const [query, n] of expected) {
      const res = await count(admin, query);
      expect(res.status).toBe(200);
      expect({ query, body: res.body }).toEqual({ query, body: { count: n, capped: false } });
      expect({ query, listed: (await listed(admin, query)).length }).toEqual({ query, listed: n });
    }
  });

  test("when a shop counts, then only its own shop's tickets count, whatever shopId it names", async () => {
    const shopA = await ctx.shopUser();
    const shopB = await ctx.shopUser();
    const word = `zs${randomUUID().slice(0, 8)}`;
    await api.ticket(shopA, { subject: `${word} one` });
    await api.ticket(shopA, { subject: "two" });
    for (let i = 0; i < 3; i++) await api.ticket(shopB, { subject: `${word} b${i}` });

    expect((await count(shopA)).body).toEqual({ count: 2, capped: false });
    expect((await count(shopA, { q: word })).body).toEqual({ count: 1, capped: false });
    expect((await count(shopA, { shopId: shopA.shopId! })).body).toEqual({ count: 2, capped: false });
    const other = await count(shopA, { shopId: shopB.shopId! });
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ count: 0, capped: false });
    expect((await count(shopB)).body).toEqual({ count: 3, capped: false });
  });

  test("when a word is only in an internal note, then the admins' count finds it and the shop's never does", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const word = `zn${randomUUID().slice(0, 8)}`;
    const t = await api.ticket(shop, { subject: "Quiet", message: "Nothing here." });
    expect((await api.post(admin, t.id, { body: `${word} is a fraud risk`, internal: true })).status).toBe(
      201,
    );

    expect((await count(admin, { shopId: shop.shopId!, q: word })).body).toEqual({ count: 1, capped: false });
    expect((await count(shop, { q: word })).body).toEqual({ count: 0, capped: false });
  });

  test("when a shop filters by assignee or tag, then 403 as on the list", async () => {
    const shop = await ctx.shopUser();
    expectError(await count(shop, { assignee: "me" }), 403, "FORBIDDEN");
    expectError(await count(shop, { tag: "vip" }), 403, "FORBIDDEN");
  });

  test("when the query is bad or names a page (sort, limit, cursor), then 400 VALIDATION_FAILED", async () => {
    const admin = await ctx.admin();
    const bad: Array<Record<string, string | number>> = [
      { status: "pending" },
      { priority: "critical" },
      { sla: "soon" },
      { source: "email" },
      { updatedSince: "yesterday" },
      { q: "x".repeat(501) },
      { colour: "red" },
      { sort: "updated" },
      { limit: 10 },
      { cursor: "abc" },
    ];
    for (const query of bad) {
      const res = await count(admin, query);
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: expect.any(String) })]),
      );
    }
  });

  test("when the OpenAPI document is read, then it describes the count with its query and response", async () => {
    const doc = (await request(ctx.app).get("/api/docs/openapi.json")).body;
    const op = doc.paths["/api/tickets/count"].get;
    const params = op.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(["status", "assignee", "q", "tag", "contextId", "sla"]));
    expect(params).not.toContain("cursor");
    expect(doc.components.schemas.TicketCount.required).toEqual(["count", "capped"]);
  });

  test("when no token is sent, then 401", async () => {
    expectError(await request(ctx.app).get("/api/tickets/count"), 401, "UNAUTHENTICATED");
  });
});

describe("the cap", () => {
  // The service's cap is a parameter (TICKET_COUNT_CAP by default), so a few tickets show what 10,001 would.
  const countTickets = (as: Actor, input: Record<string, unknown>, cap: number) =>
    ctx.modules.support.service.countTickets(as, input, cap);

  test("when more tickets match than the cap, then the count stops at the cap and says capped", async () => {
    const shop = await ctx.shopUser();
    for (let i = 0; i < 3; i++) await api.ticket(shop, { subject: `capped ${i}` });
    expect(await countTickets(shop, {}, 3)).toEqual({ count: 3, capped: false });
    await api.ticket(shop, { subject: "one more" });
    expect(await countTickets(shop, {}, 3)).toEqual({ count: 3, capped: true });
    expect(await countTickets(shop, {}, 4)).toEqual({ count: 4, capped: false });
  });

  test("when a bare number finds its ticket besides text matches, then that ticket counts within the cap", async () => {
    const shop = await ctx.shopUser();
    const target = await api.ticket(shop, { subject: "Parcel never arrived" });
    await api.ticket(shop, { subject: `Refund for order ${target.number}` });
    expect(await countTickets(shop, { q: `${target.number}` }, 2)).toEqual({ count: 2, capped: false });
    await api.ticket(shop, { subject: `Again order ${target.number}` });
    expect(await countTickets(shop, { q: `${target.number}` }, 2)).toEqual({ count: 2, capped: true });
    expect(await countTickets(shop, { q: `${target.number}` }, 3)).toEqual({ count: 3, capped: false });
  });
});
