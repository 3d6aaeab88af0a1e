import { randomUUID } from "node:crypto";
import request from "supertest";
import { type Actor } from "../support/test-context";
import { useTicketContext, expectError } from "../tickets/helpers";
import { inOneHour, rawToken } from "../support/tokens";
import type { ShopPrincipal } from "../../src/shared/principal";

/** Issue 18: a ticket names the order (listing, payout, booking) it is about; a signed claim limits which. */

const { ctx, api } = useTicketContext();

/** A shop user whose token carries a `contexts` claim, as a host would mint it. */
async function shopWithContexts(contexts: string[], shopId = `shop-${randomUUID()}`): Promise<Actor> {
  const p: ShopPrincipal = { userId: `u-${randomUUID()}`, role: "shop", shopId, name: "Seller", contexts };
  await ctx.modules.identity.service.recordIdentity(p);
  const token = ctx.tokens.sign(p);
  return { ...p, token, auth: { Authorization: `Bearer ${token}` } };
}

const order = (id: string, extra: Record<string, unknown> = {}) => ({ type: "order", id, ...extra });

test("when a shop files a ticket about an order, then the ticket carries the context everywhere", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const context = order("A-1001", {
    title: "Order A-1001 (2 items)",
    url: "https://market.example/orders/A-1001",
  });
  const created = await api.create(shop, { context });
  expect(created.status).toBe(201);
  expect(created.body.context).toEqual(context);
  expect((await api.get(shop, created.body.id)).body.context).toEqual(context);
  expect((await api.get(admin, created.body.id)).body.context).toEqual(context);

  const plain = await api.ticket(shop);
  expect(plain.context).toBeNull();
});

test("when the queue is filtered by contextId, then only tickets about that id come back, scoped by shop", async () => {
  const id = `ord-${randomUUID()}`;
  const shopA = await ctx.shopUser();
  const shopB = await ctx.shopUser();
  const admin = await ctx.admin();
  const a1 = await api.ticket(shopA, { context: order(id) });
  const a2 = await api.ticket(shopA, { subject: "Second question", context: order(id) });
  await api.ticket(shopA, { context: order(`other-${randomUUID()}`) });
  await api.ticket(shopA);
  const b1 = await api.ticket(shopB, { context: order(id) });
  const asBooking = await api.ticket(shopB, { context: { type: "booking", id } });

  const ids = (res: request.Response) => res.body.items.map((t: { id: string }) => t.id).sort();
  expect(ids(await api.list(shopA, { contextId: id }))).toEqual([a1.id, a2.id].sort());
  expect(ids(await api.list(shopB, { contextId: id }))).toEqual([b1.id, asBooking.id].sort());
  expect(ids(await api.list(admin, { contextId: id }))).toEqual([a1.id, a2.id, b1.id, asBooking.id].sort());
  // The shop's other tickets about the same order: what the admin sidebar links.
  expect(ids(await api.list(admin, { contextId: id, shopId: shopA.shopId! }))).toEqual([a1.id, a2.id].sort());
  expect(ids(await api.list(admin, { contextId: id, contextType: "booking" }))).toEqual([asBooking.id]);
  expectError(await api.list(admin, { contextType: "invoice" }), 400, "VALIDATION_FAILED");
});

test("when the token lists its contexts, then only those may be named and any other id is a 400", async () => {
  const shop = await shopWithContexts(["order:A-1", "booking:B-7"]);
  expect((await api.create(shop, { context: order("A-1") })).status).toBe(201);
  expect((await api.create(shop, { context: { type: "booking", id: "B-7" } })).status).toBe(201);
  // A foreign order id, and the right id under the wrong type.
  const foreign = await api.create(shop, { context: order("A-2") });
  expectError(foreign, 400, "VALIDATION_FAILED");
  expect(foreign.body.error.details[0].path).toBe("context.id");
  expectError(await api.create(shop, { context: { type: "booking", id: "A-1" } }), 400, "VALIDATION_FAILED");
  // Nothing was filed by the refused requests.
  const mine = await api.list(shop, { contextId: "A-2" });
  expect(mine.body.items).toEqual([]);
  // A ticket with no context at all is still allowed.
  expect((await api.create(shop)).status).toBe(201);
});

test("when the claim is empty, then no context may be named; without a claim, any", async () => {
  const none = await shopWithContexts([]);
  expectError(await api.create(none, { context: order("A-1") }), 400, "VALIDATION_FAILED");
  const free = await ctx.shopUser();
  expect((await api.create(free, { context: order(`x-${randomUUID()}`) })).status).toBe(201);
});

test("when the token names a context whose id is as long as an id may be, then the token is good and the id may be named", async () => {
  // A context id may be 255 characters, so its claim entry ("booking:" and the id) is longer than that.
  const id = "b".repeat(255);
  const shop = await shopWithContexts([`booking:${id}`, `order:${"o".repeat(255)}`]);
  expect((await api.list(shop)).status).toBe(200);
  const created = await api.create(shop, { context: { type: "booking", id } });
  expect(created.status).toBe(201);
  expect(created.body.context).toMatchObject({ type: "booking", id });
  // One character more than any id may have is still a bad token.
  const token = rawToken({
    sub: "u",
    role: "shop",
    shopId: "s",
    contexts: [`booking:${"b".repeat(256)}`],
    exp: inOneHour(),
  });
  const res = await request(ctx.app).get("/api/tickets").set("Authorization", `Bearer ${token}`);
  expectError(res, 401, "UNAUTHENTICATED");
});

test("when the contexts claim is malformed, then the token is refused", async () => {
  for (const contexts of ["order:A-1", [1, 2], ["A-1"], [""]]) {
    const token = rawToken({ sub: "u", role: "shop", shopId: "s", contexts, exp: inOneHour() });
    const res = await request(ctx.app).get("/api/tickets").set("Authorization", `Bearer ${token}`);
    expectError(res, 401, "UNAUTHENTICATED");
  }
});

test("when the context is invalid, then it is a 400 and never a 500", async () => {
  const shop = await ctx.shopUser();
  const bad: unknown[] = [
    { type: "invoice", id: "1" },
    { type: "order" },
    { type: "order", id: "" },
    { type: "order", id: "x".repeat(256) },
    { type: "order", id: "1", url: "javascript:alert(1)" },
    { type: "order", id: "1", url: "/orders/1" },
    { type: "order", id: "1", url: "data:text/html,hi" },
    { type: "order", id: "1", title: "" },
    { type: "order", id: "1", extra: true },
    { type: "order", id: "a\u0000b" },
    "order:1",
  ];
  for (const context of bad) expectError(await api.create(shop, { context }), 400, "VALIDATION_FAILED");
  const ok = await api.create(shop, { context: order("1", { url: "http://localhost:8080/orders/1" }) });
  expect(ok.status).toBe(201);
  // null is "no context", the value a ticket without one reads back.
  const none = await api.create(shop, { context: null });
  expect([none.status, none.body.context]).toEqual([201, null]);
});
