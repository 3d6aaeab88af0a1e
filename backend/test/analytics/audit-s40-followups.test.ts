import request from "supertest";
import type { Actor, TestContext } from "../support/test-context";
import { expectError } from "../tickets/helpers";
import { ALWAYS_OPEN, DAY, FLAT_TARGETS, isoAt, isolatedTestContext, putPolicy } from "./helpers";

/** Follow-ups of the s40 analytics audit (audit-s40-analytics.test.ts): input rules. docs/analytics.md. */

let ctx: TestContext;
let lead: Actor;
beforeAll(async () => {
  // The SLA policy is the whole desk's: this file changes it in a database of its own.
  ctx = await isolatedTestContext();
  lead = await ctx.admin({ name: "Lead" });
});
afterAll(() => ctx.close());

const get = (path: string, who: Actor = lead) => request(ctx.app).get(path).set(who.auth);
const T1 = "2026-03-01T00:00:00Z";
const T2 = "2026-03-02T00:00:00Z";

describe("a query parameter given more than once", () => {
  test.each([
    ["/api/analytics/summary", `from=${T1}&from=${T2}`, "from"],
    ["/api/analytics/export.csv", `to=${T1}&to=${T2}`, "to"],
    ["/api/analytics/tickets", "limit=5&limit=6", "limit"],
    ["/api/analytics/breakdown", "by=shop&by=category", "by"],
    ["/api/analytics/satisfaction", `from=${T1}&from=${T1}`, "from"],
    ["/api/tickets", "status=open&status=resolved", "status"],
    ["/api/tickets/count", "sla=breached&sla=breached", "sla"],
  ])(
    "when GET %s?%s, then 400 VALIDATION_FAILED saying that parameter was given more than once",
    async (path, query, param) => {
      const res = await get(`${path}?${query}`);
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details).toEqual([
        { path: param, message: expect.stringContaining("Given more than once") },
      ]);
    },
  );

  test("when the other parameters are wrong too, then each keeps its own detail", async () => {
    const res = await get(`/api/analytics/summary?from=${T1}&from=${T2}&to=yesterday&bogus=1&bogus=2`);
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        { path: "from", message: expect.stringContaining("Given more than once") },
        { path: "to", message: expect.stringContaining("Must be an ISO 8601 time") },
        { path: "bogus", message: "Unknown field." },
      ]),
    );
    expect(res.body.error.details).toHaveLength(3);
  });

  test("when each parameter is given once, then the answers are as before", async () => {
    expect((await get(`/api/analytics/summary?from=${T1}&to=${T2}`)).status).toBe(200);
    expect((await get("/api/tickets?status=open,resolved")).status).toBe(200);
    const bad = await get("/api/analytics/summary?from=yesterday");
    expectError(bad, 400, "VALIDATION_FAILED");
    expect(bad.body.error.details).toEqual([
      { path: "from", message: expect.stringContaining("Must be an ISO 8601 time") },
    ]);
  });

  test("when a JSON body holds a list where one value belongs, then it is not called a repeated parameter", async () => {
    const shop = await ctx.shopUser();
    const res = await request(ctx.app)
      .post("/api/tickets")
      .set(shop.auth)
      .send({ subject: ["a", "b"], message: "Hello" });
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([{ path: "subject", message: expect.any(String) }]);
    expect(res.body.error.details[0].message).not.toContain("more than once");
  });
});

describe("GET /api/analytics/satisfaction: the period", () => {
  test("when it spans more than 366 days, then 400 with the same error as the summary's", async () => {
    const query = "from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z";
    const satisfaction = await get(`/api/analytics/satisfaction?${query}`);
    expectError(satisfaction, 400, "VALIDATION_FAILED");
    expect(satisfaction.body.error.details).toEqual([
      { path: "from", message: "A period spans at most 366 days." },
    ]);
    const summary = await get(`/api/analytics/summary?${query}`);
    expect(satisfaction.body.error.message).toBe(summary.body.error.message);
    expect(satisfaction.body.error.details).toEqual(summary.body.error.details);
  });

  test("when only from is given, 400 days ago, then it is too long up to now", async () => {
    const res = await get(`/api/analytics/satisfaction?from=${isoAt(Date.now() - 400 * DAY)}`);
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([{ path: "from", message: "A period spans at most 366 days." }]);
  });

  test("when it spans exactly 366 days, or from is after to, then as the other reports", async () => {
    expect(
      (await get("/api/analytics/satisfaction?from=2025-01-01T00:00:00Z&to=2026-01-02T00:00:00Z")).status,
    ).toBe(200);
    const reversed = await get(`/api/analytics/satisfaction?from=${T2}&to=${T1}`);
    expectError(reversed, 400, "VALIDATION_FAILED");
    expect(reversed.body.error.details).toEqual([{ path: "from", message: "from must not be after to." }]);
  });
});

describe("PUT /api/sla-policies: the time zone's spelling", () => {
  test.each([
    ["europe/berlin", "Europe/Berlin"],
    ["AMERICA/NEW_YORK", "America/New_York"],
    // A link keeps its own name: not ICU's older canonical Asia/Calcutta.
    ["asia/kolkata", "Asia/Kolkata"],
    ["UTC", "UTC"],
  ])("when the zone is typed %s, then the policy reads back %s", async (typed, spelled) => {
    const res = await putPolicy(ctx.app, lead, {
      calendar: { ...ALWAYS_OPEN, timeZone: typed },
      targets: FLAT_TARGETS,
    });
    expect(res.status).toBe(200);
    expect(res.body.calendar.timeZone).toBe(spelled);
    expect((await get("/api/sla-policies")).body.calendar.timeZone).toBe(spelled);
  });
});

describe("PUT /api/sla-policies: holiday dates", () => {
  const withHolidays = (holidays: string[]) =>
    putPolicy(ctx.app, lead, { calendar: { ...ALWAYS_OPEN, holidays }, targets: FLAT_TARGETS });

  test.each(["0000-01-01", "1969-12-31"])(
    "when a holiday is %s, then 400 on that holiday saying which dates are allowed",
    async (date) => {
      const res = await withHolidays(["2026-12-25", date]);
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details).toEqual([
        { path: "calendar.holidays.1", message: "Must be a date between 1970-01-01 and 9999-12-31." },
      ]);
    },
  );

  test("when a holiday is not a real date, then the format message, once", async () => {
    const res = await withHolidays(["2026-02-30"]);
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([
      { path: "calendar.holidays.0", message: "Must be a date YYYY-MM-DD." },
    ]);
  });

  test("when holidays are at the ends of the range, then they are saved", async () => {
    const res = await withHolidays(["1970-01-01", "9999-12-31"]);
    expect(res.status).toBe(200);
    expect(res.body.calendar.holidays).toEqual(["1970-01-01", "9999-12-31"]);
  });
});
