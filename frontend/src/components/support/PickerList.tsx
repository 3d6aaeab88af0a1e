export type PickerOption = { id: string; label: string; detail?: string | null };

/** What the reply box's picker lists, in words: its name and how its options are counted. */
export type PickerWords = { label: string; one: string; many: string; none: string };

/**
 * The reply box's suggestions (saved replies after "/", colleagues after "@" in a note): a listbox the
 * text box drives through aria-activedescendant, so the focus stays in the text. Hidden, not unmounted,
 * when closed; a mouse picks on mousedown, before the box could lose the focus.
 */
export function PickerList(props: {
  id: string;
  words: PickerWords;
  open: boolean;
  options: PickerOption[];
  activeIndex: number;
  optionId: (o: PickerOption) => string;
  onPick: (index: number) => void;
  /** Shown when the list is open with nothing in it. */
  empty: string;
}) {
  const { id, words, open, options, activeIndex, optionId, onPick, empty } = props;
  return (
    <ul
      id={id}
      role="listbox"
      aria-label={words.label}
      hidden={!open}
      className="mt-2 max-h-48 overflow-y-auto rounded-lg border border-slate-300 bg-white text-sm shadow"
    >
      {options.map((o, i) => (
        <li
          key={o.id}
          id={optionId(o)}
          role="option"
          aria-selected={i === activeIndex}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(i);
          }}
          className={`cursor-pointer px-3 py-2 ${i === activeIndex ? "bg-indigo-50" : ""}`}
        >
          <span className="font-medium text-slate-900">{o.label}</span>
          {o.detail && <span className="block truncate text-xs text-slate-600">{o.detail}</span>}
        </li>
      ))}
      {open && options.length === 0 && <li className="px-3 py-2 text-slate-600">{empty}</li>}
    </ul>
  );
}

/** The picker's spoken state; mounted with the box, so its opening and each narrowing is read out. */
export function PickerStatus({ open, count, words }: { open: boolean; count: number; words: PickerWords }) {
  return (
    <p aria-live="polite" className="sr-only">
      {!open
        ? ""
        : count
          ? `${count === 1 ? `1 ${words.one}` : `${count} ${words.many}`}: Up and Down to choose, Enter or Tab to insert, Escape to close.`
          : words.none}
    </p>
  );
}
