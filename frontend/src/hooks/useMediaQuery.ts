import { useCallback, useSyncExternalStore } from "react";

const listFor = (query: string) =>
  typeof window.matchMedia === "function" ? window.matchMedia(query) : null;

/**
 * Whether a CSS media query matches now, following its changes (a rotated phone, a system setting turned on
 * while the page is open). False where the browser has no matchMedia (jsdom without a stub) and while
 * rendering on a server.
 */
export function useMediaQuery(query: string): boolean {
  // Stable per query, so React subscribes once rather than on every render.
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = listFor(query);
      list?.addEventListener("change", onChange);
      return () => list?.removeEventListener("change", onChange);
    },
    [query],
  );
  const matches = useCallback(() => listFor(query)?.matches ?? false, [query]);
  return useSyncExternalStore(subscribe, matches, () => false);
}

/**
 * The person asked their system for less motion (WCAG 2.3.3): charts are drawn at once instead of growing
 * into place. CSS animations follow the same setting in index.css.
 */
export function usePrefersReducedMotion(): boolean {
  return useMediaQuery("(prefers-reduced-motion: reduce)");
}
