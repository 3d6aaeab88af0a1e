import { useEffect, useRef } from "react";
import { readDraft, writeDraft } from "../../features/messages/drafts";

/**
 * Keeps the box's text as a draft under `draftKey` (per ticket, reply and note apart): switching between
 * reply and note (or ticket) swaps in that box's own draft, and the public reply's text is reported as it
 * changes (`onReplyDraft`).
 */
export function useComposerDraft(opts: {
  draftKey: string | null;
  text: string;
  internal: boolean;
  setText: (text: string) => void;
  onReplyDraft?: (text: string) => void;
}) {
  const { draftKey, text, internal, setText } = opts;
  const replyDraftChanged = useRef(opts.onReplyDraft);
  useEffect(() => {
    replyDraftChanged.current = opts.onReplyDraft;
  });
  const shownKey = useRef(draftKey);
  useEffect(() => {
    if (shownKey.current !== draftKey) {
      shownKey.current = draftKey;
      setText((draftKey && readDraft<string>(draftKey)) || "");
      return;
    }
    if (draftKey) writeDraft(draftKey, text);
    // Here, not on every change of `text`: during a swap it still holds the other box's text.
    if (!internal) replyDraftChanged.current?.(text);
  }, [draftKey, text, setText, internal]);
}
