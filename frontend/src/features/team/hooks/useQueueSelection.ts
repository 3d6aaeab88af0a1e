import { useCallback, useRef, useState } from "react";

/**
 * The next selection after a click on a row's checkbox: a plain click toggles that row; a shift-click
 * gives every row between the last clicked one (the anchor) and this one the state this row takes.
 * Rows keep the order of `pageIds` (the queue as shown).
 */
export function toggleSelection(
  selected: ReadonlySet<string>,
  pageIds: readonly string[],
  id: string,
  range: boolean,
  anchor: string | null,
): Set<string> {
  const next = new Set(selected);
  const on = !selected.has(id);
  const from = range && anchor ? pageIds.indexOf(anchor) : -1;
  const to = pageIds.indexOf(id);
  if (from >= 0 && to >= 0) {
    const [lo, hi] = from < to ? [from, to] : [to, from];
    for (const rowId of pageIds.slice(lo, hi + 1)) {
      if (on) next.add(rowId);
      else next.delete(rowId);
    }
  } else if (on) next.add(id);
  else next.delete(id);
  return next;
}

/**
 * The queue's row selection: single rows, shift-click ranges, and every row on the page at once. It only
 * ever holds rows of `pageIds` (the tickets loaded in the list).
 */
export function useQueueSelection(pageIds: readonly string[]) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  const ids = useRef(pageIds);
  ids.current = pageIds;
  // A ticket that left the list (closed by a bulk change, resolved with a shortcut, …) leaves the
  // selection too: the bulk bar must not count, or change, tickets nobody can see. Pruned while
  // rendering, so no frame shows the stale count. ("Select all matching" is not a selection of ids.)
  const present = new Set(pageIds);
  if ([...selected].some((id) => !present.has(id))) {
    setSelected(new Set([...selected].filter((id) => present.has(id))));
  }

  const toggle = useCallback((id: string, range = false) => {
    // The updater may run later (at render): it must see the anchor as it was at this click.
    const from = anchor.current;
    const page = ids.current;
    setSelected((prev) => toggleSelection(prev, page, id, range, from));
    anchor.current = id;
  }, []);
  /** Selects every row on the page, or clears them when all are selected already. */
  const togglePage = useCallback(() => {
    setSelected((prev) => {
      const page = ids.current;
      const all = page.length > 0 && page.every((id) => prev.has(id));
      const next = new Set(prev);
      for (const id of page) {
        if (all) next.delete(id);
        else next.add(id);
      }
      return next;
    });
  }, []);
  const clear = useCallback(() => {
    setSelected(new Set());
    anchor.current = null;
  }, []);

  const onPage = pageIds.filter((id) => selected.has(id)).length;
  return {
    selected,
    toggle,
    togglePage,
    clear,
    /** "all", "some" or "none" of the page's rows are selected (the header checkbox's state). */
    pageState:
      onPage === 0 ? ("none" as const) : onPage === pageIds.length ? ("all" as const) : ("some" as const),
  };
}
