import { useSyncExternalStore } from "react";

const COARSE_POINTER = "(pointer: coarse)";

function subscribePointer(onChange: () => void): () => void {
  const query = typeof window.matchMedia === "function" ? window.matchMedia(COARSE_POINTER) : null;
  query?.addEventListener("change", onChange);
  return () => query?.removeEventListener("change", onChange);
}

/** A touch screen is the main pointer (a phone or tablet): its keyboard has Return but no Shift+Enter. */
export function useTouchKeyboard(): boolean {
  return useSyncExternalStore(
    subscribePointer,
    () => typeof window.matchMedia === "function" && window.matchMedia(COARSE_POINTER).matches,
    () => false,
  );
}
