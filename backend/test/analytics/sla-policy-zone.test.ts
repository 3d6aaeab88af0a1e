import request from "supertest";
import type { Actor, TestContext } from "../support/test-context";
import { expectError } from "../tickets/helpers";
import { ALWAYS_OPEN, FLAT_TARGETS, isolatedTestContext, putPolicy } from "./helpers";

/**
 * An SLA policy's time zone must be one the database knows too: the reports convert with AT TIME ZONE, and
 * Node's list is not PostgreSQL's (Node still takes "US/Pacific-New", dropped from PostgreSQL in 2020).
 */

let ctx: TestContext;
let lead: Actor;
beforeAll(async () => {
  // The policy is the whole desk's: this file changes it in a database of its own.
  ctx = await isolatedTestContext();
  lead = await ctx.admin();
});
afterAll(() => ctx.close());

const summary = () => request(ctx.app).get("/api/analytics/summary").set(lead.auth);

test.each(["US/Pacific-New", "Canada/East-Saskatchewan"])(
  "when the policy names %s, then it is refused naming calendar.timeZone, and the reports still answer",
  async (timeZone) => {
    const res = await putPolicy(ctx.app, lead, {
      calendar: { ...ALWAYS_OPEN, timeZone },
      targets: FLAT_TARGETS,
    });
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: "calendar.timeZone" })]);
    expect((await summary()).status).toBe(200);
    await expect(ctx.modules.analytics.dailySummary.refresh()).resolves.not.toThrow();
  },
);

test("when the policy names a zone both know, in any case, then it is saved and the reports answer", async () => {
  for (const timeZone of ["Europe/Berlin", "america/new_york", "UTC"]) {
    expect(
      (await putPolicy(ctx.app, lead, { calendar: { ...ALWAYS_OPEN, timeZone }, targets: FLAT_TARGETS }))
        .status,
    ).toBe(200);
    expect((await summary()).status).toBe(200);
  }
});
