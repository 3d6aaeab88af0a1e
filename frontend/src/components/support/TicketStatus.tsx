import type { TicketPriority, TicketStatus as Status } from "@parley/contract";
import { PRIORITY_LABEL, STATUS_LABEL } from "./ticket-labels";

const STATUS_STYLE: Record<Status, string> = {
  open: "bg-sky-50 text-sky-800 ring-sky-200",
  in_progress: "bg-violet-50 text-violet-800 ring-violet-200",
  resolved: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  closed: "bg-slate-100 text-slate-600 ring-slate-200",
};

const STATUS_DOT: Record<Status, string> = {
  open: "bg-sky-500",
  in_progress: "bg-violet-500",
  resolved: "bg-emerald-500",
  closed: "bg-slate-400",
};

/** A ticket's status as a coloured badge; the text carries the meaning, the colour only helps. */
export default function TicketStatus({ status }: { status: Status }) {
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${STATUS_STYLE[status]}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${STATUS_DOT[status]}`} />
      {STATUS_LABEL[status]}
    </span>
  );
}

const PRIORITY_STYLE: Record<TicketPriority, string> = {
  low: "text-slate-600",
  medium: "text-blue-700",
  high: "text-orange-700",
  urgent: "text-red-700 font-semibold",
};

const PRIORITY_BARS: Record<TicketPriority, number> = { low: 1, medium: 2, high: 3, urgent: 4 };

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  const bars = PRIORITY_BARS[priority];
  return (
    <span
      className={`inline-flex items-center gap-1 text-xs whitespace-nowrap ${PRIORITY_STYLE[priority]}`}
      title={`${PRIORITY_LABEL[priority]} priority`}
    >
      <span aria-hidden="true" className="inline-flex items-end gap-px">
        {[1, 2, 3, 4].map((i) => (
          <span
            key={i}
            className={`w-0.5 rounded-sm ${i <= bars ? "bg-current" : "bg-slate-200"}`}
            style={{ height: `${3 + i * 2}px` }}
          />
        ))}
      </span>
      <span>
        {PRIORITY_LABEL[priority]}
        <span className="sr-only"> priority</span>
      </span>
    </span>
  );
}

export function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="inline-flex min-w-5 items-center justify-center rounded-full bg-indigo-600 px-1.5 text-xs font-semibold text-white">
      {count > 99 ? "99+" : count}
      <span className="sr-only"> unread</span>
    </span>
  );
}
