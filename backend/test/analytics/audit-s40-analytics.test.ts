import request from "supertest";
import { createTestServer, type TestServer } from "../support/test-server";
import { ALWAYS_OPEN, FLAT_TARGETS, MIN, ms, putPolicy } from "./helpers";

/** Findings of the s40 black-box audit of analytics and SLAs (docs/analytics.md). */

let srv: TestServer;
beforeAll(async () => {
  srv = await createTestServer();
});
afterAll(() => srv.close());

const waitFor = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(cond()).toBe(true);
};

describe("SLA alerts of a website visitor's conversation", () => {
  test("when its first-response clock warns and breaches, then sla.warning and sla.breached say shopId null, as the ticket does", async () => {
    const admin = await srv.admin();
    expect((await putPolicy(srv.app, admin, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS })).status).toBe(
      200,
    );
    const socket = await srv.connect(admin);
    const alerts: Array<[string, { ticketId: string; shopId: unknown }]> = [];
    socket.on("sla.warning", (w: { ticketId: string; shopId: unknown }) => alerts.push(["sla.warning", w]));
    socket.on("sla.breached", (b: { ticketId: string; shopId: unknown }) => alerts.push(["sla.breached", b]));

    const session = await request(srv.app).post("/api/visitor/sessions").send({ name: "Visitor" });
    expect(session.status).toBe(201);
    const first = await request(srv.app)
      .post("/api/visitor/messages")
      .set({ Authorization: `Bearer ${session.body.visitorToken as string}` })
      .send({ body: "Do you ship to Norway?" });
    expect(first.status).toBe(201);
    const ticketId = first.body.ticketId as string;
    const ticket = await request(srv.app).get(`/api/tickets/${ticketId}`).set(admin.auth);
    expect(ticket.body).toMatchObject({ shopId: null, source: "visitor" });

    // 61 minutes on: past 75%, 90% and the 60-minute first-response target.
    await srv.server.modules.support.service.reconcileSla(
      ticketId,
      new Date(ms(ticket.body.createdAt as string) + 61 * MIN),
    );
    await waitFor(() => alerts.filter(([, a]) => a.ticketId === ticketId).length === 3);
    const mine = alerts.filter(([, a]) => a.ticketId === ticketId);
    expect(mine.map(([event]) => event)).toEqual(["sla.warning", "sla.warning", "sla.breached"]);
    for (const [, alert] of mine) expect(alert.shopId).toBeNull();
  });
});

describe("PUT /api/sla-policies: a target the calendar cannot hold", () => {
  const tinyCalendar = {
    timeZone: "UTC",
    hours: [{ day: "sun", start: "10:00", end: "11:00" }],
    holidays: [],
  };

  test("when a target needs more business time than the calendar opens in 12 years, then it is 400 on that field and nothing changes", async () => {
    const admin = await srv.admin();
    const shop = await srv.shopUser();
    expect((await putPolicy(srv.app, admin, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS })).status).toBe(
      200,
    );
    // One hour a week is some 626 hours in 12 years; a year of business minutes never runs out.
    const targets = FLAT_TARGETS.map((t) =>
      t.priority === "low" ? { ...t, resolutionMinutes: 525_600 } : t,
    );
    const res = await putPolicy(srv.app, admin, { calendar: tinyCalendar, targets });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    const low = targets.findIndex((t) => t.priority === "low");
    expect(res.body.error.details).toEqual([
      { path: `targets.${low}.resolutionMinutes`, message: expect.stringContaining("never come") },
    ]);
    // The policy in force is still the earlier one, so a new ticket has deadlines.
    expect((await request(srv.app).get("/api/sla-policies").set(admin.auth)).body.calendar).toEqual(
      ALWAYS_OPEN,
    );
    const filed = await request(srv.app)
      .post("/api/tickets")
      .set(shop.auth)
      .send({ subject: "Parcel", message: "Where is it?", priority: "low" });
    expect(filed.body.sla.resolutionDueAt).not.toBeNull();
  });

  test("when every target fits the same small calendar, then it is saved", async () => {
    const admin = await srv.admin();
    const res = await putPolicy(srv.app, admin, { calendar: tinyCalendar, targets: FLAT_TARGETS });
    expect(res.status).toBe(200);
    expect(res.body.calendar).toEqual(tinyCalendar);
    // Leave the open-all-day policy for whatever runs after.
    expect((await putPolicy(srv.app, admin, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS })).status).toBe(
      200,
    );
  });
});
