import { useEffect, useRef, useState } from "react";
import {
  canTransition,
  TAGS_PER_TICKET_MAX,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type BulkProgress,
  type BulkResult,
  type BulkSkipped,
} from "@parley/contract";
import { PRIORITY_LABEL, STATUS_LABEL } from "../../../components/support/ticket-labels";

export type BulkSetChoice = {
  status?: (typeof TICKET_STATUSES)[number];
  priority?: (typeof TICKET_PRIORITIES)[number];
  /** An admin's id, or null: unassign. */
  assigneeId?: string | null;
  addTags?: string[];
  removeTags?: string[];
};

/** A change to more tickets than this is confirmed first, with the number said again. */
export const BULK_CONFIRM_OVER = 10;

/** The Assignee box's value for "unassign" (an option's value is a string). */
const UNASSIGN = "-";

/** Why a ticket was left out, in words: "Resolved → In progress is not allowed". */
export function skipReason(s: BulkSkipped, set: BulkSetChoice | null): string {
  switch (s.code) {
    case "NOT_FOUND":
      return "it no longer exists";
    case "VALIDATION_FAILED":
      return `it would carry more than ${TAGS_PER_TICKET_MAX} tags`;
    case "INVALID_TRANSITION":
      // The lifecycle refuses the move; else (an allowed move, or no status change) the ticket was merged.
      return set?.status &&
        s.status &&
        s.status !== set.status &&
        !canTransition(s.status, set.status, "admin")
        ? `${STATUS_LABEL[s.status]} → ${STATUS_LABEL[set.status]} is not allowed`
        : "it was merged into another ticket: change that one";
    default:
      return `refused (${s.code})`;
  }
}

/** The change in words: "Status → Resolved, Assignee → Bea, add tags vip". */
function describeSet(set: BulkSetChoice, assigneeName: (id: string) => string): string {
  return [
    set.status && `Status → ${STATUS_LABEL[set.status]}`,
    set.priority && `Priority → ${PRIORITY_LABEL[set.priority]}`,
    set.assigneeId !== undefined &&
      `Assignee → ${set.assigneeId === null ? "Unassigned" : assigneeName(set.assigneeId)}`,
    set.addTags && `add tags ${set.addTags.join(", ")}`,
    set.removeTags && `remove tags ${set.removeTags.join(", ")}`,
  ]
    .filter(Boolean)
    .join(", ");
}

const plural = (n: number) => (n === 1 ? "1 ticket" : `${n.toLocaleString("en")} tickets`);

/**
 * The bar's fields: at least 24 px tall (WCAG 2.5.8's minimum target), 44 px where the pointer is a finger;
 * at 12 px type with thin padding they were 22 px, too small to tap on a phone.
 */
const control = "min-h-6 rounded border px-1 py-0.5 pointer-coarse:min-h-11";

/**
 * The bulk action bar: what applies to the selection ("all matching this filter") and how many tickets
 * that is, the change (confirmed first above BULK_CONFIRM_OVER tickets), the job's progress from the
 * socket and what it did afterwards: updated, skipped (each by its number, with the reason) and left as
 * they were. Pure: the caller counts the tickets and runs the job.
 */
export default function BulkActionBar(props: {
  /** What the selection is, e.g. "all 1,204 tickets matching these filters". */
  scopeLabel: string;
  /** How many tickets Apply changes; null while it is not known (Apply waits). */
  count: number | null;
  /** Why the count is not known (said under the bar). */
  countError?: string | null;
  /** Me: "Assign to me" first. */
  meId?: string;
  /** Colleagues the tickets may go to (active admins). */
  assignees?: ReadonlyArray<{ id: string; name: string }>;
  /** Tickets the list has loaded: a skipped one is named with its subject too. */
  ticketOf?: (id: string) => { subject: string } | undefined;
  /** Opens a skipped ticket. */
  onOpenTicket?: (id: string) => void;
  /** How many tickets the last job looked at, when known: the rest were already as chosen. */
  total?: number | null;
  busy: boolean;
  progress: BulkProgress | null;
  result: BulkResult | null;
  error: string | null;
  onApply: (set: BulkSetChoice) => void;
  onCancel: () => void;
}) {
  const [status, setStatus] = useState("");
  const [priority, setPriority] = useState("");
  const [assignee, setAssignee] = useState("");
  const [tag, setTag] = useState("");
  const [tagMode, setTagMode] = useState<"add" | "remove">("add");
  /** The change waiting for "Change N tickets", above BULK_CONFIRM_OVER tickets. */
  const [confirming, setConfirming] = useState<BulkSetChoice | null>(null);
  // Back (or Escape) from the confirmation returns focus to Apply, which was disabled meanwhile: focus
  // would otherwise fall to the page, and a keyboard user would start again from its top.
  const applyButton = useRef<HTMLButtonElement>(null);
  const backToApply = useRef(false);
  useEffect(() => {
    if (confirming === null && backToApply.current) {
      backToApply.current = false;
      applyButton.current?.focus();
    }
  }, [confirming]);
  const back = () => {
    backToApply.current = true;
    setConfirming(null);
  };
  /** The last change sent: the refusals of its result are explained against it. */
  const [applied, setApplied] = useState<BulkSetChoice | null>(null);
  // A new result means the last Apply went through: every choice goes back to "no change", or the next
  // Apply (say, for tags) would silently send the old status and priority again. A failed job keeps
  // them for a retry. (Adjusted while rendering, as React's docs do for state that follows a prop.)
  const [shownResult, setShownResult] = useState(props.result);
  if (props.result !== shownResult) {
    setShownResult(props.result);
    if (props.result) {
      setStatus("");
      setPriority("");
      setAssignee("");
      setTag("");
      setTagMode("add");
    }
  }
  const others = (props.assignees ?? []).filter((a) => a.id !== props.meId);
  const assigneeName = (id: string) =>
    id === props.meId ? "me" : (props.assignees?.find((a) => a.id === id)?.name ?? "another admin");
  const tags = tag
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const set: BulkSetChoice = {
    ...(status ? { status: status as BulkSetChoice["status"] } : {}),
    ...(priority ? { priority: priority as BulkSetChoice["priority"] } : {}),
    ...(assignee ? { assigneeId: assignee === UNASSIGN ? null : assignee } : {}),
    ...(tags.length ? (tagMode === "add" ? { addTags: tags } : { removeTags: tags }) : {}),
  };
  const nothing = Object.keys(set).length === 0;
  const count = props.count;
  const apply = (choice: BulkSetChoice) => {
    setConfirming(null);
    setApplied(choice);
    props.onApply(choice);
  };
  const edit =
    <T,>(setter: (v: T) => void) =>
    (v: T) => {
      // A changed choice is a new change: the one waiting for confirmation is dropped.
      setConfirming(null);
      setter(v);
    };
  const result = props.result;
  const unchanged =
    result && props.total != null ? Math.max(0, props.total - result.updated - result.skipped.length) : 0;
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
          <select value={status} onChange={(e) => edit(setStatus)(e.target.value)} className={control}>
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
          <select value={priority} onChange={(e) => edit(setPriority)(e.target.value)} className={control}>
            <option value="">Keep</option>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABEL[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Assignee
          <select value={assignee} onChange={(e) => edit(setAssignee)(e.target.value)} className={control}>
            <option value="">Keep</option>
            {props.meId && <option value={props.meId}>Me</option>}
            <option value={UNASSIGN}>Unassigned</option>
            {others.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
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
              onChange={(e) => edit(setTagMode)(e.target.value as "add" | "remove")}
              className={control}
            >
              <option value="add">Add</option>
              <option value="remove">Remove</option>
            </select>
            <input
              aria-label="Tags (comma separated)"
              value={tag}
              onChange={(e) => edit(setTag)(e.target.value)}
              className={`w-28 ${control}`}
              placeholder="outage, vip"
            />
          </span>
        </label>
        <button
          ref={applyButton}
          type="button"
          disabled={nothing || props.busy || count === null || count === 0 || confirming !== null}
          onClick={() => (count !== null && count > BULK_CONFIRM_OVER ? setConfirming(set) : apply(set))}
          className="min-h-6 rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50 pointer-coarse:min-h-11"
        >
          Apply
        </button>
        <button
          type="button"
          onClick={props.onCancel}
          className="min-h-6 rounded px-2 py-1 text-slate-700 pointer-coarse:min-h-11 hover:bg-slate-100"
        >
          Cancel
        </button>
      </div>
      {props.countError && (
        <p role="alert" className="mt-2 text-xs text-red-700">
          {props.countError}
        </p>
      )}
      {confirming && count !== null && (
        <div
          role="group"
          aria-label="Confirm the change"
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            // The confirmation's own Escape: the queue's shortcuts must not take it too.
            e.stopPropagation();
            back();
          }}
          className="mt-2 rounded border border-amber-300 bg-amber-50 p-2 text-xs text-slate-800"
        >
          <p>
            Change {plural(count)}: {describeSet(confirming, assigneeName)}?
            {confirming.status && " Each shop is told of its ticket's new status."} This cannot be undone in
            one step.
          </p>
          <div className="mt-1 flex gap-2">
            <button
              type="button"
              // Asked for by Apply: the answer is what comes next.
              autoFocus
              onClick={() => apply(confirming)}
              className="min-h-6 rounded bg-amber-700 px-2 py-0.5 font-medium text-white pointer-coarse:min-h-11 hover:bg-amber-800"
            >
              Change {plural(count)}
            </button>
            <button
              type="button"
              onClick={back}
              className="min-h-6 rounded px-2 py-0.5 text-slate-700 ring-1 ring-slate-300 pointer-coarse:min-h-11 hover:bg-slate-100"
            >
              Back
            </button>
          </div>
        </div>
      )}
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
      {result && !props.busy && (
        <div role="status" className="mt-2 text-xs text-slate-800">
          {result.updated} updated
          {result.skipped.length > 0 && `, ${result.skipped.length} skipped`}
          {unchanged > 0 && `, ${unchanged} already as chosen`}
          {result.skipped.length > 0 && (
            <ul className="mt-1 max-h-24 overflow-y-auto">
              {result.skipped.slice(0, 50).map((s) => {
                const subject = props.ticketOf?.(s.id)?.subject;
                return (
                  <li key={s.id}>
                    {s.number === null ? (
                      "A ticket"
                    ) : props.onOpenTicket ? (
                      <button
                        type="button"
                        onClick={() => props.onOpenTicket!(s.id)}
                        className="font-medium text-indigo-800 underline"
                      >
                        #{s.number}
                      </button>
                    ) : (
                      <span className="font-medium">#{s.number}</span>
                    )}
                    {subject && <span className="text-slate-600"> {subject}</span>}: {skipReason(s, applied)}
                  </li>
                );
              })}
              {result.skipped.length > 50 && <li>…and {result.skipped.length - 50} more</li>}
            </ul>
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
