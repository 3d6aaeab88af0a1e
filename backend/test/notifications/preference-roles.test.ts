/**
 * Admins and shops have different triggers (PREFERENCE_TRIGGERS). A PUT naming the other role's would be
 * stored and never apply, so the client would believe it set something that does nothing: 400
 * VALIDATION_FAILED naming each such key, and nothing stored. Real app and database.
 */
import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const PATH = "/api/me/notification-preferences";

it.each([
  ["a shop", "admin", { newTicket: false, mentions: false, adminReply: false }, ["newTicket", "mentions"]],
  ["an admin", "shop", { ticketResolved: false, slaAlerts: false }, ["ticketResolved"]],
] as const)(
  "when %s sets another role's notification, then 400 names it and nothing is stored",
  async (_who, otherRole, patch, refused) => {
    const user = otherRole === "admin" ? await ctx.shopUser() : await ctx.admin();
    const res = await request(ctx.app).put(PATH).set(user.auth).send(patch);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details).toEqual(
      refused.map((key) => ({ path: key, message: `${key} applies to ${otherRole}s only.` })),
    );
    const stored = (await request(ctx.app).get(PATH).set(user.auth)).body as Record<string, unknown>;
    for (const key of Object.keys(patch)) expect(stored[key]).toBe(true);
  },
);

it("when a user sets their own role's notifications, then they are saved", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  expect((await request(ctx.app).put(PATH).set(shop.auth).send({ adminReply: false })).body).toMatchObject({
    adminReply: false,
  });
  expect((await request(ctx.app).put(PATH).set(admin.auth).send({ slaAlerts: false })).body).toMatchObject({
    slaAlerts: false,
  });
});
