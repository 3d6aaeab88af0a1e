import { advanceClock, startClock, ticketSlaFields } from "./sla-clock";
import type { Calendar } from "./business-hours";

const H = 3_600_000;
const M = 60_000;
const office: Calendar = {
  timeZone: "UTC",
  hours: (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({ day, start: "09:00", end: "17:00" })),
  holidays: [],
};
const policy = { calendar: office, targetMs: { firstResponse: 1 * H, resolution: 8 * H } };
const d = (s: string) => new Date(s);

describe("SLA clock", () => {
  test("when a ticket is created, then both deadlines run from creation on business hours", () => {
    // Monday 16:30: first response 1 h → Tuesday 09:30; resolution 8 h → Tuesday 16:30
    const { clock, events } = startClock(policy, d("2026-03-02T16:30:00Z"));
    expect(ticketSlaFields(clock)).toEqual({
      firstResponseDueAt: d("2026-03-03T09:30:00Z"),
      resolutionDueAt: d("2026-03-03T16:30:00Z"),
      breached: false,
      dueAt: d("2026-03-03T09:30:00Z"),
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
      resolutionDueAt: null,
      breached: false,
      dueAt: null,
    });
    // The shop answers the next day at 11:00: 20 min used, 7 h 40 min left → Tuesday 18:40 → Wednesday 10:40
    const resumed = advanceClock(replied.clock, d("2026-03-03T11:00:00Z"), { waitingOnShop: false });
    expect(resumed.events).toEqual([{ type: "sla_resumed", from: null, to: "2026-03-04T10:40:00.000Z" }]);
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
});
