import { useId, useState, type KeyboardEvent } from "react";
import type { PickerOption, PickerWords } from "./PickerList";

/** What replaces the trigger ("/ref", "@sa") when a choice is picked, and where the caret goes after it. */
export type Insertion = { text: string; caret: number };

/** One choice a picker offers: how it is listed, and what picking it writes (`after`: the text past the caret). */
export type PickerChoice = { option: PickerOption; pick: (after: string) => Insertion };

/** One thing the box's picker can offer ("/" saved replies, "@" colleagues), opened by its own character. */
export type PickerSource = {
  trigger: "/" | "@";
  words: PickerWords;
  /** Where this source's trigger is being typed: from its character up to the caret, and the query. */
  at: (text: string, caret: number) => { start: number; query: string } | null;
  /** The choices for a (lower-cased) query. */
  choices: (query: string) => PickerChoice[];
  /** "No saved reply matches": said with the query when nothing does. */
  noMatch: string;
  /**
   * Why the source offers nothing more, whatever the query (a note naming the most colleagues it may).
   * Its trigger is then text: Enter sends it as written.
   */
  full?: string | null;
};

/**
 * The box's suggestions: which trigger is being typed at the caret (the nearest, when "/" and "@" both
 * are), its query and choices, the highlighted one, and the keys that drive it: arrows move, Enter or Tab
 * pick, Escape closes (the text stays). A trigger that matches nothing stops Enter (audit F1).
 */
export function useComposerPicker(opts: {
  sources: PickerSource[];
  text: string;
  caret: number;
  /** Writes the new text into the box and puts the caret after the insertion. */
  insert: (next: string, caret: number) => void;
  /** Return breaks the line on a touch keyboard: nothing to stop there. */
  touch: boolean;
}) {
  const { sources, text, caret, insert, touch } = opts;
  const listId = useId();
  const [active, setActive] = useState(0);
  // Where the trigger the picker closed by Escape stands: it leaves the text alone ("/usr/local is
  // broken" is a reply, not a search). Once that character is gone, one typed there opens it again.
  const [dismissed, setDismissed] = useState<{ at: number; char: string } | null>(null);
  // The trigger Enter did not send because nothing matches it (audit F1).
  const [unmatched, setUnmatched] = useState<string | null>(null);
  if (dismissed && text[dismissed.at] !== dismissed.char) setDismissed(null);

  // Both may match ("/refund pol @an" starts a line with "/"): the one nearer the caret is being typed.
  let trigger: { source: PickerSource; start: number; query: string } | null = null;
  for (const source of sources) {
    const found = source.at(text, caret);
    if (found && (!trigger || found.start > trigger.start)) trigger = { source, ...found };
  }
  const triggerText = trigger && `${trigger.source.trigger}${trigger.query}`;
  const open = !!trigger && trigger.start !== dismissed?.at;
  const query = open ? trigger!.query.toLowerCase() : "";
  const choices = open && !trigger!.source.full ? trigger!.source.choices(query) : [];
  const options = choices.map((c) => c.option);
  const activeIndex = Math.min(active, options.length - 1);
  // A full source's trigger is text: Enter sends it as written.
  const unmatchedStops = open && !options.length && !trigger!.source.full;
  // Stable per saved reply or colleague (not per position): the highlighted option keeps its id as the
  // list narrows.
  const optionId = (o: PickerOption) => `${listId}-${o.id}`;

  const choose = (index: number) => {
    if (!trigger) return;
    const inserted = choices[index]!.pick(text.slice(caret));
    setActive(0);
    insert(text.slice(0, trigger.start) + inserted.text + text.slice(caret), trigger.start + inserted.caret);
  };

  /** The keys an open picker takes; true when the key was its. */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    if (options.length && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      setActive((i) => (i + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
      return true;
    }
    // Tab picks as Enter does (as in chat apps' mention lists); Shift+Tab, or Tab with nothing to pick,
    // still leaves the box.
    const picks =
      (e.key === "Enter" && !e.shiftKey) ||
      (e.key === "Tab" && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey);
    if (options.length && picks) {
      e.preventDefault();
      choose(activeIndex);
      return true;
    }
    // Audit F1: a mistyped shortcut ("/refnud") is not a reply. Enter keeps it and says why; sending it as
    // written takes a deliberate step (Escape then Enter, or the button), never a second Enter pressed
    // in a hurry. On a touch screen Return only breaks the line, so there is nothing to stop.
    if (unmatchedStops && e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing && !touch) {
      e.preventDefault();
      setUnmatched(triggerText);
      return true;
    }
    if (e.key === "Escape") {
      // Closes the picker only: the text (and its draft) stays, and nothing outside reacts.
      e.preventDefault();
      e.stopPropagation();
      setDismissed({ at: trigger!.start, char: trigger!.source.trigger });
      return true;
    }
    return false;
  };

  // Named by the trigger being typed, or else by the first source (the list is mounted before it opens).
  const named = trigger?.source ?? sources[0];
  return {
    /** Null when the box offers nothing (no list is mounted then). */
    words: named ? named.words : null,
    open,
    listId,
    options,
    activeIndex,
    optionId,
    activeOptionId: open && options.length ? optionId(options[activeIndex]!) : undefined,
    /** What the open list says when it holds nothing. */
    empty: trigger ? (trigger.source.full ?? `${trigger.source.noMatch} “${query}”.`) : "",
    /** The trigger Enter refused, while it is still the one being typed: "No saved reply matches /refnud". */
    refusal: unmatchedStops && unmatched === triggerText ? `${trigger!.source.noMatch} ${unmatched}` : null,
    choose,
    onKeyDown,
    /**
     * Whether the open picker keeps a send key (Send and resolve's) for itself: it picks nothing then, and
     * a trigger that matches nothing says why, as Enter would.
     */
    keepsSend: (): boolean => {
      if (!open) return false;
      if (unmatchedStops) setUnmatched(triggerText);
      return true;
    },
    /** After a send: nothing was refused. */
    reset: () => setUnmatched(null),
  };
}
