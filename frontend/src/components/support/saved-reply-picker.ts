import { fillPlaceholders, type CannedPlaceholder, type CannedResponse } from "@parley/contract";
import type { PickerSource } from "./useComposerPicker";

/**
 * The "/shortcut" the caret is in, from its "/" to the caret. A "/" after a space starts a one-word
 * shortcut ("Thanks! /ref"), so "and/or" mid-sentence opens nothing; a "/" that starts a line may be
 * followed by words ("/refund pol"), which search the titles and texts. A second "/" makes it a path
 * ("go to /admin/payouts"), never a shortcut: Enter sends it.
 */
export function shortcutAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const word = /(?:^|\s)\/(\S*)$/.exec(before);
  if (word) return word[1]!.includes("/") ? null : { start: caret - word[1]!.length - 1, query: word[1]! };
  const lineStart = before.lastIndexOf("\n") + 1;
  if (before[lineStart] !== "/") return null;
  const query = before.slice(lineStart + 1);
  return /^\S*\//.test(query) ? null : { start: lineStart, query };
}

/**
 * "/" in the box: the saved replies whose title or text holds the query. Audit F3: a picked one takes the
 * place of the "/shortcut" typed up to the caret, and nothing else, so it goes with the text around it,
 * and a second one can follow. `onMissing`: the placeholders it had no value for (as written in it).
 */
export function savedReplySource(
  canned: CannedResponse[],
  values: Partial<Record<CannedPlaceholder, string | number | null>>,
  onMissing: (names: string[]) => void,
): PickerSource {
  return {
    trigger: "/",
    words: {
      label: "Saved replies",
      one: "saved reply",
      many: "saved replies",
      none: "No saved reply matches.",
    },
    at: (text, caret) => (canned.length ? shortcutAt(text, caret) : null),
    choices: (query) =>
      canned
        .filter((c) => `${c.title}\n${c.body}`.toLowerCase().includes(query.trim()))
        .slice(0, 8)
        .map((c) => ({
          option: { id: c.id, label: c.title, detail: c.body },
          pick: () => {
            const filled = fillPlaceholders(c.body, values);
            onMissing(filled.missing);
            return { text: filled.text, caret: filled.text.length };
          },
        })),
    noMatch: "No saved reply matches",
  };
}
