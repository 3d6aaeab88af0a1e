import { useEffect, useRef, useState } from "react";
import { MENTIONS_MAX } from "@parley/contract";
import { mentionsDraftKey, readDraft, writeDraft } from "../drafts";
import { mentionAt, mentionLabel, noteMentionIds, type Mentionable, type PickedMention } from "../mentions";

/** The picked mentions stored with a note draft (anything else in storage is ignored). */
function readPicks(key: string | null): PickedMention[] {
  const stored = key ? readDraft<unknown>(key) : null;
  if (!Array.isArray(stored)) return [];
  return (stored as Partial<Record<keyof PickedMention, unknown>>[]).filter(
    (p): p is PickedMention => typeof p?.id === "string" && typeof p.label === "string" && !!p.label,
  );
}

/**
 * The note box's @mentions: whom "@" offers, the colleagues picked there (kept with the note's draft, so
 * a reload or ticket switch keeps them), and whom a text alerts. Only a note mentions colleagues: a
 * public reply is read by the shop, and the API refuses its mentions.
 */
export function useNoteMentions({
  draftId,
  admins,
  note,
}: {
  draftId?: string;
  /** The team, the writer left out (GET /api/admins); only the active ones are offered or named. */
  admins?: Mentionable[];
  /** The box is an internal note now. */
  note: boolean;
}) {
  const picksKey = draftId ? mentionsDraftKey(draftId) : null;
  const [picks, setPicks] = useState(() => readPicks(picksKey));
  const savePicks = (next: PickedMention[]) => {
    setPicks(next);
    if (picksKey) writeDraft(picksKey, next.length ? next : null);
  };
  // Another ticket's note has its own picks.
  const shownKey = useRef(picksKey);
  useEffect(() => {
    if (shownKey.current === picksKey) return;
    shownKey.current = picksKey;
    setPicks(readPicks(picksKey));
  }, [picksKey]);
  // A note the server refused for some of its mentions: those colleagues' names stay as text but alert
  // nobody when it is sent again (`refused`), and the box says who they were until then (`unmentioned`).
  const [refused, setRefused] = useState<string[]>([]);
  const [unmentioned, setUnmentioned] = useState<string[] | null>(null);

  const mentionable = note && admins ? admins.filter((a) => a.active && mentionLabel(a)) : [];
  const idsIn = (text: string): string[] =>
    note ? noteMentionIds(text, { admins: mentionable, picked: picks, refused }) : [];

  return {
    /** Whom "@" offers: the active colleagues, in a note only. */
    mentionable,
    /** The colleagues a note's text alerts: picked or typed in full, at most MENTIONS_MAX. */
    idsIn,
    /**
     * The API alerts at most MENTIONS_MAX colleagues per note: past them "@" offers nobody, and says why.
     * The "@name" being typed at the caret does not count yet: picking it is what the list is for.
     */
    full: (text: string, caret: number): boolean => {
      const typing = mentionAt(text, caret);
      const rest = typing ? text.slice(0, typing.start) + text.slice(caret) : text;
      return idsIn(rest).length >= MENTIONS_MAX;
    },
    /** Names the colleagues the server refused, while the returned note waits in the box. */
    unmentioned,
    /** "@" picked this colleague: their id goes with the note while their label is in it. */
    pick: (a: Mentionable): string => {
      const label = mentionLabel(a)!;
      savePicks([...picks.filter((p) => p.id !== a.id), { id: a.id, label }]);
      return label;
    },
    /**
     * A note is back from the server (`refused`: ids no longer active admins): the mentions still good
     * are picks again, beside the ones the box had.
     */
    takeBack: (returned: { mentions: string[]; refused: string[] }) => {
      const known = (id: string) => admins?.find((a) => a.id === id);
      const kept = returned.mentions
        .filter((id) => !returned.refused.includes(id) && known(id)?.active)
        .map((id) => ({ id, label: mentionLabel(known(id)!) ?? "" }))
        .filter((p) => p.label);
      setPicks((had) => {
        const next = [...had.filter((p) => !kept.some((k) => k.id === p.id)), ...kept];
        if (picksKey) writeDraft(picksKey, next.length ? next : null);
        return next;
      });
      setRefused(returned.refused);
      setUnmentioned(returned.refused.map((id) => (known(id) && mentionLabel(known(id)!)) || "A colleague"));
    },
    /** A message went: a note took its mentions with it; a reply leaves the note's picks alone. */
    sent: (wasNote: boolean) => {
      if (wasNote) {
        savePicks([]);
        setRefused([]);
      }
      setUnmentioned(null);
    },
  };
}
