import { ValidationError } from "../../../shared/app-error";
import { TIME_FILTER_MIN, TIME_FILTER_MAX, type TicketSort } from "@parley/contract";

/**
 * Where the next page of a number search (`q=123`) starts when its first page ended on the number's
 * ticket. That ticket heads the first page whatever its own sort key, so text matches may sort before it:
 * the next page starts at the first text match, not after the ticket's key.
 */
export const TEXT_MATCHES_START = "text-matches-start";
export type CursorPosition = CursorKey | typeof TEXT_MATCHES_START;

/**
 * The float4 (ts_rank's type) range a relevance rank must lie in: the repository binds it as ::real, and
 * PostgreSQL answers "out of range" for a value above the largest float4 or one so small it would round
 * to zero (1e-300). A rank the queue issued is never that small.
 */
const FLOAT4_MAX = 3.4028234663852886e38;
const FLOAT4_MIN_NORMAL = 1.1754943508222875e-38;
const isFloat4Rank = (r: number) => r === 0 || (r >= FLOAT4_MIN_NORMAL && r <= FLOAT4_MAX);

/**
 * The latest sort time a cursor may carry: the time filters' bound, to the end of its second, because
 * sort=due keys a ticket without a running clock at 9999-12-31 23:59:59.999 (the sla_due_key column), and
 * the last page before those tickets issues a cursor at exactly that instant.
 */
const CURSOR_TIME_MAX = new Date(TIME_FILTER_MAX.getTime() + 999);

export type CursorKey = { rank?: number; at: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An opaque keyset cursor: the sort it belongs to and the sort key of the last row served. */
export function encodeCursor(sort: TicketSort, key: CursorPosition): string {
  if (key === TEXT_MATCHES_START)
    return Buffer.from(JSON.stringify({ s: sort, start: 1 })).toString("base64url");
  const payload: Record<string, unknown> = { s: sort, t: key.at.toISOString(), i: key.id };
  if (sort === "priority" || sort === "relevance") payload.r = key.rank;
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

const invalid = () =>
  new ValidationError("The cursor is invalid.", [
    { path: "cursor", message: "Not a cursor this list issued, or one issued for another sort." },
  ]);

export function decodeCursor(cursor: string, sort: TicketSort): CursorPosition {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof payload !== "object" || payload === null) throw invalid();
  const p = payload as Record<string, unknown>;
  if (p.s === sort && p.start === 1 && Object.keys(p).length === 2) return TEXT_MATCHES_START;
  if (p.s !== sort || typeof p.t !== "string" || typeof p.i !== "string" || !UUID.test(p.i)) throw invalid();
  const at = new Date(p.t);
  // Every time the queue sorts by lies in the range both JavaScript and PostgreSQL agree on; outside it
  // (year 0, -271821, +275760) PostgreSQL refuses the bound value with "out of range".
  if (Number.isNaN(at.getTime()) || at < TIME_FILTER_MIN || at > CURSOR_TIME_MAX) throw invalid();
  if (sort === "relevance") {
    // A ts_rank (float4, >= 0); the repository compares it as real, so the round trip is exact.
    if (typeof p.r !== "number" || !isFloat4Rank(p.r)) throw invalid();
    return { rank: p.r, at, id: p.i };
  }
  if (sort !== "priority") return { at, id: p.i };
  if (typeof p.r !== "number" || !Number.isInteger(p.r) || p.r < 1 || p.r > 4) throw invalid();
  return { rank: p.r, at, id: p.i };
}

export const isUuid = (s: string): boolean => UUID.test(s);
