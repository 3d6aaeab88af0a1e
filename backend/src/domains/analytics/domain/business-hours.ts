import { minutesOfDay, type SlaCalendar, type SlaWeekday } from "@parley/contract";

/**
 * Business time on a calendar of weekly opening hours in one IANA time zone, minus holidays.
 * Pure and exact to the millisecond: each day's spans are turned into instants through the zone's
 * offset on that day (so a 09:00–17:00 day is 8 hours on both sides of a daylight-saving change, and a
 * 00:00–24:00 day is 23 or 25 hours on the change itself). Intl supplies the offsets; no library.
 */

export type Calendar = Pick<SlaCalendar, "timeZone" | "hours" | "holidays">;

const DAY_MS = 86_400_000;
/** How far ahead a search goes before it gives up (a calendar with a handful of hours a year). */
export const MAX_SCAN_DAYS = 366 * 12;

const WEEKDAY_OF_UTC_DAY: SlaWeekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at instant `ms`, as if that wall clock were UTC (whole seconds). */
function wallClockAsUtc(timeZone: string, ms: number): number {
  const p = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type in p) p[part.type as keyof typeof p] = Number(part.value);
  }
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7 200 000). */
export function offsetAt(timeZone: string, ms: number): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClockAsUtc(timeZone, whole) - whole;
}

/**
 * The instant at which the wall clock in `timeZone` shows `localMs` (a wall time written as if UTC).
 * A wall time skipped by a spring-forward change maps to the same distance after the change (as
 * Temporal's "compatible" does); a repeated one maps to its first occurrence.
 */
export function zonedWallTimeToInstant(timeZone: string, localMs: number): number {
  // A pure function of its arguments, asked for the same span boundaries (the same days of the same
  // calendar) by every ticket of a bulk job: remembered, since each miss costs up to three Intl calls.
  const key = `${timeZone}|${localMs}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  const o1 = offsetAt(timeZone, localMs);
  const t1 = localMs - o1;
  const o2 = offsetAt(timeZone, t1);
  let instant: number;
  if (o1 === o2) instant = t1;
  else {
    const t2 = localMs - o2;
    instant = offsetAt(timeZone, t2) === o2 ? t2 : Math.max(t1, t2);
  }
  if (instants.size >= INSTANTS_MAX) instants.clear();
  instants.set(key, instant);
  return instant;
}
const INSTANTS_MAX = 20_000;
const instants = new Map<string, number>();

type Span = { start: number; end: number };

/** The calendar's spans per weekday in minutes of the day, sorted; holidays as a set of dates. */
function compile(cal: Calendar) {
  const byDay = new Map<SlaWeekday, Array<[number, number]>>();
  for (const h of cal.hours) {
    const list = byDay.get(h.day) ?? [];
    list.push([minutesOfDay(h.start), minutesOfDay(h.end)]);
    byDay.set(h.day, list);
  }
  for (const list of byDay.values()) list.sort((a, b) => a[0] - b[0]);
  return { byDay, holidays: new Set(cal.holidays) };
}

/** The opening hours of one local day (midnight written as if UTC), in minutes; none on a holiday. */
function dayHours(compiled: ReturnType<typeof compile>, day: number): Array<[number, number]> {
  const date = new Date(day);
  if (compiled.holidays.has(date.toISOString().slice(0, 10))) return [];
  return compiled.byDay.get(WEEKDAY_OF_UTC_DAY[date.getUTCDay()]!) ?? [];
}

/** The spans of one local day, as instants. */
function daySpans(cal: Calendar, compiled: ReturnType<typeof compile>, day: number): Span[] {
  return dayHours(compiled, day).map(([s, e]) => ({
    start: zonedWallTimeToInstant(cal.timeZone, day + s * 60_000),
    end: zonedWallTimeToInstant(cal.timeZone, day + e * 60_000),
  }));
}

/**
 * Seven local days as instants [start, end), with their business time when the zone's offset is the same
 * throughout (every week but the ones holding a daylight-saving change): such a week can be counted
 * whole, from its minutes, without turning each span into instants. `spans()` gives the exact spans.
 */
type Week = { start: number; end: number; constantMs: number | null; spans: () => Span[] };

/**
 * The calendar's weeks from the local day containing `fromMs` onwards, for MAX_SCAN_DAYS. Spans never
 * cross midnight (24:00 is the latest end), so starting on that day misses nothing. Whole weeks matter:
 * a calendar of a few minutes a week and a target of a year would otherwise turn tens of thousands of
 * spans into instants, a few Intl calls each, on every ticket (seconds of CPU for one request).
 */
function* weeksFrom(cal: Calendar, fromMs: number): Generator<Week> {
  const compiled = compile(cal);
  if (compiled.byDay.size === 0) return;
  const localDay = Math.floor(wallClockAsUtc(cal.timeZone, fromMs) / DAY_MS) * DAY_MS;
  for (let first = localDay; first < localDay + MAX_SCAN_DAYS * DAY_MS; first += 7 * DAY_MS) {
    const days = Array.from({ length: 7 }, (_, i) => first + i * DAY_MS);
    const start = zonedWallTimeToInstant(cal.timeZone, first);
    const end = zonedWallTimeToInstant(cal.timeZone, first + 7 * DAY_MS);
    let constantMs: number | null = null;
    if (end - start === 7 * DAY_MS && offsetAt(cal.timeZone, start + 3.5 * DAY_MS) === first - start) {
      constantMs = 0;
      for (const day of days) for (const [s, e] of dayHours(compiled, day)) constantMs += (e - s) * 60_000;
    }
    yield { start, end, constantMs, spans: () => days.flatMap((day) => daySpans(cal, compiled, day)) };
  }
}

/**
 * The instant at which `businessMs` of business time have passed since `start`. Zero is `start`
 * itself. Null when the calendar has no business time within MAX_SCAN_DAYS.
 */
export function addBusinessMs(cal: Calendar, start: Date, businessMs: number): Date | null {
  const from = start.getTime();
  if (businessMs <= 0) return new Date(from);
  let remaining = businessMs;
  for (const week of weeksFrom(cal, from)) {
    if (week.end <= from) continue;
    if (week.constantMs !== null && week.start >= from && week.constantMs < remaining) {
      remaining -= week.constantMs;
      continue;
    }
    for (const span of week.spans()) {
      if (span.end <= from) continue;
      const begin = Math.max(span.start, from);
      const available = span.end - begin;
      if (available >= remaining) return new Date(begin + remaining);
      remaining -= available;
    }
  }
  return null;
}

/** Business time between two instants, in ms (zero when `to` is not after `from`). */
export function businessMsBetween(cal: Calendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  let total = 0;
  for (const week of weeksFrom(cal, a)) {
    if (week.start >= b) break;
    if (week.constantMs !== null && week.start >= a && week.end <= b) {
      total += week.constantMs;
      continue;
    }
    for (const span of week.spans()) {
      if (span.start >= b) break;
      const begin = Math.max(span.start, a);
      const end = Math.min(span.end, b);
      if (end > begin) total += end - begin;
    }
  }
  return total;
}
