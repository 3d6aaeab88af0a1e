import { useMediaQuery } from "../../hooks/useMediaQuery";

/** A touch screen is the main pointer (a phone or tablet): its keyboard has Return but no Shift+Enter. */
export function useTouchKeyboard(): boolean {
  return useMediaQuery("(pointer: coarse)");
}
