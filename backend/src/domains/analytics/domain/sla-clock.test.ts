import { advanceClock, startClock, ticketSlaFields } from "./sla-clock";
import type { Calendar } from "./business-hours";

const H = 3_600_000;
const M = 60_000;
const office: Calendar = {
  timeZone: "UTC",
  hours: (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({ day, start: "09:00", end: "17:00" })),
  holidays: [],
};
const policy = {
  calendar: office,
  targetMs: { firstResponse: 1 * H, nextResponse: 2 * H, resolution: 8 * H },
};
const d = (s: string) => new Date(s);

describe("SLA clock", () => {
  test("when a ticket is created, then both deadlines run from creation on business hours", () => {
    // Monday 16:30: first response 1 h → Tuesday 09:30; resolution 8 h → Tuesday 16:30
    const { clock, events } = startClock(policy, d("2026-03-02T16:30:00Z"));
    expect(ticketSlaFields(clock)).toEqual({
      firstResponseDueAt: d("2026-03-03T09:30:00Z"),
      nextResponseDueAt: null,
      resolutionDueAt: d("2026-03-03T16:30:00Z"),
      breached: false,
      dueAt: d("2026-03-03T09:30:00Z"),
      // 75% of the first-response hour in business time: 30 min on Monday, 15 on Tuesday
      warningAt: d("2026-03-03T09:15:00Z"),
    });
    expect(events).toEqual([{ type: "sla_started", from: null, to: "2026-03-03T16:30:00.000Z" }]);
    // The next alert is 75% of the first-response hour: 45 business minutes → Tuesday 09:15
    expect(clock.nextAlertAt).toEqual(d("2026-03-03T09:15:00Z"));
  });

  test("when an admin replies, then first response is met, and the resolution clock pauses until the shop writes", () => {
    const start = startClock(policy, d("2026-03-02T09:00:00Z")).clock;
    const replied = advanceClock(start, d("2026-03-02T09:20:00Z"), {
      status: "in_progress",
      waitingOnShop: true,
      firstResponded: true,
    });
    expect(replied.events).toEqual([{ type: "sla_paused", from: null, to: "waiting_on_shop" }]);
    expect(replied.clock.tookMs.firstResponse).toBe(20 * M);
    expect(ticketSlaFields(replied.clock)).toEqual({
      firstResponseDueAt: d("2026-03-02T10:00:00Z"),
      nextResponseDueAt: null,
      resolutionDueAt: null,
      breached: false,
      dueAt: null,
      warningAt: null,
    });
    // The shop answers the next day at 11:00: 20 min used, 7 h 40 min left → Tuesday 18:40 → Wednesday 10:40
    const resumed = advanceClock(replied.clock, d("2026-03-03T11:00:00Z"), { waitingOnShop: false });
    expect(resumed.events).toEqual([
      { type: "sla_resumed", from: null, to: "2026-03-04T10:40:00.000Z" },
      // The shop wrote after an admin reply: the next reply is due within 2 business hours
      { type: "sla_started", from: "next_response", to: "2026-03-03T13:00:00.000Z" },
    ]);
    expect(ticketSlaFields(resumed.clock).resolutionDueAt).toEqual(d("2026-03-04T10:40:00Z"));
  });

  test("when resolved and reopened, then the time while resolved does not count", () => {
    const start = startClock(policy, d("2026-03-02T09:00:00Z")).clock;
    const resolved = advanceClock(start, d("2026-03-02T09:40:00Z"), { status: "resolved" });
    expect(resolved.events).toEqual([{ type: "sla_paused", from: null, to: "resolved" }]);
    expect(resolved.clock.tookMs.resolution).toBe(40 * M);
    const reopened = advanceClock(resolved.clock, d("2026-03-05T09:00:00Z"), { status: "open" });
    // 40 min used of each: first response 20 min left, resolution 7 h 20 min left (Thursday)
    expect(reopened.events).toEqual([{ type: "sla_resumed", from: null, to: "2026-03-05T16:20:00.000Z" }]);
    expect(ticketSlaFields(reopened.clock)).toMatchObject({
      firstResponseDueAt: d("2026-03-05T09:20:00Z"),
      resolutionDueAt: d("2026-03-05T16:20:00Z"),
      breached: false,
    });
  });

  test("when the checker runs past 75%, 90% and the deadline, then each is announced once", () => {
    const start = startClock(policy, d("2026-03-02T09:00:00Z")).clock;
    const at55 = advanceClock(start, d("2026-03-02T09:55:00Z"));
    expect(at55.alerts).toEqual([
      { kind: "warning", target: "firstResponse", threshold: 75, dueAt: d("2026-03-02T10:00:00Z") },
      { kind: "warning", target: "firstResponse", threshold: 90, dueAt: d("2026-03-02T10:00:00Z") },
    ]);
    const again = advanceClock(at55.clock, d("2026-03-02T09:58:00Z"));
    expect(again.alerts).toEqual([]);
    const late = advanceClock(again.clock, d("2026-03-02T10:00:00.001Z"));
    expect(late.alerts).toEqual([
      { kind: "breached", target: "firstResponse", dueAt: d("2026-03-02T10:00:00Z") },
    ]);
    expect(late.events).toEqual([
      { type: "sla_breached", from: "first_response", to: "2026-03-02T10:00:00.000Z" },
    ]);
    expect(ticketSlaFields(late.clock).breached).toBe(true);
    // The breached deadline stays what it was
    expect(ticketSlaFields(late.clock).firstResponseDueAt).toEqual(d("2026-03-02T10:00:00Z"));
  });

  test("when exactly at the deadline, then not yet breached", () => {
    const start = startClock(policy, d("2026-03-02T09:00:00Z")).clock;
    const at = advanceClock(start, d("2026-03-02T10:00:00Z"), { firstResponded: true, waitingOnShop: true });
    expect(ticketSlaFields(at.clock).breached).toBe(false);
    expect(at.alerts).toEqual([]);
  });

  test("when closed, then the clock stops, and the next alert is cleared", () => {
    const start = startClock(policy, d("2026-03-02T09:00:00Z")).clock;
    const closed = advanceClock(start, d("2026-03-02T09:10:00Z"), { status: "closed" });
    expect(closed.events).toEqual([{ type: "sla_paused", from: null, to: "closed" }]);
    expect(closed.clock.nextAlertAt).toBeNull();
    expect(closed.clock.runningSince).toBeNull();
  });

  describe("next response", () => {
    const shopWritesAfterReply = () => {
      const start = startClock(policy, d("2026-03-02T09:00:00Z")).clock;
      const replied = advanceClock(start, d("2026-03-02T09:20:00Z"), {
        status: "in_progress",
        waitingOnShop: true,
        firstResponded: true,
      }).clock;
      return advanceClock(replied, d("2026-03-02T16:00:00Z"), { waitingOnShop: false });
    };

    test("when the shop writes after an admin reply, then the next reply is due within the next-response target on business hours", () => {
      const { clock, events } = shopWritesAfterReply();
      // 2 h from Monday 16:00: 1 h on Monday, 1 h on Tuesday
      expect(events).toEqual([
        { type: "sla_resumed", from: null, to: "2026-03-03T15:40:00.000Z" },
        { type: "sla_started", from: "next_response", to: "2026-03-03T10:00:00.000Z" },
      ]);
      expect(ticketSlaFields(clock)).toEqual({
        firstResponseDueAt: d("2026-03-02T10:00:00Z"),
        nextResponseDueAt: d("2026-03-03T10:00:00Z"),
        resolutionDueAt: d("2026-03-03T15:40:00Z"),
        breached: false,
        // the queue's due: the earliest running deadline
        dueAt: d("2026-03-03T10:00:00Z"),
        // 75% of 2 h = 90 business minutes from Monday 16:00
        warningAt: d("2026-03-03T09:30:00Z"),
      });
      expect(clock.nextAlertAt).toEqual(d("2026-03-03T09:30:00Z"));
    });

    test("when an admin replies, then that cycle ends, and the shop's next message starts a new one from zero", () => {
      const replied = advanceClock(shopWritesAfterReply().clock, d("2026-03-03T09:00:00Z"), {
        waitingOnShop: true,
      });
      expect(replied.clock.tookMs.nextResponse).toBe(1 * H);
      expect(replied.clock.consumedMs.nextResponse).toBe(0);
      expect(ticketSlaFields(replied.clock)).toMatchObject({ nextResponseDueAt: null, dueAt: null });
      expect(replied.alerts).toEqual([]);
      const again = advanceClock(replied.clock, d("2026-03-03T10:00:00Z"), { waitingOnShop: false });
      expect(ticketSlaFields(again.clock).nextResponseDueAt).toEqual(d("2026-03-03T12:00:00Z"));
    });

    test("when the next reply is late, then the breach is announced, the ticket stays breached, and a later cycle warns again", () => {
      const replied = advanceClock(shopWritesAfterReply().clock, d("2026-03-03T09:00:00Z"), {
        waitingOnShop: true,
      }).clock;
      const cycle2 = advanceClock(replied, d("2026-03-03T10:00:00Z"), { waitingOnShop: false }).clock;
      const late = advanceClock(cycle2, d("2026-03-03T12:00:00.001Z"));
      expect(late.alerts).toContainEqual({
        kind: "breached",
        target: "nextResponse",
        dueAt: d("2026-03-03T12:00:00Z"),
      });
      expect(late.events).toContainEqual({
        type: "sla_breached",
        from: "next_response",
        to: "2026-03-03T12:00:00.000Z",
      });
      expect(ticketSlaFields(late.clock).breached).toBe(true);
      const answered = advanceClock(late.clock, d("2026-03-03T12:30:00Z"), { waitingOnShop: true }).clock;
      const cycle3 = advanceClock(answered, d("2026-03-03T13:00:00Z"), { waitingOnShop: false }).clock;
      expect(ticketSlaFields(cycle3).breached).toBe(true);
      expect(ticketSlaFields(cycle3).nextResponseDueAt).toEqual(d("2026-03-03T15:00:00Z"));
      const warned = advanceClock(cycle3, d("2026-03-03T14:30:00Z"));
      expect(warned.alerts).toContainEqual({
        kind: "warning",
        target: "nextResponse",
        threshold: 75,
        dueAt: d("2026-03-03T15:00:00Z"),
      });
    });

    test("when resolved mid-cycle and reopened by the shop, then the cycle's time while resolved does not count", () => {
      const { clock } = shopWritesAfterReply(); // 16:00 Monday, 2 h due Tuesday 10:00
      const resolved = advanceClock(clock, d("2026-03-02T16:30:00Z"), { status: "resolved" }).clock;
      const reopened = advanceClock(resolved, d("2026-03-04T09:00:00Z"), { status: "open" });
      // 30 min used, 90 left from Wednesday 09:00
      expect(ticketSlaFields(reopened.clock).nextResponseDueAt).toEqual(d("2026-03-04T10:30:00Z"));
    });
  });

  describe("re-targeting on a priority change", () => {
    const urgent = { firstResponse: 20 * M, nextResponse: 10 * M, resolution: 4 * H };
    const low = { firstResponse: 4 * H, nextResponse: 4 * H, resolution: 16 * H };

    test("when the new target is shorter than the time used, then it is breached now and the deadlines are recomputed", () => {
      const start = startClock(policy, d("2026-03-02T09:00:00Z")).clock;
      const r = advanceClock(start, d("2026-03-02T09:30:00Z"), {
        retarget: { priority: "urgent", targetMs: urgent },
      });
      expect(r.clock.targetMs).toEqual(urgent);
      expect(r.clock.consumedMs.resolution).toBe(30 * M);
      expect(r.alerts).toEqual([
        { kind: "breached", target: "firstResponse", dueAt: d("2026-03-02T09:30:00Z") },
      ]);
      expect(r.events).toEqual([
        { type: "sla_breached", from: "first_response", to: "2026-03-02T09:30:00.000Z" },
        { type: "sla_retargeted", from: "urgent", to: "2026-03-02T09:30:00.000Z" },
      ]);
      // Resolution: 30 min used of 4 h, 3 h 30 min left from 09:30
      expect(ticketSlaFields(r.clock)).toMatchObject({
        resolutionDueAt: d("2026-03-02T13:00:00Z"),
        breached: true,
      });
    });

    test("when the new target is longer, then the elapsed business time is kept and the warnings are re-armed", () => {
      const start = startClock(policy, d("2026-03-02T16:00:00Z")).clock;
      // Monday 16:50: 50 of the 60 first-response minutes used, the 75% warning announced
      const warned = advanceClock(start, d("2026-03-02T16:50:00Z"));
      expect(warned.clock.alerted.firstResponse).toBe(75);
      const r = advanceClock(warned.clock, d("2026-03-02T16:50:00Z"), {
        retarget: { priority: "low", targetMs: low },
      });
      expect(r.alerts).toEqual([]);
      expect(r.clock.alerted.firstResponse).toBe(0);
      // 4 h − 50 min = 3 h 10 min from Monday 16:50: 10 min Monday, 3 h Tuesday → 12:00
      expect(ticketSlaFields(r.clock).firstResponseDueAt).toEqual(d("2026-03-03T12:00:00Z"));
      expect(r.events).toEqual([{ type: "sla_retargeted", from: "low", to: "2026-03-03T12:00:00.000Z" }]);
      // 75% of 4 h = 3 h, 50 min used: 10 min Monday, 2 h Tuesday
      expect(r.clock.nextAlertAt).toEqual(d("2026-03-03T11:00:00Z"));
    });

    test("when the ticket is paused, then re-targeting changes the targets but starts nothing", () => {
      const start = startClock(policy, d("2026-03-02T09:00:00Z")).clock;
      const resolved = advanceClock(start, d("2026-03-02T09:30:00Z"), {
        status: "resolved",
        waitingOnShop: true,
        firstResponded: true,
      }).clock;
      const r = advanceClock(resolved, d("2026-03-02T11:00:00Z"), {
        retarget: { priority: "urgent", targetMs: urgent },
      });
      expect(r.clock.runningSince).toBeNull();
      expect(ticketSlaFields(r.clock).dueAt).toBeNull();
      expect(r.events).toEqual([{ type: "sla_retargeted", from: "urgent", to: null }]);
    });

    /** Mon 09:00 filed, 09:20 first reply, 09:30 the shop, 11:20 the next reply: 2 h 10 min of resolution used. */
    const answeredTwice = (last: { status?: "resolved" } = {}) => {
      const start = startClock(policy, d("2026-03-02T09:00:00Z")).clock;
      const replied = advanceClock(start, d("2026-03-02T09:20:00Z"), {
        status: "in_progress",
        waitingOnShop: true,
        firstResponded: true,
      }).clock;
      const asked = advanceClock(replied, d("2026-03-02T09:30:00Z"), { waitingOnShop: false }).clock;
      const r = advanceClock(asked, d("2026-03-02T11:20:00Z"), { waitingOnShop: true, ...last });
      expect(r.alerts).toEqual([]);
      expect(r.clock.consumedMs).toEqual({ firstResponse: 20 * M, nextResponse: 0, resolution: 130 * M });
      return r.clock;
    };
    const rush = { firstResponse: 15 * M, nextResponse: 30 * M, resolution: 2 * H };

    test("when the clock waits on the shop and the new target is shorter than the time used, then it is breached now, not when the shop writes", () => {
      const r = advanceClock(answeredTwice(), d("2026-03-02T15:00:00Z"), {
        retarget: { priority: "urgent", targetMs: rush },
      });
      // Resolution: 2 h 10 min used of the new 2 h. The first response (20 min, given) has ended: not judged again.
      expect(r.alerts).toEqual([
        { kind: "breached", target: "resolution", dueAt: d("2026-03-02T15:00:00Z") },
      ]);
      expect(r.events).toEqual([
        { type: "sla_breached", from: "resolution", to: "2026-03-02T15:00:00.000Z" },
        { type: "sla_retargeted", from: "urgent", to: null },
      ]);
      expect(r.clock.breached).toEqual({ firstResponse: false, nextResponse: false, resolution: true });
      expect(r.clock.runningSince).toBeNull();
      expect(r.clock.nextAlertAt).toBeNull();
      expect(ticketSlaFields(r.clock)).toEqual({
        firstResponseDueAt: d("2026-03-02T10:00:00Z"),
        nextResponseDueAt: null,
        resolutionDueAt: null,
        breached: true,
        dueAt: null,
        warningAt: null,
      });

      // The shop writes on Tuesday: the clock runs again, already late, and the breach is not announced twice.
      const resumed = advanceClock(r.clock, d("2026-03-03T10:00:00Z"), { waitingOnShop: false });
      expect(resumed.alerts).toEqual([]);
      expect(resumed.events).toEqual([
        { type: "sla_resumed", from: null, to: "2026-03-03T10:00:00.000Z" },
        { type: "sla_started", from: "next_response", to: "2026-03-03T10:30:00.000Z" },
      ]);
      const checked = advanceClock(resumed.clock, d("2026-03-03T10:10:00Z"));
      expect(checked.alerts).toEqual([]);
      expect(checked.events).toEqual([]);
    });

    test("when the ticket is resolved and the new target is shorter than the time it took, then it is breached now, not on a reopen", () => {
      const r = advanceClock(answeredTwice({ status: "resolved" }), d("2026-03-02T15:00:00Z"), {
        retarget: { priority: "urgent", targetMs: rush },
      });
      expect(r.alerts).toEqual([
        { kind: "breached", target: "resolution", dueAt: d("2026-03-02T15:00:00Z") },
      ]);
      expect(r.events).toEqual([
        { type: "sla_breached", from: "resolution", to: "2026-03-02T15:00:00.000Z" },
        { type: "sla_retargeted", from: "urgent", to: null },
      ]);
      expect(ticketSlaFields(r.clock)).toMatchObject({ resolutionDueAt: null, breached: true, dueAt: null });

      const reopened = advanceClock(r.clock, d("2026-03-03T10:00:00Z"), {
        status: "open",
        waitingOnShop: false,
      });
      expect(reopened.alerts).toEqual([]);
      expect(reopened.events.map((e) => e.type)).not.toContain("sla_breached");
    });
  });
});
