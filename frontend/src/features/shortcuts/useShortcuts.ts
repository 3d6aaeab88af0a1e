import { useEffect, useRef } from "react";
import { shortcutFor, type ShortcutAction } from "./shortcuts";

/** Calls the handler of each shortcut pressed on the page (never while typing in a field). */
export function useShortcuts(handlers: Partial<Record<ShortcutAction, () => void>>, enabled = true) {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e);
      const run = action && ref.current[action];
      if (!run) return;
      // An open dialog owns the keyboard.
      if (document.querySelector("dialog[open]") && action !== "help") return;
      e.preventDefault();
      run();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [enabled]);
}
