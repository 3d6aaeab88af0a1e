import request from "supertest";
import type { Socket } from "socket.io-client";
import { createTestServer, type TestServer } from "../support/test-server";
import type { Actor } from "../support/test-context";
import { expectError, ticketApi } from "../tickets/helpers";
import type { TestContext } from "../support/test-context";
import { ALWAYS_OPEN, FLAT_TARGETS, MIN, isoAt, ms, putPolicy } from "./helpers";

/** What the server answers for FLAT_TARGETS: the next-response target defaults to the first-response one. */
const FLAT_STORED = FLAT_TARGETS.map((t) => ({ ...t, nextResponseMinutes: t.firstResponseMinutes }));

let srv: TestServer;
let api: ReturnType<typeof ticketApi>;
let lead: Actor;

beforeAll(async () => {
  srv = await createTestServer();
  api = ticketApi(srv as unknown as TestContext);
  lead = await srv.admin({ name: "Lead" });
  const res = await putPolicy(srv.app, lead, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS });
  expect(res.status).toBe(200);
});
afterAll(() => srv.close());

type Ev = { type: string; actorId: string | null; from: string | null; to: string | null; createdAt: string };
const slaEvents = async (as: Actor, id: string) =>
  ((await api.events(as, id)).body.items as Ev[]).filter((e) => e.type.startsWith("sla_"));

describe("GET/PUT /api/sla-policies", () => {
  test("when an admin reads the policy, then the calendar, one target per priority, and what a change applies to", async () => {
    const res = await request(srv.app).get("/api/sla-policies").set(lead.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      calendar: ALWAYS_OPEN,
      targets: FLAT_STORED,
      updatedAt: expect.any(String),
      updatedBy: expect.any(String),
      appliesTo: "tickets created after updatedAt",
    });
  });

  test("when a shop reads or writes the policy, then 403", async () => {
    const shop = await srv.shopUser();
    expectError(await request(srv.app).get("/api/sla-policies").set(shop.auth), 403, "FORBIDDEN");
    expectError(
      await putPolicy(srv.app, shop, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS }),
      403,
      "FORBIDDEN",
    );
    expectError(await request(srv.app).get("/api/sla-policies"), 401, "UNAUTHENTICATED");
  });

  const withTarget = (patch: Record<string, unknown>) =>
    FLAT_TARGETS.map((t, i) => (i === 0 ? { ...t, ...patch } : t));
  const bad: Array<[string, unknown, string]> = [
    [
      "a negative target",
      { calendar: ALWAYS_OPEN, targets: withTarget({ firstResponseMinutes: -5 }) },
      "targets.0.firstResponseMinutes",
    ],
    [
      "an absurd target",
      { calendar: ALWAYS_OPEN, targets: withTarget({ resolutionMinutes: 10_000_000 }) },
      "targets.0.resolutionMinutes",
    ],
    ["a missing priority", { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS.slice(1) }, "targets"],
    [
      "a priority twice",
      { calendar: ALWAYS_OPEN, targets: [...FLAT_TARGETS.slice(1), FLAT_TARGETS[1]] },
      "targets",
    ],
    [
      "overlapping hours",
      {
        calendar: {
          ...ALWAYS_OPEN,
          hours: [
            { day: "mon", start: "09:00", end: "13:00" },
            { day: "mon", start: "12:00", end: "17:00" },
          ],
        },
        targets: FLAT_TARGETS,
      },
      "calendar.hours.1",
    ],
    [
      "a span that ends before it starts",
      {
        calendar: { ...ALWAYS_OPEN, hours: [{ day: "mon", start: "17:00", end: "09:00" }] },
        targets: FLAT_TARGETS,
      },
      "calendar.hours.0.end",
    ],
    [
      "an unknown time zone",
      { calendar: { ...ALWAYS_OPEN, timeZone: "Mars/Olympus" }, targets: FLAT_TARGETS },
      "calendar.timeZone",
    ],
    [
      "a bad holiday",
      { calendar: { ...ALWAYS_OPEN, holidays: ["2026-02-30"] }, targets: FLAT_TARGETS },
      "calendar.holidays.0",
    ],
    ["an unknown field", { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS, nextResponse: 5 }, "nextResponse"],
  ];
  test.each(bad)(
    "when the policy has %s, then 400 naming the field, and nothing changes",
    async (_what, body, path) => {
      const res = await putPolicy(srv.app, lead, body);
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
      const now = await request(srv.app).get("/api/sla-policies").set(lead.auth);
      expect(now.body.targets).toEqual(FLAT_STORED);
    },
  );

  // Read-modify-write: what GET returns goes back through PUT as it is (CONTRACT.md "GET/PUT /api/sla-policies").
  test("when an admin PUTs back exactly what GET returned, then 200 and the policy is unchanged", async () => {
    const other = await srv.admin({ name: "Other lead" });
    const before = await request(srv.app).get("/api/sla-policies").set(other.auth);
    expect(before.status).toBe(200);
    expect(Object.keys(before.body).sort()).toEqual([
      "appliesTo",
      "calendar",
      "targets",
      "updatedAt",
      "updatedBy",
    ]);

    const put = await putPolicy(srv.app, other, before.body);
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      calendar: before.body.calendar,
      targets: before.body.targets,
      updatedAt: expect.any(String),
      // Set by the server: whoever saved, not what the body said.
      updatedBy: other.userId,
      appliesTo: "tickets created after updatedAt",
    });
    const after = await request(srv.app).get("/api/sla-policies").set(lead.auth);
    expect(after.body).toEqual(put.body);
    expect(after.body.targets).toEqual(FLAT_STORED);
    expect(after.body.calendar).toEqual(ALWAYS_OPEN);
  });

  test("when the read-only fields say something else, then they are ignored and the server sets them", async () => {
    const res = await putPolicy(srv.app, lead, {
      calendar: ALWAYS_OPEN,
      targets: FLAT_TARGETS,
      updatedAt: "2000-01-01T00:00:00.000Z",
      updatedBy: "someone-else",
      appliesTo: "every ticket",
    });
    expect(res.status).toBe(200);
    expect(res.body.updatedBy).toBe(lead.userId);
    expect(res.body.appliesTo).toBe("tickets created after updatedAt");
    expect(Date.now() - ms(res.body.updatedAt as string)).toBeLessThan(60_000);
    expect(res.body.targets).toEqual(FLAT_STORED);
  });

  test("when a GET body carries one unknown field more, then it is still 400 and nothing changes", async () => {
    const before = await request(srv.app).get("/api/sla-policies").set(lead.auth);
    const res = await putPolicy(srv.app, lead, { ...before.body, bogus: true });
    expectError(res, 400, "VALIDATION_FAILED");
    expect(JSON.stringify(res.body.error.details)).toContain("bogus");
    const after = await request(srv.app).get("/api/sla-policies").set(lead.auth);
    expect(after.body).toEqual(before.body);
  });
});

describe("the SLA clock on a ticket", () => {
  test("when a ticket is filed, then its deadlines run from creation and the timeline says the clock started", async () => {
    const shop = await srv.shopUser();
    const t = await api.ticket(shop);
    const t0 = ms(t.createdAt as string);
    expect(t.sla).toEqual({
      firstResponseDueAt: isoAt(t0 + 60 * MIN),
      nextResponseDueAt: null,
      resolutionDueAt: isoAt(t0 + 240 * MIN),
      breached: false,
      // amber at 75% of the first-response hour (a 24/7 calendar: business time is wall time)
      warningAt: isoAt(t0 + 45 * MIN),
    });
    expect(await slaEvents(shop, t.id)).toEqual([
      { type: "sla_started", actorId: null, from: null, to: isoAt(t0 + 240 * MIN), createdAt: t.createdAt },
    ]);
  });

  test("when an admin replies, then the clock pauses (waiting on the shop); when the shop writes, it resumes with the time left", async () => {
    const shop = await srv.shopUser();
    const admin = await srv.admin();
    const t = await api.ticket(shop);
    const t0 = ms(t.createdAt as string);
    const reply = await api.post(admin, t.id, { body: "We are on it." });
    expect(reply.status).toBe(201);
    const t1 = ms(reply.body.createdAt as string);

    const paused = (await api.get(shop, t.id)).body;
    expect(paused.sla).toEqual({
      firstResponseDueAt: isoAt(t0 + 60 * MIN),
      nextResponseDueAt: null,
      resolutionDueAt: null,
      breached: false,
      warningAt: null,
    });

    // An internal note changes nothing.
    await api.post(admin, t.id, { body: "note", internal: true });
    expect((await api.get(shop, t.id)).body.sla.resolutionDueAt).toBeNull();

    const answer = await api.post(shop, t.id, { body: "Thanks, here is the order number." });
    const t2 = ms(answer.body.createdAt as string);
    const used = t1 - t0;
    const resumed = (await api.get(shop, t.id)).body;
    expect(resumed.sla).toEqual({
      firstResponseDueAt: isoAt(t0 + 60 * MIN),
      // The shop wrote after an admin reply: the next reply is due within the next-response target.
      nextResponseDueAt: isoAt(t2 + 60 * MIN),
      resolutionDueAt: isoAt(t2 + 240 * MIN - used),
      breached: false,
      warningAt: isoAt(t2 + 45 * MIN),
    });
    expect((await slaEvents(admin, t.id)).map((e) => [e.type, e.from, e.to, e.createdAt])).toEqual([
      ["sla_started", null, isoAt(t0 + 240 * MIN), isoAt(t0)],
      ["sla_paused", null, "waiting_on_shop", isoAt(t1)],
      ["sla_resumed", null, isoAt(t2 + 240 * MIN - used), isoAt(t2)],
      ["sla_started", "next_response", isoAt(t2 + 60 * MIN), isoAt(t2)],
    ]);
  });

  test("when resolved and then reopened by the shop, then the clock pauses while resolved and resumes", async () => {
    const shop = await srv.shopUser();
    const admin = await srv.admin();
    const t = await api.ticket(shop);
    const t0 = ms(t.createdAt as string);
    const resolved = await api.patch(admin, t.id, { status: "resolved" });
    const t1 = ms(resolved.body.updatedAt as string);
    expect(resolved.body.sla).toEqual({
      firstResponseDueAt: null,
      nextResponseDueAt: null,
      resolutionDueAt: null,
      breached: false,
      warningAt: null,
    });
    const reopened = await api.post(shop, t.id, { body: "Still broken." });
    const t2 = ms(reopened.body.createdAt as string);
    const now = (await api.get(shop, t.id)).body;
    expect(now.status).toBe("open");
    expect(now.sla).toEqual({
      firstResponseDueAt: isoAt(t2 + 60 * MIN - (t1 - t0)),
      nextResponseDueAt: null,
      resolutionDueAt: isoAt(t2 + 240 * MIN - (t1 - t0)),
      breached: false,
      warningAt: isoAt(t2 + 45 * MIN - (t1 - t0)),
    });
    expect((await slaEvents(shop, t.id)).map((e) => [e.type, e.to])).toEqual([
      ["sla_started", isoAt(t0 + 240 * MIN)],
      ["sla_paused", "resolved"],
      ["sla_resumed", isoAt(t2 + 240 * MIN - (t1 - t0))],
    ]);
  });

  test("when the policy changes, then existing tickets keep their deadlines and new tickets get the new ones", async () => {
    const shop = await srv.shopUser();
    const before = await api.ticket(shop);
    const longer = FLAT_TARGETS.map((t) => ({ ...t, firstResponseMinutes: 120 }));
    expect((await putPolicy(srv.app, lead, { calendar: ALWAYS_OPEN, targets: longer })).status).toBe(200);
    try {
      const after = await api.ticket(shop);
      expect((await api.get(shop, before.id)).body.sla.firstResponseDueAt).toBe(
        isoAt(ms(before.createdAt as string) + 60 * MIN),
      );
      expect(after.sla).toEqual(
        expect.objectContaining({ firstResponseDueAt: isoAt(ms(after.createdAt as string) + 120 * MIN) }),
      );
    } finally {
      expect((await putPolicy(srv.app, lead, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS })).status).toBe(
        200,
      );
    }
  });
});

describe("warnings and breaches", () => {
  const collect = (socket: Socket) => {
    const got: Array<[string, Record<string, unknown>]> = [];
    socket.on("sla.warning", (w: Record<string, unknown>) => got.push(["sla.warning", w]));
    socket.on("sla.breached", (b: Record<string, unknown>) => got.push(["sla.breached", b]));
    return got;
  };
  const waitFor = async (cond: () => boolean) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(cond()).toBe(true);
  };

  test("when the clock passes 75%, 90% and the deadline, then admins get sla.warning twice and sla.breached once; the ticket shows the breach", async () => {
    const shop = await srv.shopUser();
    const adminSocket = await srv.connect(await srv.admin());
    const shopSocket = await srv.connect(shop);
    const toAdmins = collect(adminSocket);
    const toShop = collect(shopSocket);
    const shopUpdates: string[] = [];
    shopSocket.on("ticket:updated", (t: { id: string }) => shopUpdates.push(t.id));

    const t = await api.ticket(shop);
    const t0 = ms(t.createdAt as string);
    const due = isoAt(t0 + 60 * MIN);
    const base = {
      ticketId: t.id,
      number: t.number,
      shopId: shop.shopId,
      target: "firstResponse",
      dueAt: due,
    };
    const reconcile = (minutes: number) =>
      srv.server.modules.support.service.reconcileSla(t.id, new Date(t0 + minutes * MIN));

    await reconcile(30);
    await reconcile(46);
    await waitFor(() => toAdmins.length === 1);
    expect(toAdmins[0]).toEqual(["sla.warning", { ...base, threshold: 75 }]);
    await reconcile(55);
    await waitFor(() => toAdmins.length === 2);
    expect(toAdmins[1]).toEqual(["sla.warning", { ...base, threshold: 90 }]);
    expect((await api.get(shop, t.id)).body.sla.breached).toBe(false);

    await reconcile(61);
    await waitFor(() => toAdmins.length === 3 && shopUpdates.includes(t.id));
    expect(toAdmins[2]).toEqual(["sla.breached", base]);
    expect(toShop).toEqual([]);
    const after = (await api.get(shop, t.id)).body;
    expect(after.sla).toEqual({
      firstResponseDueAt: due,
      nextResponseDueAt: null,
      resolutionDueAt: isoAt(t0 + 240 * MIN),
      breached: true,
      // past 75% of the first response already: amber since (at the latest) the last check
      warningAt: isoAt(t0 + 61 * MIN),
    });
    expect((await slaEvents(shop, t.id)).map((e) => [e.type, e.from, e.to])).toEqual([
      ["sla_started", null, isoAt(t0 + 240 * MIN)],
      ["sla_breached", "first_response", due],
    ]);
    // Nothing more to say until the resolution's own thresholds.
    await reconcile(62);
    await new Promise((r) => setTimeout(r, 100));
    expect(toAdmins).toHaveLength(3);

    const breachedQueue = await api.list(shop, { sla: "breached" });
    expect(breachedQueue.body.items.map((i: { id: string }) => i.id)).toEqual([t.id]);
  });

  test("when the periodic check runs, then it finds a clock whose warning has come due", async () => {
    const shop = await srv.shopUser();
    const adminSocket = await srv.connect(await srv.admin());
    const toAdmins = collect(adminSocket);
    const t = await api.ticket(shop);
    // As if the ticket had been waiting for 50 minutes: move its clock's start back.
    await srv.database
      .knex("sla_clocks")
      .where({ ticket_id: t.id })
      .update({
        running_since: new Date(ms(t.createdAt as string) - 50 * MIN),
        next_alert_at: new Date(ms(t.createdAt as string) - 5 * MIN),
      });
    const checked = await srv.server.modules.analytics.sla.checkDue(new Date());
    expect(checked).toBeGreaterThanOrEqual(1);
    await waitFor(() => toAdmins.some(([, e]) => e.ticketId === t.id));
    expect(toAdmins.filter(([, e]) => e.ticketId === t.id)).toEqual([
      ["sla.warning", expect.objectContaining({ ticketId: t.id, target: "firstResponse", threshold: 75 })],
    ]);
  });
});

describe("the queue by deadline", () => {
  test("when sorted by due, then the nearest running deadline first and paused tickets last, page by page", async () => {
    const shop = await srv.shopUser();
    const admin = await srv.admin();
    const first = await api.ticket(shop);
    const second = await api.ticket(shop);
    const waiting = await api.ticket(shop);
    await api.post(admin, waiting.id, { body: "Could you send a photo?" });

    const ids: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 4; page++) {
      const res = await api.list(shop, { sort: "due", limit: 1, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      ids.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor ?? undefined;
      if (!cursor) break;
    }
    // Ordered by (deadline, id): two tickets filed in the same millisecond tie on the deadline.
    const running = [first, second]
      .map((t) => ({ id: t.id, due: (t.sla as { firstResponseDueAt: string }).firstResponseDueAt }))
      .sort((a, b) => (a.due === b.due ? (a.id < b.id ? -1 : 1) : a.due < b.due ? -1 : 1))
      .map((t) => t.id);
    expect(ids).toEqual([...running, waiting.id]);

    const soon = await api.list(shop, { sla: "due_within_1h", sort: "due" });
    expect(soon.body.items.map((i: { id: string }) => i.id)).toEqual(running);
    expect((await api.list(shop, { sla: "breached" })).body.items).toEqual([]);
    expectError(await api.list(shop, { sla: "late" }), 400, "VALIDATION_FAILED");
  });
});

describe("next response and re-targeting", () => {
  const withPolicy = async (targets: unknown, run: () => Promise<void>) => {
    expect((await putPolicy(srv.app, lead, { calendar: ALWAYS_OPEN, targets })).status).toBe(200);
    try {
      await run();
    } finally {
      expect((await putPolicy(srv.app, lead, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS })).status).toBe(
        200,
      );
    }
  };

  test("when the shop writes after an admin reply, then the next reply is due within the next-response target, sorts the queue, and breaches when missed", async () => {
    await withPolicy(
      FLAT_TARGETS.map((t) => ({ ...t, nextResponseMinutes: 30 })),
      async () => {
        const shop = await srv.shopUser();
        const admin = await srv.admin();
        const adminSocket = await srv.connect(admin);
        const breaches: Array<Record<string, unknown>> = [];
        adminSocket.on("sla.breached", (b: Record<string, unknown>) => breaches.push(b));
        const t = await api.ticket(shop);
        await api.post(admin, t.id, { body: "Which order is it?" });
        const answer = await api.post(shop, t.id, { body: "Order 42." });
        const t2 = ms(answer.body.createdAt as string);
        const other = await api.ticket(shop); // first response due in 60 min: after this one's 30
        const ticket = (await api.get(shop, t.id)).body;
        expect(ticket.sla.nextResponseDueAt).toBe(isoAt(t2 + 30 * MIN));
        expect(ticket.sla.warningAt).toBe(isoAt(t2 + 22.5 * MIN));
        const queue = await api.list(shop, { sort: "due" });
        expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual([t.id, other.id]);

        // The checker 31 minutes on: the next response was missed.
        await srv.server.modules.support.service.reconcileSla(t.id, new Date(t2 + 31 * MIN));
        for (let i = 0; i < 200 && breaches.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
        expect(breaches).toEqual([
          expect.objectContaining({ ticketId: t.id, target: "nextResponse", dueAt: isoAt(t2 + 30 * MIN) }),
        ]);
        expect((await api.get(shop, t.id)).body.sla.breached).toBe(true);
        expect((await slaEvents(admin, t.id)).map((e) => [e.type, e.from, e.to])).toContainEqual([
          "sla_breached",
          "next_response",
          isoAt(t2 + 30 * MIN),
        ]);

        // The admin answers: the cycle ends, nothing is due until the shop writes again.
        await api.post(admin, t.id, { body: "Found it, refund sent." });
        const answered = (await api.get(shop, t.id)).body;
        expect(answered.sla).toMatchObject({
          nextResponseDueAt: null,
          resolutionDueAt: null,
          breached: true,
        });
      },
    );
  });

  test("when an admin changes the priority, then the deadlines come from the new priority's targets with the elapsed time kept, and the timeline says so", async () => {
    const targets = FLAT_TARGETS.map((t) =>
      t.priority === "urgent" ? { ...t, firstResponseMinutes: 10, resolutionMinutes: 120 } : t,
    );
    await withPolicy(targets, async () => {
      const shop = await srv.shopUser();
      const admin = await srv.admin();
      const t = await api.ticket(shop, { priority: "low" });
      const t0 = ms(t.createdAt as string);
      // As if the ticket had been open for 20 business minutes: move its clock's start back.
      await srv.database
        .knex("sla_clocks")
        .where({ ticket_id: t.id })
        .update({ running_since: new Date(t0 - 20 * MIN) });
      const res = await api.patch(admin, t.id, { priority: "urgent" });
      expect(res.status).toBe(200);
      const t1 = ms(res.body.updatedAt as string);
      const used = t1 - (t0 - 20 * MIN);
      // First response: 20 min used of the new 10 → breached now; resolution: 120 min minus the time used.
      expect(res.body.sla).toMatchObject({
        resolutionDueAt: isoAt(t1 + 120 * MIN - used),
        breached: true,
      });
      const events = (await slaEvents(admin, t.id)).map((e) => [e.type, e.from, e.to]);
      expect(events).toContainEqual(["sla_breached", "first_response", isoAt(t1)]);
      expect(events.at(-1)).toEqual(["sla_retargeted", "urgent", res.body.sla.firstResponseDueAt]);

      // Back to low: the longer targets apply again, the breach stays recorded.
      const back = await api.patch(admin, t.id, { priority: "low" });
      const t2 = ms(back.body.updatedAt as string);
      const used2 = t2 - (t0 - 20 * MIN);
      expect(back.body.sla).toMatchObject({
        firstResponseDueAt: isoAt(t2 + 60 * MIN - used2),
        resolutionDueAt: isoAt(t2 + 240 * MIN - used2),
        breached: true,
      });
      const last = (await slaEvents(admin, t.id)).at(-1)!;
      expect([last.type, last.from, last.to]).toEqual([
        "sla_retargeted",
        "low",
        isoAt(t2 + 60 * MIN - used2),
      ]);
    });
  });

  test("when an admin raises the priority while the clock waits on the shop and more time is used than the new target allows, then the breach is recorded and announced at once", async () => {
    const targets = FLAT_TARGETS.map((t) => (t.priority === "urgent" ? { ...t, resolutionMinutes: 120 } : t));
    await withPolicy(targets, async () => {
      const shop = await srv.shopUser();
      const admin = await srv.admin();
      const adminSocket = await srv.connect(admin);
      const breaches: Array<Record<string, unknown>> = [];
      adminSocket.on("sla.breached", (b: Record<string, unknown>) => breaches.push(b));
      const t = await api.ticket(shop, { priority: "low" });
      expect((await api.post(admin, t.id, { body: "Which order is it?" })).status).toBe(201);
      // As if the ticket had been worked on for 150 business minutes before this reply (the clock is paused).
      await srv.database
        .knex("sla_clocks")
        .where({ ticket_id: t.id })
        .update({ resolution_consumed_ms: 150 * MIN });

      const res = await api.patch(admin, t.id, { priority: "urgent" });
      expect(res.status).toBe(200);
      const t1 = ms(res.body.updatedAt as string);
      // 150 min used of the new 120: breached now; still waiting on the shop, so nothing is running out.
      expect(res.body.sla).toMatchObject({ resolutionDueAt: null, nextResponseDueAt: null, breached: true });
      expect((await api.get(shop, t.id)).body.sla.breached).toBe(true);
      const events = (await slaEvents(admin, t.id)).map((e) => [e.type, e.from, e.to]);
      expect(events.slice(-2)).toEqual([
        ["sla_breached", "resolution", isoAt(t1)],
        ["sla_retargeted", "urgent", null],
      ]);
      for (let i = 0; i < 200 && breaches.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(breaches).toEqual([
        { ticketId: t.id, number: t.number, shopId: shop.shopId, target: "resolution", dueAt: isoAt(t1) },
      ]);
      const breachedQueue = await api.list(shop, { sla: "breached" });
      expect(breachedQueue.body.items.map((i: { id: string }) => i.id)).toEqual([t.id]);

      // The shop writes: the clock runs again, late from that moment, and the breach is not announced twice.
      const answer = await api.post(shop, t.id, { body: "Order 42." });
      expect(answer.status).toBe(201);
      const t2 = ms(answer.body.createdAt as string);
      expect((await api.get(shop, t.id)).body.sla).toMatchObject({
        resolutionDueAt: isoAt(t2),
        breached: true,
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(breaches).toHaveLength(1);
      expect((await slaEvents(admin, t.id)).filter((e) => e.type === "sla_breached")).toHaveLength(1);
    });
  });
});

describe("the SLA clock on a merge", () => {
  test("when a shop message is merged onto a target whose last public word was the admin's, then a reply is due again", async () => {
    const shop = await srv.shopUser();
    const admin = await srv.admin();
    const target = await api.ticket(shop, { message: "first" });
    expect((await api.post(admin, target.id, { body: "We are on it." })).status).toBe(201);
    expect((await api.get(admin, target.id)).body.sla.nextResponseDueAt).toBeNull();
    const source = await api.ticket(shop, { message: "another one" });
    const later = await api.post(shop, source.id, { body: "Any news?" });
    expect(later.status).toBe(201);

    const merged = await request(srv.app)
      .post(`/api/tickets/${source.id}/merge`)
      .set(admin.auth)
      .send({ intoTicketId: target.id });
    expect(merged.status).toBe(200);
    const after = (await api.get(admin, target.id)).body;
    expect(after.sla.nextResponseDueAt).not.toBeNull();
    expect(after.sla.resolutionDueAt).not.toBeNull();
    expect((await slaEvents(admin, target.id)).map((e) => e.type)).toContain("sla_resumed");
  });
});
