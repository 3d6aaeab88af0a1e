import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { Ticket } from "@parley/contract";
import { useDebounced } from "../../../hooks/useDebounced";
import { listTickets } from "../../tickets/api/tickets";
import { useMerge } from "../hooks/useTeam";

/**
 * Merge this ticket into another open ticket of the same shop. The shop's tickets can be searched (by
 * number or words, as the queue's search), and what the merge does is said before it is done: it cannot
 * be undone.
 */
export default function MergeDialog(props: { ticket: Ticket; onMerged: (targetId: string) => void }) {
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState("");
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const merge = useMerge();
  const opener = useRef<HTMLButtonElement>(null);
  const finder = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(false);
  // Focus follows the dialog: into its search box when it opens (the dialog scrolled into view, as it
  // opens at the foot of the details), back to the opener when it closes.
  useEffect(() => {
    if (open) {
      dialog.current?.scrollIntoView?.({ block: "nearest" });
      finder.current?.focus();
    } else if (wasOpen.current) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const candidates = useQuery({
    queryKey: ["team", "merge-candidates", props.ticket.shopId, q],
    queryFn: () =>
      listTickets({
        shopId: props.ticket.shopId ?? undefined,
        status: ["open", "in_progress", "resolved"],
        ...(q ? { q } : {}),
        limit: 50,
      }),
    // Merging is within one shop; a visitor's conversation (no shop) has no candidates.
    enabled: open && props.ticket.shopId !== null,
  });
  if (props.ticket.mergedIntoId) return null;
  if (!open) {
    return (
      <button
        ref={opener}
        type="button"
        onClick={() => setOpen(true)}
        className="mt-4 rounded border px-2 py-1 text-xs"
      >
        Merge into another ticket…
      </button>
    );
  }
  const options = (candidates.data?.items ?? []).filter((t) => t.id !== props.ticket.id && !t.mergedIntoId);
  const chosen = options.find((t) => t.id === target);
  return (
    <div
      ref={dialog}
      role="dialog"
      aria-label="Merge ticket"
      className="mt-4 rounded border border-slate-300 p-2 text-xs"
      onKeyDown={(e) => {
        // Escape cancels the merge only; the details sheet around it stays open.
        if (e.key === "Escape") {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <label className="flex flex-col">
        Find a ticket of this shop
        <input
          ref={finder}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Number or words"
          className="rounded border px-1 py-0.5"
        />
      </label>
      <label className="mt-2 flex flex-col">
        Merge #{props.ticket.number} into
        <select
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          className="rounded border px-1 py-0.5"
        >
          <option value="">
            {candidates.isPending
              ? "Loading tickets…"
              : options.length === 0
                ? "No ticket of this shop matches"
                : "Choose a ticket of this shop"}
          </option>
          {options.map((t) => (
            <option key={t.id} value={t.id}>
              #{t.number} {t.subject}
            </option>
          ))}
        </select>
      </label>
      {chosen && (
        <p className="mt-2 text-slate-700">
          #{props.ticket.number} will be closed, and its messages will move to #{chosen.number}. This cannot
          be undone.
        </p>
      )}
      <div className="mt-2 flex gap-2">
        <button
          type="button"
          disabled={!chosen || merge.isPending}
          onClick={() =>
            // mutateAsync: the refetched source (now merged) unmounts this dialog before a per-call
            // onSuccess would run, and the admin must still be taken to the target.
            void merge
              .mutateAsync({ id: props.ticket.id, intoTicketId: target })
              .then((t) => props.onMerged(t.id))
              .catch(() => {})
          }
          className="rounded bg-indigo-600 px-2 py-1 text-white disabled:opacity-50"
        >
          {chosen ? `Merge into #${chosen.number}` : "Merge"}
        </button>
        <button type="button" onClick={() => setOpen(false)} className="rounded px-2 py-1">
          Cancel
        </button>
      </div>
      {merge.isError && (
        <p role="alert" className="mt-1 text-red-700">
          {merge.error.message}
        </p>
      )}
    </div>
  );
}
