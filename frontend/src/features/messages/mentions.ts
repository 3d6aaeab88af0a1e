/**
 * @mentions in internal notes, as plain string work: the "@name" being typed at the caret, whom a note
 * names (their ids go with it), and where a note names current admins (the thread highlights them). A
 * mention is "@" and an admin's label as the picker inserts it, or as typed in full in any case: the same
 * matching decides whom a note alerts and what the thread marks, so the two never disagree.
 */
import { MENTIONS_MAX } from "@parley/contract";

/** A colleague a note can name, as the team list (GET /api/admins) gives them. */
export type Mentionable = { id: string; name: string | null; email: string | null; active: boolean };
/** A colleague picked in the note box: the id that goes with the note, and the label its "@" names. */
export type PickedMention = { id: string; label: string };
/** Whom the thread highlights: every current admin's label, and the signed-in admin's own. */
export type MentionNames = { names: string[]; me: string | null };

/** What "@" writes for an admin: the name, or the email for someone without one. */
export const mentionLabel = (a: Pick<Mentionable, "name" | "email">): string | null =>
  a.name?.trim() || a.email?.trim() || null;

// A mention starts where no word does ("bob@acme.io" is an email, not a mention) and ends with its label
// ("@Ana's" names Ana, "@Anabel" does not), not going on as an address would ("@ana@acme.io",
// "@ana.lima@acme.io").
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Whether the text at `end` closes a mention: no word and no address goes on from there. */
function endsMention(text: string, end: number): boolean {
  const next = text[end] ?? "";
  if (WORD_CHAR.test(next) || next === "@") return false;
  return !(next === "." && WORD_CHAR.test(text[end + 1] ?? ""));
}

/** A label's letters whatever their case: "@ana lima" names Ana Lima as "@Ana Lima" does. */
const foldCase = (label: string) => label.toLowerCase();

/**
 * The "@name" the caret is in: an "@" at the start of the text or after whitespace, up to the caret, one
 * word (the picker searches names and emails for it).
 */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(?:^|\s)@([^\s@]*)$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[1]!.length - 1, query: m[1]! } : null;
}

/** The active admins whose name or email holds `query` (case-insensitive), at most `limit`. */
export function matchAdmins<T extends Mentionable>(admins: T[], query: string, limit = 8): T[] {
  const q = query.trim().toLowerCase();
  return admins
    .filter(
      (a) => a.active && mentionLabel(a) && `${a.name ?? ""}\n${a.email ?? ""}`.toLowerCase().includes(q),
    )
    .slice(0, limit);
}

/** Where a mention stands in the text, and the label it names (case folded). */
type Found = { start: number; end: number; key: string };

/** Each "@label" in the text, longest label first where two fit ("@Ana Lima" before "@Ana"). */
function findMentions(text: string, labels: string[]): Found[] {
  // Measured on the label as written: folding the case may change a string's length ("İ").
  const sorted = [...new Set(labels.filter(Boolean))].sort((a, b) => b.length - a.length);
  const found: Found[] = [];
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    if (at > 0 && WORD_CHAR.test(text[at - 1]!)) continue;
    const end = (l: string) => at + 1 + l.length;
    const label = sorted.find(
      (l) => foldCase(text.slice(at + 1, end(l))) === foldCase(l) && endsMention(text, end(l)),
    );
    if (!label) continue;
    found.push({ start: at, end: end(label), key: foldCase(label) });
    at += label.length;
  }
  return found;
}

/** Whom a note may name: the team offered by "@", the picks made there, the ids the server refused. */
export type MentionTeam = {
  /** The colleagues "@" offers (the writer is not among them); only the active ones can be named. */
  admins: Mentionable[];
  /** Picked in the note box: their label names exactly that colleague, whoever else bears it. */
  picked?: PickedMention[];
  /** Refused by the server for this note: their name, typed, alerts them no more (a new pick does). */
  refused?: string[];
};

/**
 * The ids a note alerts, in the order it names them: each "@label" in it is the colleague picked with
 * that label or, typed in full, each active admin whose label it is (case-insensitive; "@Ana Lima" names
 * Ana Lima even beside an "Ana"). Each once, at most MENTIONS_MAX (the API's limit).
 */
export function noteMentionIds(text: string, team: MentionTeam): string[] {
  const { picked = [], refused = [] } = team;
  const active = team.admins.filter((a) => a.active && mentionLabel(a));
  const named = (key: string): string[] => {
    const picks = picked.filter((p) => foldCase(p.label) === key).map((p) => p.id);
    if (picks.length) return picks;
    return active
      .filter((a) => foldCase(mentionLabel(a)!) === key && !refused.includes(a.id))
      .map((a) => a.id);
  };
  const labels = [...picked.map((p) => p.label), ...active.map((a) => mentionLabel(a)!)];
  const ids = findMentions(text, labels).flatMap((f) => named(f.key));
  return [...new Set(ids)].slice(0, MENTIONS_MAX);
}

/**
 * The ids of the picked colleagues whose "@label" is still in the text (deleted text mentions nobody),
 * each once, at most MENTIONS_MAX (the API's limit).
 */
export const mentionedIds = (text: string, picked: PickedMention[]): string[] =>
  noteMentionIds(text, { admins: [], picked });

export type MentionPiece = { text: string; mention?: "colleague" | "me" };

/** The text cut at each mention of a current admin, for highlighting ("me": the signed-in admin). */
export function splitMentions(text: string, names: MentionNames): MentionPiece[] {
  const pieces: MentionPiece[] = [];
  let last = 0;
  const me = names.me && foldCase(names.me);
  for (const f of findMentions(text, names.me ? [...names.names, names.me] : names.names)) {
    if (f.start > last) pieces.push({ text: text.slice(last, f.start) });
    pieces.push({ text: text.slice(f.start, f.end), mention: f.key === me ? "me" : "colleague" });
    last = f.end;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/** Whether the text mentions the signed-in admin. */
export const mentionsMe = (text: string, names: MentionNames): boolean =>
  !!names.me && splitMentions(text, names).some((p) => p.mention === "me");
