import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";

/** A shared view whose owner was deactivated: any admin may take it out of the team's lists. */

let ctx: TestContext;
let lead: Actor;
beforeAll(async () => {
  ctx = await createTestContext();
  lead = await ctx.admin({ name: "Lead" });
});
afterAll(() => ctx.close());

const view = async (owner: Actor, shared: boolean) =>
  (await request(ctx.app).post("/api/views").set(owner.auth).send({ name: "Open ones", shared, filters: {} }))
    .body as { id: string };
const remove = (id: string) => request(ctx.app).delete(`/api/views/${id}`).set(lead.auth);
const listedFor = async (who: Actor, id: string) =>
  ((await request(ctx.app).get("/api/views").set(who.auth)).body.items as Array<{ id: string }>).some(
    (v) => v.id === id,
  );

test("when a deactivated admin's view is shared, then a colleague may delete it; not one still in use, nor a private one", async () => {
  const leaving = await ctx.admin({ name: "Leaving" });
  const staying = await ctx.admin({ name: "Staying" });
  const sharedLeft = await view(leaving, true);
  const privateLeft = await view(leaving, false);
  const sharedInUse = await view(staying, true);
  expect(
    (await request(ctx.app).patch(`/api/admins/${leaving.userId}`).set(lead.auth).send({ active: false }))
      .status,
  ).toBe(200);

  expect((await remove(sharedInUse.id)).status).toBe(404);
  expect((await remove(privateLeft.id)).status).toBe(404);
  expect(await listedFor(lead, sharedLeft.id)).toBe(true);
  expect((await remove(sharedLeft.id)).status).toBe(204);
  expect(await listedFor(lead, sharedLeft.id)).toBe(false);
  expect(await listedFor(staying, sharedLeft.id)).toBe(false);
});
