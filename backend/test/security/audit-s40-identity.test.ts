/**
 * Findings of an audit of identity and access (session 40). Each test answered wrongly before its fix: a
 * host's token whose `email` claim held a NUL character made every request with it a 500 (the address went
 * into database text, which cannot hold NUL), and one with half a surrogate pair recorded another address
 * (U+FFFD in its place). Real HTTP stack, real database.
 */
import { randomUUID } from "node:crypto";
import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";
import { rawToken } from "../support/tokens";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;
const recordedEmail = async (userId: string) =>
  (
    await ctx.database
      .knex("notification_users")
      .where({ user_id: userId })
      .first<{ email: string | null } | undefined>("email")
  )?.email;

describe("the email claim", () => {
  test.each([
    ["a NUL character", "ada\u0000@shop.example"],
    ["half a surrogate pair", "ada\uD800@shop.example"],
    ["a control character", "ada\u0007@shop.example"],
  ])(
    "when it holds %s, then the token still works and the claim is ignored, never a 500",
    async (_, email) => {
      for (const role of ["shop", "admin"] as const) {
        const sub = `user-${randomUUID()}`;
        const shop = role === "shop" ? { shopId: `shop-${randomUUID()}` } : {};
        const auth = { Authorization: `Bearer ${rawToken({ sub, role, ...shop, email, exp: inOneHour() })}` };

        const me = await request(ctx.app).get("/api/me").set(auth);
        expect([me.status, me.body.id]).toEqual([200, sub]);
        expect((await request(ctx.app).get("/api/tickets").set(auth)).status).toBe(200);
        expect(
          (await request(ctx.app).put("/api/me/notification-preferences").set(auth).send({})).status,
        ).toBe(200);
        expect(await recordedEmail(sub)).toBeNull();
      }
    },
  );

  test("when it is a plain address, then it is recorded as where the user's alerts go", async () => {
    const sub = `user-${randomUUID()}`;
    const token = rawToken({
      sub,
      role: "shop",
      shopId: `shop-${randomUUID()}`,
      email: "ada@shop.example",
      exp: inOneHour(),
    });
    expect((await request(ctx.app).get("/api/me").set("Authorization", `Bearer ${token}`)).status).toBe(200);
    expect(await recordedEmail(sub)).toBe("ada@shop.example");
  });
});
