/**
 * The admin queue's order filter (issue 18): tickets about one order (listing, payout, booking) of the
 * host platform, by its id. The value lives in the URL with the other filters (`?context=A-1001`); it is
 * applied on Enter or when the field loses focus, not on every keystroke.
 */
import { useEffect, useId, useState } from "react";

const CONTEXT_ID_MAX = 255;

export default function ContextFilterField({
  value,
  onChange,
  className = "",
}: {
  value: string;
  onChange: (contextId: string) => void;
  className?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  // Back, a link or a saved view changed the URL: show what the queue is filtered by.
  useEffect(() => setDraft(value), [value]);
  const commit = (next = draft) => {
    const v = next.trim();
    if (v !== value) onChange(v);
  };
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-xs text-slate-600">
        <span className="sr-only">Filter by </span>Order or context id
      </label>
      <div className="flex gap-1">
        <input
          id={id}
          type="search"
          value={draft}
          maxLength={CONTEXT_ID_MAX}
          placeholder="e.g. A-1001"
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => commit()}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              commit();
            }
          }}
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        />
        {value && (
          <button
            type="button"
            onClick={() => {
              setDraft("");
              commit("");
            }}
            className="rounded-md px-2 text-sm text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100"
          >
            Clear<span className="sr-only"> order filter</span>
          </button>
        )}
      </div>
    </div>
  );
}
