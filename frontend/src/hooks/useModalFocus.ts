import { useEffect, useRef, type RefObject } from "react";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Modal focus for a sheet or dialog that is not a native <dialog>: while `open`, focus moves into the
 * container (its first control), Tab and Shift+Tab cycle inside it, Escape closes it from anywhere, and
 * on close focus goes back to what opened it (unless the user already moved focus elsewhere on purpose).
 */
export function useModalFocus(open: boolean, container: RefObject<HTMLElement | null>, onClose: () => void) {
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    if (!open) return;
    const opener = document.activeElement as HTMLElement | null;
    const box = container.current;
    const focusables = () => Array.from(box?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []);
    (focusables()[0] ?? box)?.focus();
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        close.current();
      } else if (e.key === "Tab" && box) {
        const nodes = focusables();
        if (!nodes.length) return;
        const first = nodes[0]!;
        const last = nodes[nodes.length - 1]!;
        const active = document.activeElement;
        const inside = box.contains(active);
        if (e.shiftKey && (active === first || !inside)) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && (active === last || !inside)) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    // Bubble phase: a nested control that handles its own Escape (and stops it) keeps the sheet open.
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      const active = document.activeElement;
      if (!active || active === document.body || box?.contains(active) || !active.isConnected)
        opener?.focus();
    };
  }, [open, container]);
}
