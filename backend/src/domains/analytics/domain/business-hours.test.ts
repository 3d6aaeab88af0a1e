import fc from "fast-check";
import { addBusinessMs, businessMsBetween, zonedWallTimeToInstant, type Calendar } from "./business-hours";

const H = 3_600_000;
const weekdays = (start: string, end: string) =>
  (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({ day, start, end }));
const allWeek = (start: string, end: string) =>
  (["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const).map((day) => ({ day, start, end }));

const utcOffice: Calendar = { timeZone: "UTC", hours: weekdays("09:00", "17:00"), holidays: [] };
const berlinOffice: Calendar = { timeZone: "Europe/Berlin", hours: weekdays("09:00", "17:00"), holidays: [] };
const d = (s: string) => new Date(s);

describe("addBusinessMs", () => {
  test("when the time fits in the same day, then it is plain addition", () => {
    // Monday 2026-03-02 10:00 UTC + 2 h
    expect(addBusinessMs(utcOffice, d("2026-03-02T10:00:00Z"), 2 * H)).toEqual(d("2026-03-02T12:00:00Z"));
  });
  test("when it crosses the night, then the clock stops at 17:00 and goes on at 09:00", () => {
    // 15:00 + 4 h: 2 h today, 2 h tomorrow
    expect(addBusinessMs(utcOffice, d("2026-03-02T15:00:00Z"), 4 * H)).toEqual(d("2026-03-03T11:00:00Z"));
  });
  test("when it crosses a weekend, then Saturday and Sunday do not count", () => {
    // Friday 2026-03-06 16:00 + 3 h → Monday 11:00
    expect(addBusinessMs(utcOffice, d("2026-03-06T16:00:00Z"), 3 * H)).toEqual(d("2026-03-09T11:00:00Z"));
  });
  test("when it starts outside hours, then it starts at the next opening", () => {
    // Saturday 12:00 + 1 h → Monday 10:00
    expect(addBusinessMs(utcOffice, d("2026-03-07T12:00:00Z"), 1 * H)).toEqual(d("2026-03-09T10:00:00Z"));
    // Monday 07:00 + 8 h → Monday 17:00 exactly
    expect(addBusinessMs(utcOffice, d("2026-03-02T07:00:00Z"), 8 * H)).toEqual(d("2026-03-02T17:00:00Z"));
  });
  test("when a holiday falls in between, then it is skipped", () => {
    const cal = { ...utcOffice, holidays: ["2026-03-03", "2026-03-04"] };
    // Monday 16:00 + 2 h → 1 h Monday, Tue and Wed off, 1 h Thursday → Thursday 10:00
    expect(addBusinessMs(cal, d("2026-03-02T16:00:00Z"), 2 * H)).toEqual(d("2026-03-05T10:00:00Z"));
  });
  test("when a day has a lunch break, then the break does not count", () => {
    const cal: Calendar = {
      timeZone: "UTC",
      hours: [
        { day: "mon", start: "09:00", end: "12:00" },
        { day: "mon", start: "13:00", end: "17:00" },
      ],
      holidays: [],
    };
    expect(addBusinessMs(cal, d("2026-03-02T11:00:00Z"), 2 * H)).toEqual(d("2026-03-02T14:00:00Z"));
  });
  test("when hours are local to Berlin, then they follow its offset in winter and in summer", () => {
    // Winter (UTC+1): 09:00 Berlin = 08:00Z. Monday 2026-03-02 08:00Z + 1 h = 09:00Z
    expect(addBusinessMs(berlinOffice, d("2026-03-02T06:00:00Z"), 1 * H)).toEqual(d("2026-03-02T09:00:00Z"));
    // Summer (UTC+2): 09:00 Berlin = 07:00Z
    expect(addBusinessMs(berlinOffice, d("2026-06-01T05:00:00Z"), 1 * H)).toEqual(d("2026-06-01T08:00:00Z"));
  });
  test("when a night contains the spring-forward change, then the next day still opens at 09:00 local", () => {
    // Friday 2026-03-27 16:00 Berlin (15:00Z) + 2 h: 1 h Friday, then Monday 2026-03-30 09:00 CEST (07:00Z) + 1 h
    expect(addBusinessMs(berlinOffice, d("2026-03-27T15:00:00Z"), 2 * H)).toEqual(d("2026-03-30T08:00:00Z"));
  });
  test("when a 24-hour day is the change itself, then it has 23 hours (spring) and 25 hours (autumn)", () => {
    const always: Calendar = { timeZone: "Europe/Berlin", hours: allWeek("00:00", "24:00"), holidays: [] };
    const springDay = businessMsBetween(always, d("2026-03-28T23:00:00Z"), d("2026-03-29T22:00:00Z"));
    expect(springDay).toBe(23 * H);
    const onlySunday: Calendar = {
      timeZone: "Europe/Berlin",
      hours: [{ day: "sun", start: "00:00", end: "24:00" }],
      holidays: [],
    };
    expect(businessMsBetween(onlySunday, d("2026-03-28T00:00:00Z"), d("2026-03-31T00:00:00Z"))).toBe(23 * H);
    expect(businessMsBetween(onlySunday, d("2026-10-24T00:00:00Z"), d("2026-10-27T00:00:00Z"))).toBe(25 * H);
  });
  test("when a wall time does not exist (spring forward), then it maps past the gap", () => {
    // 02:30 on 2026-03-29 does not exist in Berlin; compatible mapping gives 03:30 CEST = 01:30Z
    expect(zonedWallTimeToInstant("Europe/Berlin", Date.UTC(2026, 2, 29, 2, 30))).toBe(
      Date.UTC(2026, 2, 29, 1, 30),
    );
  });
  test("when the zone is west of UTC, then the local day is the zone's (New York evening is still Monday)", () => {
    const ny: Calendar = { timeZone: "America/New_York", hours: weekdays("09:00", "17:00"), holidays: [] };
    // Monday 2026-03-02 16:00 EST = 21:00Z; + 2 h → 1 h Monday, Tuesday 10:00 EST = 15:00Z
    expect(addBusinessMs(ny, d("2026-03-02T21:00:00Z"), 2 * H)).toEqual(d("2026-03-03T15:00:00Z"));
  });
  test("when the calendar has no business time at all, then there is no deadline", () => {
    const never: Calendar = {
      timeZone: "UTC",
      hours: [{ day: "mon", start: "09:00", end: "10:00" }],
      holidays: [],
    };
    expect(addBusinessMs(never, d("2026-03-02T00:00:00Z"), 60 * 24 * 366 * 12 * 60_000)).toBeNull();
  });
});

describe("businessMsBetween", () => {
  test("counts only open hours, across nights, weekends and holidays", () => {
    const cal = { ...utcOffice, holidays: ["2026-03-04"] };
    // Mon 10:00 → next Mon 10:00: Mon 7 h, Tue 8 h, Wed holiday, Thu 8 h, Fri 8 h, Mon 1 h = 32 h
    expect(businessMsBetween(cal, d("2026-03-02T10:00:00Z"), d("2026-03-09T10:00:00Z"))).toBe(32 * H);
    expect(businessMsBetween(cal, d("2026-03-09T10:00:00Z"), d("2026-03-02T10:00:00Z"))).toBe(0);
  });

  test("is the inverse of addBusinessMs (property, four zones including DST changes)", () => {
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }),
        fc.integer({ min: 0, max: 200 * H }),
        fc.subarray(["2026-03-30", "2026-04-03", "2026-10-26", "2026-12-25"]),
        (timeZone, startMs, amount, holidays) => {
          const cal: Calendar = { timeZone, hours: weekdays("08:30", "17:15"), holidays };
          const start = new Date(startMs);
          const end = addBusinessMs(cal, start, amount);
          expect(end).not.toBeNull();
          expect(businessMsBetween(cal, start, end!)).toBe(amount);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("whole weeks", () => {
  // The reference walks every local day's spans; the functions count weeks without a DST change whole.
  const DAY = 86_400_000;
  const WEEKDAY = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  function referenceBetween(cal: Calendar, a: number, b: number): number {
    let total = 0;
    const firstDay = Math.floor((a - 2 * DAY) / DAY) * DAY;
    for (let day = firstDay; day < b + 2 * DAY; day += DAY) {
      if (cal.holidays.includes(new Date(day).toISOString().slice(0, 10))) continue;
      for (const h of cal.hours.filter((x) => x.day === WEEKDAY[new Date(day).getUTCDay()])) {
        const [sh, sm] = h.start.split(":").map(Number);
        const [eh, em] = h.end.split(":").map(Number);
        const s = zonedWallTimeToInstant(cal.timeZone, day + (sh! * 60 + sm!) * 60_000);
        const e = zonedWallTimeToInstant(cal.timeZone, day + (eh! * 60 + em!) * 60_000);
        total += Math.max(0, Math.min(e, b) - Math.max(s, a));
      }
    }
    return total;
  }

  test("when a period spans weeks, DST changes and holidays, then the time equals the day-by-day count (property)", () => {
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }),
        fc.integer({ min: 0, max: 120 * DAY }),
        fc.subarray(["2026-03-30", "2026-04-03", "2026-10-26", "2026-12-25", "2027-01-01"]),
        fc.constantFrom(weekdays("08:30", "17:15"), allWeek("00:00", "24:00"), [
          { day: "sat" as const, start: "10:00", end: "10:01" },
          { day: "sun" as const, start: "02:00", end: "03:30" },
        ]),
        (timeZone, a, length, holidays, hours) => {
          const cal: Calendar = { timeZone, hours, holidays };
          expect(businessMsBetween(cal, new Date(a), new Date(a + length))).toBe(
            referenceBetween(cal, a, a + length),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  test("when a calendar holds one minute a week and the target is a year of it, then the deadline is found, not given up", () => {
    const cal: Calendar = {
      timeZone: "America/New_York",
      hours: [{ day: "mon", start: "09:00", end: "09:01" }],
      holidays: [],
    };
    const start = d("2026-01-05T00:00:00Z");
    // 500 business minutes: the 500th Monday's 09:00–09:01, about 9.6 years on.
    const due = addBusinessMs(cal, start, 500 * 60_000)!;
    expect(businessMsBetween(cal, start, due)).toBe(500 * 60_000);
    expect(due.getTime() - start.getTime()).toBeGreaterThan(9 * 365 * DAY);
  });
});
