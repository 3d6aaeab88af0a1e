import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { Ticket } from "@parley/contract";
import { listTickets } from "../../tickets/api/tickets";
import { useMerge } from "../hooks/useTeam";

/** Merge this ticket into another open ticket of the same shop. */
export default function MergeDialog(props: { ticket: Ticket; onMerged: (targetId: string) => void }) {
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState("");
  const merge = useMerge();
  const opener = useRef<HTMLButtonElement>(null);
  const picker = useRef<HTMLSelectElement>(null);
  const wasOpen = useRef(false);
  // Focus follows the dialog: into its picker when it opens, back to the opener when it closes.
  useEffect(() => {
    if (open) picker.current?.focus();
    else if (wasOpen.current) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const candidates = useQuery({
    queryKey: ["team", "merge-candidates", props.ticket.shopId],
    queryFn: () =>
      listTickets({
        shopId: props.ticket.shopId ?? undefined,
        status: ["open", "in_progress", "resolved"],
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
  return (
    <div
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
        Merge #{props.ticket.number} into
        <select
          ref={picker}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          className="rounded border px-1 py-0.5"
        >
          <option value="">Choose a ticket of this shop</option>
          {options.map((t) => (
            <option key={t.id} value={t.id}>
              #{t.number} {t.subject}
            </option>
          ))}
        </select>
      </label>
      <div className="mt-2 flex gap-2">
        <button
          type="button"
          disabled={!target || merge.isPending}
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
          Merge
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
