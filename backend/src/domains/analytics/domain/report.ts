import { ANALYTICS_DEFAULT_DAYS, ANALYTICS_MAX_DAYS } from "@parley/contract";
import { ValidationError } from "../../../shared/app-error";

const DAY_MS = 86_400_000;

/** The period a summary covers: [from, to). Missing ends default to the last 30 days up to now. */
export function resolvePeriod(q: { from?: Date; to?: Date }, now: Date): { from: Date; to: Date } {
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - ANALYTICS_DEFAULT_DAYS * DAY_MS);
  if (from > to) {
    throw new ValidationError("The period is reversed.", [
      { path: "from", message: "from must not be after to." },
    ]);
  }
  if (to.getTime() - from.getTime() > ANALYTICS_MAX_DAYS * DAY_MS) {
    throw new ValidationError("The period is too long.", [
      { path: "from", message: `A period spans at most ${ANALYTICS_MAX_DAYS} days.` },
    ]);
  }
  return { from, to };
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A cell a
 * spreadsheet would run as a formula (= + - @, or a leading tab or carriage return) gets a leading
 * apostrophe, so a ticket subject like "=HYPERLINK(...)" stays text (OWASP's CSV-injection advice).
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: Array<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
