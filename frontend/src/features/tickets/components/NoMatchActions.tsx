/**
 * The ways out of a queue that matched nothing: "Clear search" and "Clear all filters", each only when that
 * is set. The button goes with the empty state it sits in, so each hands the focus on to where the reader
 * goes next (the search box to type other words, the list to read what the filters hid) instead of <body>.
 * "All": it resets the status too, unlike the filter panel's "Clear filters" (its own filters only), which
 * is on screen beside it when the panel is open: two buttons of one name doing different things.
 */
const BUTTON =
  "rounded-lg bg-white px-4 py-2 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 focus-visible:outline-none";

export default function NoMatchActions(props: {
  /** Set when the search narrows the list. */
  onClearSearch?: () => void;
  /** Set when a filter narrows the list. */
  onClearFilters?: () => void;
}) {
  const { onClearSearch, onClearFilters } = props;
  if (!onClearSearch && !onClearFilters) return null;
  return (
    <div className="flex flex-wrap justify-center gap-2">
      {onClearSearch && (
        <button type="button" onClick={onClearSearch} className={BUTTON}>
          Clear search
        </button>
      )}
      {onClearFilters && (
        <button type="button" onClick={onClearFilters} className={BUTTON}>
          Clear all filters
        </button>
      )}
    </div>
  );
}
