/**
 * The inline "Delete …? Yes, delete / Keep", one look and one behaviour wherever something is deleted after
 * a question (a saved view from its Edit form or the queue's bar, a webhook). "Yes, delete" has the focus
 * (asked for by Delete, the answer is what comes next) and is never disabled while the delete runs, which
 * would drop the focus to <body>: a second press does nothing.
 */
import type { ReactNode } from "react";

export default function DeleteConfirm({
  question,
  pending,
  onConfirm,
  onKeep,
  className,
}: {
  question: ReactNode;
  pending: boolean;
  onConfirm: () => void;
  onKeep: () => void;
  className?: string;
}) {
  return (
    <span
      role="group"
      aria-label="Confirm delete"
      className={`flex items-center gap-2 text-xs ${className ?? ""}`}
    >
      <span className="text-slate-800">{question}</span>
      <button
        type="button"
        autoFocus
        aria-disabled={pending}
        onClick={() => {
          if (!pending) onConfirm();
        }}
        className="rounded-md bg-red-600 px-2 py-1 font-medium text-white hover:bg-red-700 aria-disabled:opacity-60"
      >
        {pending ? "Deleting…" : "Yes, delete"}
      </button>
      <button
        type="button"
        onClick={onKeep}
        className="rounded-md px-2 py-1 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
      >
        Keep
      </button>
    </span>
  );
}
