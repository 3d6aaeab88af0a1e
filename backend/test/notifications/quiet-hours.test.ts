/**
 * Quiet hours that end when they start (`from` equal to `to`) hold nothing back, so saving them would tell
 * the user a lie: refused with 400 VALIDATION_FAILED, naming the field, and the stored preferences stay as
 * they were. Real app and database.
 */
import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const PATH = "/api/me/notification-preferences";

it("when quiet hours start and end at the same time, then the change is refused with 400 naming quietHours.to, and nothing is stored", async () => {
  for (const user of [await ctx.shopUser(), await ctx.admin()]) {
    const kept = { from: "22:00", to: "07:00", timeZone: "Europe/Berlin" };
    expect((await request(ctx.app).put(PATH).set(user.auth).send({ quietHours: kept })).status).toBe(200);

    const res = await request(ctx.app)
      .put(PATH)
      .set(user.auth)
      .send({ quietHours: { from: "22:00", to: "22:00", timeZone: "UTC" }, push: false });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([
      { path: "quietHours.to", message: expect.stringMatching(/another time than they start/) },
    ]);

    const after = await request(ctx.app).get(PATH).set(user.auth);
    expect(after.body).toMatchObject({ quietHours: kept, push: true });
  }
});

it("when quiet hours differ by a minute, or are turned off, then they are saved", async () => {
  const user = await ctx.shopUser();
  const minute = { from: "22:00", to: "22:01", timeZone: "UTC" };
  const res = await request(ctx.app).put(PATH).set(user.auth).send({ quietHours: minute });
  expect(res.status).toBe(200);
  expect(res.body.quietHours).toEqual(minute);
  const off = await request(ctx.app).put(PATH).set(user.auth).send({ quietHours: null });
  expect(off.status).toBe(200);
  expect(off.body.quietHours).toBeNull();
});
