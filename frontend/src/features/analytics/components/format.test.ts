import { businessDuration } from "./format";

const HOUR = 3600;
const EIGHT_HOUR_DAY = 8 * 60;

describe("businessDuration", () => {
  test("under 48 h it reads as hours and minutes", () => {
    expect(businessDuration(30 * 60, EIGHT_HOUR_DAY)).toBe("30 min");
    expect(businessDuration(2 * HOUR + 5 * 60, EIGHT_HOUR_DAY)).toBe("2 h 05 min");
    expect(businessDuration(25 * HOUR, EIGHT_HOUR_DAY)).toBe("25 h");
    expect(businessDuration(47 * HOUR + 59 * 60, null)).toBe("47 h 59 min");
  });

  test("from 48 h it reads as business hours, with business days when the calendar has one day length", () => {
    expect(businessDuration(50 * HOUR, EIGHT_HOUR_DAY)).toBe(
      "50 business hours (about 6.3 business days of 8 h)",
    );
    expect(businessDuration(80 * HOUR, EIGHT_HOUR_DAY)).toBe("80 business hours (10 business days of 8 h)");
    // Not "3 d 8 h": a business day is not 24 hours.
    expect(businessDuration(80 * HOUR, EIGHT_HOUR_DAY)).not.toMatch(/\d d\b/);
  });

  test("from 48 h without one business-day length it counts business hours only", () => {
    expect(businessDuration(50 * HOUR, null)).toBe("50 business hours");
    expect(businessDuration(50 * HOUR + 20 * 60, null)).toBe("50 business hours");
  });

  test("no figure reads as a dash", () => {
    expect(businessDuration(null, EIGHT_HOUR_DAY)).toBe("—");
  });
});
