import { useCallback, useEffect, useRef } from "react";

const TYPING_THROTTLE_MS = 2000;

/**
 * "Typing…" for the other side: true while the text changes (at most every 2 s), false once it is sent,
 * emptied or left. `quiet`: the box holds an internal note, which is never announced. The server would
 * keep a note's typing (`internal: true`) from the shop, but no screen shows a colleague's note typing,
 * so staying quiet costs nothing and keeps the shop safe even from a server that predates the flag.
 */
export function useTypingSignal(onTyping: ((isTyping: boolean) => void) | undefined, quiet: boolean) {
  const lastTypingAt = useRef(0);
  const stop = useCallback(() => {
    if (lastTypingAt.current) {
      lastTypingAt.current = 0;
      onTyping?.(false);
    }
  }, [onTyping]);
  // However the box becomes a note box (the switch, focus("note"), a refused note handed back), a reply's
  // typing already announced is withdrawn now: the shop must not keep seeing "typing…" for a note.
  useEffect(() => {
    if (quiet) stop();
  }, [quiet, stop]);
  const typed = (value: string) => {
    if (!onTyping || quiet) return;
    if (!value.trim()) return stop();
    const now = Date.now();
    if (now - lastTypingAt.current >= TYPING_THROTTLE_MS) {
      lastTypingAt.current = now;
      onTyping(true);
    }
  };
  return { typed, stop };
}
