import { useState, type RefObject } from "react";

/**
 * Where the caret stands in the box, for the pickers (what is being typed at it). It is kept with the text
 * it was measured in: after the text is set from elsewhere (a draft, a send) the caret is at the end, as
 * the browser puts it.
 */
export function useCaret(textarea: RefObject<HTMLTextAreaElement | null>, text: string) {
  const [caret, setCaret] = useState<{ at: number; text: string } | null>(null);
  return {
    at: caret?.text === text ? caret.at : text.length,
    /** After the box's text or selection changed. */
    track: (el: HTMLTextAreaElement) => setCaret({ at: el.selectionStart, text: el.value }),
    /** Puts the caret (or a selection) in the box, focused, and remembers it. */
    place: (next: string, start: number, end = start) => {
      setCaret({ at: start, text: next });
      textarea.current?.focus();
      textarea.current?.setSelectionRange(start, end);
    },
  };
}
