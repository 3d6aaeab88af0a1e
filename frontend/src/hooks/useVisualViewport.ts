import { useEffect, useRef, useState } from "react";

/** With the keyboard up, below this visible height the app's chrome gives way to the reply box. */
export const COMPACT_BELOW_PX = 480;
/**
 * The keyboard is up when the visible height falls below this share of the full one. A phone's keyboard
 * takes 40 % or more; the browser's own bars coming and going change it by less than 20 %.
 */
export const KEYBOARD_LEAVES = 0.75;

export type VisualViewportState = { height: number | null; compact: boolean };

/** Only these bring up an on-screen keyboard (a select opens a picker, a button nothing). */
export function isTextEntry(el: Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el.tagName === "TEXTAREA") return true;
  if (el.tagName !== "INPUT") return false;
  const type = (el as HTMLInputElement).type;
  return ["text", "search", "email", "url", "tel", "password", "number"].includes(type);
}

/**
 * Whether an on-screen keyboard covers part of the page: a text field has the focus, and what is visible
 * is much shorter than the full height at this width. It is never just a small window: a desktop at
 * 200 % zoom or a phone on its side is short too, and keeps its navigation.
 */
export function keyboardIsUp(m: {
  /** The visible height in CSS px at a zoom of 1 (a pinch zoom shrinks the visual viewport too). */
  visible: number;
  /** The height with no keyboard. */
  full: number;
  typing: boolean;
}): boolean {
  return m.typing && m.visible < m.full * KEYBOARD_LEAVES;
}

/** The height with no keyboard, by window width (a phone turned on its side is another width). */
type FullHeights = Map<number, number>;

function measure(fullHeights: FullHeights): VisualViewportState {
  const vv = window.visualViewport;
  const height = vv?.height ?? window.innerHeight;
  const typing = isTextEntry(document.activeElement);
  const width = window.innerWidth;
  // iOS keeps the layout viewport (innerHeight) at full height under the keyboard; Android shrinks it too
  // (`interactive-widget=resizes-content`), so while typing the tallest seen at this width counts. Not
  // typing, there is no keyboard: the height now is the full one (also for a window made shorter).
  const seen = fullHeights.get(width);
  const full = typing && seen !== undefined ? Math.max(seen, window.innerHeight) : window.innerHeight;
  fullHeights.set(width, full);
  const visible = height * (vv?.scale ?? 1);
  return {
    height: Math.round(height),
    compact: keyboardIsUp({ visible, full, typing }) && height < COMPACT_BELOW_PX,
  };
}

/**
 * The height the user can actually see. iOS Safari keeps the layout viewport (and `dvh`) at full height
 * while the keyboard covers the bottom, so the frame sizes itself to `visualViewport.height` instead and
 * turns compact (app chrome hidden) while the keyboard is up and leaves little room. Android resizes the
 * layout too (`interactive-widget=resizes-content`), where the height agrees with `dvh`.
 */
export function useVisualViewport(): VisualViewportState {
  const fullHeights = useRef<FullHeights>(new Map());
  const [state, setState] = useState<VisualViewportState>(() =>
    typeof window === "undefined" ? { height: null, compact: false } : measure(fullHeights.current),
  );
  useEffect(() => {
    const vv = window.visualViewport;
    const update = () => {
      const next = measure(fullHeights.current);
      setState((prev) => (next.height === prev.height && next.compact === prev.compact ? prev : next));
    };
    // Focus moving from one field to the next blurs the first before the second has the focus: measure
    // once it has landed.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const onFocusChange = () => {
      clearTimeout(pending);
      pending = setTimeout(update, 0);
    };
    vv?.addEventListener("resize", update);
    window.addEventListener("resize", update);
    document.addEventListener("focusin", onFocusChange);
    document.addEventListener("focusout", onFocusChange);
    update();
    return () => {
      clearTimeout(pending);
      vv?.removeEventListener("resize", update);
      window.removeEventListener("resize", update);
      document.removeEventListener("focusin", onFocusChange);
      document.removeEventListener("focusout", onFocusChange);
    };
  }, []);
  return state;
}
