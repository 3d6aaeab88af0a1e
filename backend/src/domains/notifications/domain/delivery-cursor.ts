import { TIME_FILTER_MAX, TIME_FILTER_MIN } from "@parley/contract";
import { ValidationError } from "../../../shared/app-error";

/**
 * Where a page of deliveries ended: the newest-first order's key (created_at, then id to break ties, since
 * many deliveries are planned in the same millisecond). The next page reads the deliveries after it in that
 * order, so deliveries planned meanwhile (newer) never shift a page, as an offset would.
 */
export type DeliveryCursorKey = { at: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An opaque cursor, encoded as the ticket queue's are (base64url JSON). It names a position only: the
 * list's filters (the webhook, the channel) come from the request, so a cursor taken from another list
 * never reads that list's deliveries.
 */
export function encodeDeliveryCursor(key: DeliveryCursorKey): string {
  return Buffer.from(JSON.stringify({ t: key.at.toISOString(), i: key.id })).toString("base64url");
}

const invalid = () =>
  new ValidationError("The cursor is invalid.", [
    { path: "cursor", message: "Not a cursor this list issued: send back the nextCursor of a page." },
  ]);

export function decodeDeliveryCursor(cursor: string): DeliveryCursorKey {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw invalid();
  const p = payload as Record<string, unknown>;
  // Exactly these two keys: a ticket queue's cursor (which also names its sort) is not one of ours.
  if (Object.keys(p).length !== 2 || typeof p.t !== "string" || typeof p.i !== "string") throw invalid();
  if (!UUID.test(p.i)) throw invalid();
  const at = new Date(p.t);
  // Outside this range PostgreSQL refuses the bound value ("out of range"): a 400, never a 500.
  if (Number.isNaN(at.getTime()) || at < TIME_FILTER_MIN || at > TIME_FILTER_MAX) throw invalid();
  return { at, id: p.i.toLowerCase() };
}
