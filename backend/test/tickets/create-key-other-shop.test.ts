import request from "supertest";
import { rawToken } from "../support/tokens";
import { expectError, useTicketContext } from "./helpers";

/**
 * A host may give one user id to a person who runs two shops (the token's shopId says which one they act
 * for). A ticket's clientMessageId is per user id, so a key the person used in one shop is taken in the other.
 */
const { ctx, api } = useTicketContext();

test("when a user files in a second shop with a key it used in its first, then 409 CONFLICT, not 404, and the first shop's ticket is not revealed", async () => {
  const shop = await ctx.shopUser();
  const filing = { subject: "Parcel lost", message: "Order 77 never came.", clientMessageId: "draft-1" };
  const first = await api.create(shop, filing);
  expect(first.status).toBe(201);

  const secondShop = rawToken(
    { sub: shop.userId, role: "shop", shopId: `${shop.shopId}-second`, name: shop.name },
    { expiresIn: 300 },
  );
  const again = await request(ctx.app)
    .post("/api/tickets")
    .set("Authorization", `Bearer ${secondShop}`)
    .send(filing);
  expectError(again, 409, "CONFLICT");
  expect(again.body.error.details).toEqual([{ path: "clientMessageId", message: expect.any(String) }]);
  expect(JSON.stringify(again.body)).not.toContain(first.body.id);

  // A new key files in the second shop; the first shop still has its one ticket.
  const fresh = await request(ctx.app)
    .post("/api/tickets")
    .set("Authorization", `Bearer ${secondShop}`)
    .send({ ...filing, clientMessageId: "draft-2" });
  expect(fresh.status).toBe(201);
  expect(fresh.body.shopId).toBe(`${shop.shopId}-second`);
  expect((await api.list(shop)).body.items).toHaveLength(1);
});
