import { analyticsPeriod } from "@parley/contract";
import { ValidationError } from "../../../shared/app-error";

/** The period a report covers: [from, to), by the contract's one rule (`analyticsPeriod`); a bad one is 400. */
export function resolvePeriod(q: { from?: Date; to?: Date }, now: Date): { from: Date; to: Date } {
  const { from, to, problem } = analyticsPeriod(q, now);
  if (problem) throw new ValidationError(problem.message, problem.details);
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
