/**
 * @mentions in internal notes, as plain string work: the "@name" being typed at the caret, which picked
 * colleagues a note still names (their ids go with it), and where a note names current admins (the
 * thread highlights them). A mention is "@" and an admin's label exactly as the picker inserts it.
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
// ("@Ana's" names Ana, "@Anabel" does not).
const WORD_CHAR = /[\p{L}\p{N}_]/u;

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

type Found = { start: number; end: number; label: string };

/** Each "@label" in the text, longest label first where two fit ("@Ana Lima" before "@Ana"). */
function findMentions(text: string, labels: string[]): Found[] {
  const sorted = [...new Set(labels.filter(Boolean))].sort((a, b) => b.length - a.length);
  const found: Found[] = [];
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    if (at > 0 && WORD_CHAR.test(text[at - 1]!)) continue;
    const label = sorted.find(
      (l) => text.startsWith(l, at + 1) && !WORD_CHAR.test(text[at + 1 + l.length] ?? ""),
    );
    if (!label) continue;
    found.push({ start: at, end: at + 1 + label.length, label });
    at += label.length;
  }
  return found;
}

/**
 * The ids of the picked colleagues whose "@label" is still in the text (deleted text mentions nobody),
 * each once, at most MENTIONS_MAX (the API's limit).
 */
export function mentionedIds(text: string, picked: PickedMention[]): string[] {
  const named = new Set(
    findMentions(
      text,
      picked.map((p) => p.label),
    ).map((f) => f.label),
  );
  return [...new Set(picked.filter((p) => named.has(p.label)).map((p) => p.id))].slice(0, MENTIONS_MAX);
}

export type MentionPiece = { text: string; mention?: "colleague" | "me" };

/** The text cut at each mention of a current admin, for highlighting ("me": the signed-in admin). */
export function splitMentions(text: string, names: MentionNames): MentionPiece[] {
  const pieces: MentionPiece[] = [];
  let last = 0;
  for (const f of findMentions(text, names.me ? [...names.names, names.me] : names.names)) {
    if (f.start > last) pieces.push({ text: text.slice(last, f.start) });
    pieces.push({ text: text.slice(f.start, f.end), mention: f.label === names.me ? "me" : "colleague" });
    last = f.end;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/** Whether the text mentions the signed-in admin. */
export const mentionsMe = (text: string, names: MentionNames): boolean =>
  !!names.me && splitMentions(text, names).some((p) => p.mention === "me");
