import { inBusinessDays, plural } from "./sla-targets";

/** From here on a duration reads as business hours: "3 d" would pass for three 24-hour days. */
const BUSINESS_HOURS_FROM_MIN = 48 * 60;

/**
 * Business seconds (time inside the SLA calendar's business hours) in words: "45 min", "2 h 05 min",
 * and from 48 h "50 business hours (about 6.3 business days of 8 h)". Days only when `businessDay`
 * (minutes, see uniformBusinessDay) is known; without it, hours alone.
 */
export function businessDuration(seconds: number | null, businessDay: number | null): string {
  if (seconds === null) return "—";
  const min = Math.round(seconds / 60);
  if (min < 1) return `${Math.round(seconds)} s`;
  if (min < 60) return `${min} min`;
  if (min < BUSINESS_HOURS_FROM_MIN) {
    const h = Math.floor(min / 60);
    const m = min % 60;
    return m ? `${h} h ${String(m).padStart(2, "0")} min` : `${h} h`;
  }
  const hours = plural(Math.round(min / 60), "business hour");
  const days = businessDays(seconds, businessDay);
  return days ? `${hours} ${days}` : hours;
}

/** The days part of `businessDuration` alone ("(about 6.3 business days of 8 h)"); null under 48 h. */
export function businessDays(seconds: number | null, businessDay: number | null): string | null {
  if (seconds === null) return null;
  const min = Math.round(seconds / 60);
  return min < BUSINESS_HOURS_FROM_MIN ? null : inBusinessDays(min, businessDay);
}

export const percent = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}%`);
