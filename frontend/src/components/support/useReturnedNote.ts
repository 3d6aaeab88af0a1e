import { useEffect, useRef } from "react";
import { readDraft, replyDraftKey, writeDraft } from "../../features/messages/drafts";

/**
 * A note the server sent back because of its mentions (`refused`: ids no longer active admins): its text
 * and the mentions still good go back into the note box, which says why.
 */
export type ReturnedNote = { key: string; body: string; mentions: string[]; refused: string[] };

/**
 * Takes a returned note back into the note box, once per note, before what the note box holds now (its
 * draft, when the box shows the reply): nothing typed is lost. `takeBack` restores its mentions.
 */
export function useReturnedNote(opts: {
  returned?: ReturnedNote | null;
  onReturned?: (key: string) => void;
  /** The box can take a note now (a note box that is not disabled). */
  enabled: boolean;
  draftId?: string;
  internal: boolean;
  text: () => string;
  /** Shows the note box with this text. */
  showNote: (text: string) => void;
  takeBack: (returned: ReturnedNote) => void;
}) {
  const { returned, enabled } = opts;
  const takenBack = useRef<string | null>(null);
  // The latest of everything else: the note is taken when it comes (or when the box can take it).
  const latest = useRef(opts);
  useEffect(() => {
    latest.current = opts;
  });
  useEffect(() => {
    if (!returned || takenBack.current === returned.key || !enabled) return;
    takenBack.current = returned.key;
    const { draftId, internal, text, showNote, takeBack, onReturned } = latest.current;
    const noteKey = draftId ? replyDraftKey(draftId, true) : null;
    const current = internal || !noteKey ? text() : readDraft<string>(noteKey) || "";
    const body = current.trim() ? `${returned.body}\n\n${current}` : returned.body;
    takeBack(returned);
    if (noteKey) writeDraft(noteKey, body);
    showNote(body);
    onReturned?.(returned.key);
  }, [returned, enabled]);
}
