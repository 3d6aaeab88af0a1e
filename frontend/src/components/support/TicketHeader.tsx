import type { ReactNode, Ref } from "react";
import type { Ticket } from "@parley/contract";
import TicketStatus, { PriorityBadge } from "./TicketStatus";
import RelativeTime from "./RelativeTime";
import { categoryLabel } from "./ticket-labels";

export type TicketHeaderProps = {
  ticket: Ticket;
  /** Shown before the subject on small screens, to go back to the list. */
  onBack?: () => void;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** The subject heading: focusable by script only (tabIndex -1), for moving focus to the ticket. */
  headingRef?: Ref<HTMLHeadingElement>;
};

export default function TicketHeader({ ticket, onBack, subtitle, actions, headingRef }: TicketHeaderProps) {
  const category = categoryLabel(ticket.category);
  return (
    <header className="flex flex-wrap items-start gap-3 border-b border-slate-200 bg-white px-4 py-3 compact:py-1.5">
      {onBack && (
        <button
          type="button"
          onClick={onBack}
          aria-label="Back to tickets"
          className="-ml-1 rounded-md p-1.5 text-slate-600 hover:bg-slate-100 md:hidden"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
            <path d="M12.7 4.3a1 1 0 0 1 0 1.4L8.4 10l4.3 4.3a1 1 0 0 1-1.4 1.4l-5-5a1 1 0 0 1 0-1.4l5-5a1 1 0 0 1 1.4 0Z" />
          </svg>
        </button>
      )}
      <div className="min-w-0 flex-1">
        <h2
          ref={headingRef}
          tabIndex={-1}
          className="text-base font-semibold break-words text-slate-900 focus:outline-none compact:truncate"
        >
          {ticket.subject}
        </h2>
        <p className="mt-1 flex flex-wrap compact:hidden items-center gap-x-3 gap-y-1 text-xs text-slate-600">
          <TicketStatus status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          <span>#{ticket.number}</span>
          {category && <span>{category}</span>}
          {subtitle}
          <span>
            Opened <RelativeTime iso={ticket.createdAt} />
          </span>
        </p>
      </div>
      {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
    </header>
  );
}
