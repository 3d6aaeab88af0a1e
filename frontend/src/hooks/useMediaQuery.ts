import { useSyncExternalStore } from "react";

/**
 * Whether a CSS media query matches now, following its changes (a rotated phone, a system setting turned on
 * while the page is open). False where the browser has no matchMedia (jsdom without a stub) and while
 * rendering on a server.
 */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = typeof window.matchMedia === "function" ? window.matchMedia(query) : null;
      list?.addEventListener("change", onChange);
      return () => list?.removeEventListener("change", onChange);
    },
    () => typeof window.matchMedia === "function" && window.matchMedia(query).matches,
    () => false,
  );
}

/**
 * The person asked their system for less motion (WCAG 2.3.3): charts are drawn at once instead of growing
 * into place. CSS animations follow the same setting in index.css.
 */
export function usePrefersReducedMotion(): boolean {
  return useMediaQuery("(prefers-reduced-motion: reduce)");
}
