import { ValidationError } from "../../../shared/app-error";
import type { TicketSort } from "@parley/contract";

/** A relevance cursor's rank above any ts_rank: "start at the first text match" (finite, fits float4). */
export const ABOVE_EVERY_RANK = 1e30;

export type CursorKey = { rank?: number; at: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An opaque keyset cursor: the sort it belongs to and the sort key of the last row served. */
export function encodeCursor(sort: TicketSort, key: CursorKey): string {
  const payload: Record<string, unknown> = { s: sort, t: key.at.toISOString(), i: key.id };
  if (sort === "priority" || sort === "relevance") payload.r = key.rank;
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

const invalid = () =>
  new ValidationError("The cursor is invalid.", [
    { path: "cursor", message: "Not a cursor this list issued, or one issued for another sort." },
  ]);

export function decodeCursor(cursor: string, sort: TicketSort): CursorKey {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof payload !== "object" || payload === null) throw invalid();
  const p = payload as Record<string, unknown>;
  if (p.s !== sort || typeof p.t !== "string" || typeof p.i !== "string" || !UUID.test(p.i)) throw invalid();
  const at = new Date(p.t);
  if (Number.isNaN(at.getTime())) throw invalid();
  if (sort === "relevance") {
    // A ts_rank (float4, >= 0); the repository compares it as real, so the round trip is exact.
    if (typeof p.r !== "number" || !Number.isFinite(p.r) || p.r < 0) throw invalid();
    return { rank: p.r, at, id: p.i };
  }
  if (sort !== "priority") return { at, id: p.i };
  if (typeof p.r !== "number" || !Number.isInteger(p.r) || p.r < 1 || p.r > 4) throw invalid();
  return { rank: p.r, at, id: p.i };
}

export const isUuid = (s: string): boolean => UUID.test(s);
