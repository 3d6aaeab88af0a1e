import fc from "fast-check";
import pg from "pg";
import { createTimestamptzParser } from "./pg-timestamp";

// node-postgres's own timestamptz parser (postgres-date): the reference. This file does not import db.ts,
// which installs the fast one.
const reference = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (s: string) => unknown;
const calls: string[] = [];
const parse = createTimestamptzParser((s) => {
  calls.push(s);
  return reference(s);
});
const same = (s: string) => {
  const ours = parse(s);
  const theirs = reference(s);
  return ours instanceof Date && theirs instanceof Date
    ? ours.getTime() === theirs.getTime() || (Number.isNaN(ours.getTime()) && Number.isNaN(theirs.getTime()))
    : Object.is(ours, theirs);
};

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, "0");

/** A timestamptz as PostgreSQL writes it (DateStyle ISO) for an offset in minutes. */
function asPostgresWrites(utcMs: number, micros: number, fractionDigits: number, offsetMinutes: number) {
  const local = new Date(utcMs + offsetMinutes * 60_000);
  const fraction = fractionDigits === 0 ? "" : "." + pad(micros, 6).slice(0, fractionDigits);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${pad(Math.floor(abs / 60), 2)}${abs % 60 === 0 ? "" : ":" + pad(abs % 60, 2)}`;
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)} ` +
    `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}` +
    fraction +
    offset
  );
}

describe("timestamptz parsing", () => {
  test("when PostgreSQL writes any instant of years 1000-9999 at any offset and precision, then the Date is node-postgres's", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1000, 0, 2), max: Date.UTC(9999, 11, 30) }),
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 0, max: 6 }),
        fc.oneof(
          fc.integer({ min: -15, max: 15 }).map((h) => h * 60),
          fc.constantFrom(-570, -210, 330, 345, 525, 765),
        ),
        (seconds, micros, fractionDigits, offsetMinutes) => {
          const utcMs = Math.floor(seconds / 1000) * 1000;
          const s = asPostgresWrites(utcMs, micros, fractionDigits, offsetMinutes);
          calls.length = 0;
          expect(same(s)).toBe(true);
          expect(calls).toEqual([]); // the fast path took it
        },
      ),
      { numRuns: 2000 },
    );
  });

  test.each([
    "2026-12-03 18:42:27.123456+00",
    "2026-12-03 18:42:27+00",
    "2026-12-03 18:42:27.5-08",
    "2026-12-03 18:42:27.12+05:30",
    "2026-02-28 23:59:59.999999-01",
    "1970-01-01 00:00:00+00",
  ])("when the value is %s, then the fast path gives node-postgres's Date", (s) => {
    calls.length = 0;
    expect(same(s)).toBe(true);
    expect(calls).toEqual([]);
  });

  test.each([
    "infinity",
    "-infinity",
    "0044-03-15 12:00:00+00 BC",
    "0099-01-01 00:00:00+00",
    "0999-12-31 23:59:59+00",
    "12026-01-01 00:00:00+00",
    "1883-11-18 12:00:00-07:52:58",
    "2026-12-03 18:42:27.+00",
    "2026-12-03 18:42:27Z",
    "2026-12-03T18:42:27+00",
    "2026-12-03 18:42:2x+00",
    "2026-12x03 18:42:27+00",
    "2026-12-03 18.42:27+00",
    "2026-12-03",
    "",
  ])("when the value is %j, then node-postgres's parser answers", (s) => {
    calls.length = 0;
    expect(same(s)).toBe(true);
    expect(calls).toEqual([s]);
  });
});
