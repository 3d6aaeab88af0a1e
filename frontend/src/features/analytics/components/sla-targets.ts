/**
 * How an SLA target reads in the editor. Targets are business minutes: they run only within the
 * policy's business hours, so 4800 is ten 8-hour business days, never "3 d 8 h" of clock time.
 * The Analytics page's durations are business time too and count days the same way (format.ts).
 */
import { minutesOfDay, SLA_TARGET_MAX_MINUTES, type BusinessHours } from "@parley/contract";

/** The contract's rule for every target (whole minutes, 1 to a year), in words. */
export const TARGET_RULE = `Enter a whole number of minutes from 1 to ${SLA_TARGET_MAX_MINUTES.toLocaleString("en-US")}.`;

export const isTargetPath = (path: string) => /^targets\.\d+\.\w+Minutes$/.test(path);

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** "8 h", "7 h 30 min", "45 min". */
export function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/**
 * The length of a business day when every open day of the week has the same total hours; null when they
 * differ (or a span is not a valid time yet), since "N business days" would then mean nothing definite.
 */
export function uniformBusinessDay(hours: readonly BusinessHours[]): number | null {
  const perDay = new Map<string, number>();
  for (const h of hours) {
    if (!HHMM.test(h.start) || !HHMM.test(h.end)) return null;
    const span = minutesOfDay(h.end) - minutesOfDay(h.start);
    if (span <= 0) return null;
    perDay.set(h.day, (perDay.get(h.day) ?? 0) + span);
  }
  const lengths = new Set(perDay.values());
  return lengths.size === 1 ? [...lengths][0]! : null;
}

/**
 * A target in business time: "30 business minutes", "80 business hours (10 business days of 8 h)",
 * "1 h 30 min of business time"; days only when the calendar has one business-day length.
 */
export function businessTarget(minutes: number, businessDay: number | null): string {
  const base =
    minutes < 60
      ? plural(minutes, "business minute")
      : minutes % 60 === 0
        ? plural(minutes / 60, "business hour")
        : `${clock(minutes)} of business time`;
  const days = inBusinessDays(minutes, businessDay);
  return days ? `${base} ${days}` : base;
}

/**
 * Business minutes as business days, to a tenth: "(10 business days of 8 h)", "(about 6.3 business days
 * of 8 h)". Null under one day, or when the calendar has no single business-day length.
 */
export function inBusinessDays(minutes: number, businessDay: number | null): string | null {
  if (!businessDay || minutes < businessDay) return null;
  const days = minutes / businessDay;
  const shown = Math.round(days * 10) / 10;
  const about = Math.abs(days - shown) > 1e-9 ? "about " : "";
  return `(${about}${shown} business ${shown === 1 ? "day" : "days"} of ${clock(businessDay)})`;
}
