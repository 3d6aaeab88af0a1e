import { useCallback, useEffect, useRef } from "react";

const TYPING_THROTTLE_MS = 2000;

/**
 * "Typing…" for the other side: true while the text changes (at most every 2 s), false once it is sent,
 * emptied or left. In the note box (`internal`), the start says so (`onTyping(true, true)`): the server
 * relays a note's typing to admins only, so colleagues read "Sam is writing a note…" and the shop hears
 * nothing. A reply's start and every stop carry no flag (a stop reaches whoever heard its start).
 */
export function useTypingSignal(
  onTyping: ((isTyping: boolean, internal?: true) => void) | undefined,
  internal: boolean,
) {
  const lastTypingAt = useRef(0);
  const stop = useCallback(() => {
    if (lastTypingAt.current) {
      lastTypingAt.current = 0;
      onTyping?.(false);
    }
  }, [onTyping]);
  // However the box changes between reply and note (the switch, focus("note"), a refused note handed
  // back), what was announced is withdrawn now: the shop must not keep seeing "typing…" for a note, nor
  // colleagues "writing a note" for a reply. The next keystroke announces the new kind.
  const mode = useRef(internal);
  useEffect(() => {
    if (mode.current === internal) return;
    mode.current = internal;
    stop();
  }, [internal, stop]);
  const typed = (value: string) => {
    if (!onTyping) return;
    if (!value.trim()) return stop();
    const now = Date.now();
    if (now - lastTypingAt.current >= TYPING_THROTTLE_MS) {
      lastTypingAt.current = now;
      if (internal) onTyping(true, true);
      else onTyping(true);
    }
  };
  return { typed, stop };
}
