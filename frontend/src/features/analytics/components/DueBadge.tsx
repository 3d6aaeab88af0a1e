import type { TicketSla } from "@parley/contract";
import { dueState, shortDuration, type TargetMinutes } from "./due";

const STYLE = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-300",
  breached: "bg-red-50 text-red-800 ring-red-300",
} as const;
const DOT = { ok: "bg-emerald-500", warning: "bg-amber-500", breached: "bg-red-600" } as const;
const TARGET_LABEL = {
  firstResponse: "First response",
  nextResponse: "Next response",
  resolution: "Resolution",
} as const;

const fullTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * The queue row's SLA badge: green while on time, amber from 75% of the target, red when breached. The
 * text says which (never colour alone); the title gives the due time.
 */
export default function DueBadge({
  sla,
  targets,
  warned,
  firstResponded,
  now = Date.now(),
}: {
  sla: TicketSla | undefined;
  targets?: TargetMinutes;
  warned?: boolean;
  /** The ticket has had its first admin reply (its firstResponseDueAt is then the met deadline). */
  firstResponded?: boolean;
  now?: number;
}) {
  const state = dueState(sla, { now, targets, warned, firstResponded });
  if (!state) return null;
  const what = state.target ? TARGET_LABEL[state.target] : "SLA";
  let text: string;
  let title: string;
  if (state.level === "breached") {
    text = "SLA breached";
    title = state.dueAt ? `${what} was due ${fullTime(state.dueAt)}` : "A deadline of this ticket was missed";
  } else {
    const left = shortDuration(Date.parse(state.dueAt!) - now);
    text = state.level === "warning" ? `Due soon: ${left}` : `Due in ${left}`;
    title = `${what} due ${fullTime(state.dueAt!)}`;
  }
  return (
    <span
      data-due={state.level}
      title={title}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${STYLE[state.level]}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${DOT[state.level]}`} />
      {text}
      <span className="sr-only">{` (${title})`}</span>
    </span>
  );
}
