import { MENTIONS_MAX } from "@parley/contract";
import { matchAdmins, mentionAt, mentionLabel, type Mentionable } from "../../features/messages/mentions";
import type { PickerSource } from "./useComposerPicker";

/**
 * "@" in a note: the colleagues whose name or email holds the query. A picked one's "@Name " takes the
 * place of the "@query" typed up to the caret; `pick` remembers whom it names (their id goes with the note).
 * `full`: the note already names the most colleagues the API alerts, so "@" offers nobody and says why.
 */
export function mentionSource(
  mentionable: Mentionable[],
  { full, pick }: { full: boolean; pick: (a: Mentionable) => string },
): PickerSource {
  return {
    trigger: "@",
    words: { label: "Colleagues", one: "colleague", many: "colleagues", none: "No colleague matches." },
    at: mentionAt,
    choices: (query) =>
      matchAdmins(mentionable, query).map((a) => ({
        option: { id: a.id, label: mentionLabel(a)!, detail: a.name ? a.email : null },
        pick: (after) => {
          const spaced = /^\s/.test(after);
          const text = `@${pick(a)}${spaced ? "" : " "}`;
          // Past the space already there, or the one added: the next word starts at the caret.
          return { text, caret: text.length + (spaced ? 1 : 0) };
        },
      })),
    noMatch: "No colleague matches",
    full: full ? `A note can mention at most ${MENTIONS_MAX} colleagues.` : null,
  };
}
