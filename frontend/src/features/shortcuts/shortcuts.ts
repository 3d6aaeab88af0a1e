/** The admin inbox's keyboard shortcuts: one table for the handler and the `?` help dialog. */
export const SHORTCUTS = [
  { key: "j", action: "next", label: "Next ticket" },
  { key: "k", action: "previous", label: "Previous ticket" },
  { key: "r", action: "reply", label: "Reply" },
  { key: "n", action: "note", label: "Internal note" },
  { key: "a", action: "assignMe", label: "Assign to me" },
  { key: "e", action: "resolve", label: "Resolve" },
  { key: "x", action: "toggleSelect", label: "Select the focused ticket (for bulk changes)" },
  { key: "/", action: "search", label: "Search" },
  { key: "?", action: "help", label: "Show these shortcuts" },
] as const;
export type ShortcutAction = (typeof SHORTCUTS)[number]["action"];

/**
 * Keys of the reply box itself (handled by ChatInput, so they work while typing), listed in the `?` dialog
 * after the page's shortcuts. `mac` replaces `keys` on a Mac.
 */
export const SEND_AND_RESOLVE = {
  keys: "Ctrl+Shift+Enter",
  mac: "⌘+Shift+Enter",
  ariaKeys: "Control+Shift+Enter Meta+Shift+Enter",
  label: "In the reply box: send the reply and resolve the ticket",
} as const;

const onMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.userAgent);

/** The send-and-resolve keys as this computer writes them. */
export const sendAndResolveKeys = () => (onMac() ? SEND_AND_RESOLVE.mac : SEND_AND_RESOLVE.keys);

/** Ctrl+Shift+Enter, or Cmd+Shift+Enter (a Mac's Ctrl+Enter is taken by some input methods). */
export function isSendAndResolveKey(
  e: Pick<KeyboardEvent, "key" | "shiftKey" | "ctrlKey" | "metaKey" | "altKey" | "isComposing">,
): boolean {
  return e.key === "Enter" && e.shiftKey && (e.ctrlKey || e.metaKey) && !e.altKey && !e.isComposing;
}

/** True while the user is typing somewhere: shortcuts never steal keys from a field. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["button", "checkbox", "radio", "submit", "reset", "range", "color", "file"].includes(type);
}

/** The action a keydown triggers, or null (typing, a modifier held, a key that is not a shortcut). */
export function shortcutFor(
  e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "target" | "isComposing">,
): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || isTypingTarget(e.target)) return null;
  return SHORTCUTS.find((s) => s.key === e.key)?.action ?? null;
}

/** The ticket j/k moves to: the next or previous in the list, the first when none is open. */
export function stepTicket(ids: string[], current: string | null, dir: 1 | -1): string | null {
  if (!ids.length) return null;
  const at = current ? ids.indexOf(current) : -1;
  if (at < 0) return dir === 1 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.min(ids.length - 1, Math.max(0, at + dir))]!;
}
