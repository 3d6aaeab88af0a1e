import { useEffect, useState } from "react";

/** Below this visible height a phone's on-screen keyboard is up (or a phone lies on its side). */
export const COMPACT_BELOW_PX = 480;

export type VisualViewportState = { height: number | null; compact: boolean };

function read(): VisualViewportState {
  if (typeof window === "undefined") return { height: null, compact: false };
  const height = window.visualViewport?.height ?? window.innerHeight;
  // Phones and small tablets only: a short desktop window keeps its navigation.
  return { height: Math.round(height), compact: height < COMPACT_BELOW_PX && window.innerWidth < 1024 };
}

/**
 * The height the user can actually see. iOS Safari keeps the layout viewport (and `dvh`) at full height
 * while the keyboard covers the bottom, so the frame sizes itself to `visualViewport.height` instead and
 * turns compact (app chrome hidden) when that gets short. Android resizes the layout too
 * (`interactive-widget=resizes-content`), where this agrees with `dvh`.
 */
export function useVisualViewport(): VisualViewportState {
  const [state, setState] = useState(read);
  useEffect(() => {
    const vv = window.visualViewport;
    const update = () =>
      setState((prev) => {
        const next = read();
        return next.height === prev.height && next.compact === prev.compact ? prev : next;
      });
    vv?.addEventListener("resize", update);
    window.addEventListener("resize", update);
    update();
    return () => {
      vv?.removeEventListener("resize", update);
      window.removeEventListener("resize", update);
    };
  }, []);
  return state;
}
