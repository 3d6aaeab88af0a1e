import { useRef } from "react";

const TYPING_THROTTLE_MS = 2000;

/**
 * "Typing…" for the other side: true while the text changes (at most every 2 s), false once it is sent,
 * emptied or left. `quiet`: an internal note is not something to announce to the shop.
 */
export function useTypingSignal(onTyping: ((isTyping: boolean) => void) | undefined, quiet: boolean) {
  const lastTypingAt = useRef(0);
  const stop = () => {
    if (lastTypingAt.current) {
      lastTypingAt.current = 0;
      onTyping?.(false);
    }
  };
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
