import { useState } from "react";
import { isCannedPlaceholder, placeholdersIn } from "@parley/contract";

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Placeholders still in the text (audit F2): never "Hello {{customer.name}}" to the shop. A known one
 * counts, never meant for the shop as written, and so does one a saved reply brought in; other double
 * braces are the agent's own words (a shop's theme code, say).
 */
export function useUnfilledPlaceholders(text: string) {
  // The placeholders the inserted saved replies could not fill (as written in them); null: none inserted.
  const [fromCanned, setFromCanned] = useState<string[] | null>(null);
  // A send was refused for unfilled placeholders: the message says so until none is left.
  const [refused, setRefused] = useState(false);
  const unfilledIn = (t: string) =>
    placeholdersIn(t).filter(
      (p) => isCannedPlaceholder(p.name) || !!fromCanned?.some((m) => sameName(m, p.name)),
    );
  const unfilled = [...new Set(unfilledIn(text).map((p) => `{{${p.name}}}`))];
  if (refused && !unfilled.length) setRefused(false);

  return {
    /** The unfilled placeholders, each once, as written ("{{ticket.subject}}"). */
    unfilled,
    refused,
    /** A saved reply went into the text (its preview is shown). */
    fromSavedReply: fromCanned !== null,
    /** A saved reply went in without values for these. */
    inserted: (missing: string[]) =>
      setFromCanned((had) => [...(had ?? []), ...missing.filter((m) => !had?.some((h) => sameName(h, m)))]),
    /** Refuses to send a text with a placeholder left: true, and `select` gets the first one's place. */
    refuses: (t: string, select: (start: number, end: number) => void): boolean => {
      const [first] = unfilledIn(t);
      if (!first) return false;
      setRefused(true);
      select(first.start, first.end);
      return true;
    },
    /** Sent: the next text starts afresh. */
    clear: () => setFromCanned(null),
  };
}
