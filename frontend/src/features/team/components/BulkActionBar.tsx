import { useState } from "react";
import { TICKET_PRIORITIES, TICKET_STATUSES, type BulkProgress, type BulkResult } from "@parley/contract";
import { PRIORITY_LABEL, STATUS_LABEL } from "../../../components/support/ticket-labels";

export type BulkSetChoice = {
  status?: (typeof TICKET_STATUSES)[number];
  priority?: (typeof TICKET_PRIORITIES)[number];
  addTags?: string[];
  removeTags?: string[];
};

/**
 * The bulk action bar: what applies to the selection ("all matching this filter"), the change, the
 * job's progress from the socket and the per-ticket refusals afterwards. Pure: the caller runs the job.
 */
export default function BulkActionBar(props: {
  /** What the selection is, e.g. "all 1,204 matching tickets". */
  scopeLabel: string;
  busy: boolean;
  progress: BulkProgress | null;
  result: BulkResult | null;
  error: string | null;
  onApply: (set: BulkSetChoice) => void;
  onCancel: () => void;
}) {
  const [status, setStatus] = useState("");
  const [priority, setPriority] = useState("");
  const [tag, setTag] = useState("");
  const [tagMode, setTagMode] = useState<"add" | "remove">("add");
  // A new result means the last Apply went through: every choice goes back to "no change", or the next
  // Apply (say, for tags) would silently send the old status and priority again. A failed job keeps
  // them for a retry. (Adjusted while rendering, as React's docs do for state that follows a prop.)
  const [shownResult, setShownResult] = useState(props.result);
  if (props.result !== shownResult) {
    setShownResult(props.result);
    if (props.result) {
      setStatus("");
      setPriority("");
      setTag("");
      setTagMode("add");
    }
  }
  const tags = tag
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const set: BulkSetChoice = {
    ...(status ? { status: status as BulkSetChoice["status"] } : {}),
    ...(priority ? { priority: priority as BulkSetChoice["priority"] } : {}),
    ...(tags.length ? (tagMode === "add" ? { addTags: tags } : { removeTags: tags }) : {}),
  };
  const nothing = Object.keys(set).length === 0;
  const percent =
    props.progress && props.progress.total > 0
      ? Math.round((props.progress.done / props.progress.total) * 100)
      : null;

  return (
    <section
      aria-label="Bulk actions"
      className="rounded-md border border-indigo-200 bg-indigo-50 p-2 text-sm"
    >
      <p className="mb-2 font-medium text-indigo-900">Change {props.scopeLabel}</p>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-xs text-slate-600">
          Status
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            className="rounded border px-1 py-0.5"
          >
            <option value="">Keep</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Priority
          <select
            value={priority}
            onChange={(e) => setPriority(e.target.value)}
            className="rounded border px-1 py-0.5"
          >
            <option value="">Keep</option>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABEL[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Tags
          <span className="flex gap-1">
            <select
              aria-label="Add or remove tags"
              value={tagMode}
              onChange={(e) => setTagMode(e.target.value as "add" | "remove")}
              className="rounded border px-1 py-0.5"
            >
              <option value="add">Add</option>
              <option value="remove">Remove</option>
            </select>
            <input
              aria-label="Tags (comma separated)"
              value={tag}
              onChange={(e) => setTag(e.target.value)}
              className="w-28 rounded border px-1 py-0.5"
              placeholder="outage, vip"
            />
          </span>
        </label>
        <button
          type="button"
          disabled={nothing || props.busy}
          onClick={() => props.onApply(set)}
          className="rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50"
        >
          Apply
        </button>
        <button
          type="button"
          onClick={props.onCancel}
          className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100"
        >
          Cancel
        </button>
      </div>
      {props.busy && (
        <div role="status" className="mt-2 text-xs text-slate-700">
          {percent === null
            ? "Working…"
            : `Working… ${props.progress!.done} of ${props.progress!.total} (${percent}%)`}
          {percent !== null && (
            <progress className="ml-2 align-middle" max={100} value={percent} aria-label="Bulk progress" />
          )}
        </div>
      )}
      {props.result && !props.busy && (
        <div role="status" className="mt-2 text-xs text-slate-800">
          {props.result.updated} updated
          {props.result.skipped.length > 0 && (
            <>
              , {props.result.skipped.length} skipped
              <ul className="mt-1 max-h-24 overflow-y-auto">
                {props.result.skipped.slice(0, 50).map((s) => (
                  <li key={s.id}>
                    <code>{s.id.slice(0, 8)}</code>:{" "}
                    {s.code === "INVALID_TRANSITION" ? "not allowed from its status" : s.code}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {props.error && (
        <p role="alert" className="mt-2 text-xs text-red-700">
          {props.error}
        </p>
      )}
    </section>
  );
}
