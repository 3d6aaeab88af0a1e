import { useCallback, useEffect, useId, useRef, useState, type ReactNode, type Ref } from "react";
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

/**
 * Below md (a phone, one pane) a long subject is cut to two lines: 200 characters took some 240 px of a
 * 667 px screen. The heading still holds all of it (a screen reader reads it whole; a pointer sees it as
 * its title), and "more" at the end of the cut opens it up; it is there only while the cut hides words.
 */
function useClampedSubject(subject: string) {
  const heading = useRef<HTMLHeadingElement | null>(null);
  const [clamped, setClamped] = useState(false);
  // Opened for this subject only: the next ticket's starts cut again.
  const [openFor, setOpenFor] = useState<string | null>(null);
  const open = openFor === subject;
  useEffect(() => {
    const el = heading.current;
    if (!el || open || typeof ResizeObserver === "undefined") return;
    const measure = () => setClamped(el.scrollHeight > el.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [subject, open]);
  return { heading, open, offered: open || clamped, toggle: () => setOpenFor(open ? null : subject) };
}

export default function TicketHeader({ ticket, onBack, subtitle, actions, headingRef }: TicketHeaderProps) {
  const category = categoryLabel(ticket.category);
  const subject = useClampedSubject(ticket.subject);
  const headingId = useId();
  const { heading } = subject;
  const setHeading = useCallback(
    (el: HTMLHeadingElement | null) => {
      heading.current = el;
      if (typeof headingRef === "function") headingRef(el);
      else if (headingRef) headingRef.current = el;
    },
    [heading, headingRef],
  );
  return (
    // A grid, so that on a phone the line of status, priority, number and the rest runs under the back
    // button and the actions too, the header's whole width: beside the subject it took two lines, and a
    // long subject's header 109 px of a 667 px screen. From md the back button is gone (its column is
    // empty) and that line sits under the subject, the actions beside both, as before.
    <header className="grid grid-cols-[auto_minmax(0,1fr)_auto] items-start gap-y-1 border-b border-slate-200 bg-white px-4 py-3 compact:py-1.5 max-md:py-1.5">
      {onBack && (
        <button
          type="button"
          onClick={onBack}
          aria-label="Back to tickets"
          className="col-start-1 row-start-1 mr-3 -ml-1 rounded-md p-1.5 text-slate-600 hover:bg-slate-100 md:hidden"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
            <path d="M12.7 4.3a1 1 0 0 1 0 1.4L8.4 10l4.3 4.3a1 1 0 0 1-1.4 1.4l-5-5a1 1 0 0 1 0-1.4l5-5a1 1 0 0 1 1.4 0Z" />
          </svg>
        </button>
      )}
      <div className="col-start-2 row-start-1 min-w-0">
        <div className="relative">
          {/* dir=auto: an Arabic or Hebrew subject is laid out right to left, so its closing "!" or "."
              is not drawn at its start; it stays aligned with the rest of the header. */}
          <h2
            id={headingId}
            ref={setHeading}
            tabIndex={-1}
            dir="auto"
            title={ticket.subject}
            className={`text-left text-base font-semibold break-words text-slate-900 focus:outline-none compact:truncate ${
              subject.open ? "" : "max-md:line-clamp-2"
            }`}
          >
            {ticket.subject}
          </h2>
          {subject.offered && !subject.open && (
            // Over the end of the second line, in the place of its ellipsis: no line of its own.
            <button
              type="button"
              aria-expanded={false}
              aria-controls={headingId}
              onClick={subject.toggle}
              className="absolute right-0 bottom-0 min-h-6 bg-linear-to-l from-white from-70% to-transparent pl-6 text-sm font-medium text-indigo-700 underline md:hidden compact:hidden"
            >
              <span className="sr-only">Show </span>more<span className="sr-only"> of the subject</span>
            </button>
          )}
        </div>
        {subject.open && (
          <button
            type="button"
            aria-expanded
            aria-controls={headingId}
            onClick={subject.toggle}
            className="min-h-6 text-sm font-medium text-indigo-700 underline md:hidden compact:hidden"
          >
            Show less<span className="sr-only"> of the subject</span>
          </button>
        )}
      </div>
      {/* On a phone the badges drop their decoration (the status dot, the priority bars: aria-hidden, their
          words stay) and the gaps narrow, so the line usually fits on one row of the 375 px width. A longer
          one still wraps: nothing is cut. */}
      <p className="col-span-3 row-start-2 flex flex-wrap compact:hidden items-center gap-x-2 gap-y-1 text-xs text-slate-600 max-md:[&_[aria-hidden=true]]:hidden md:col-span-1 md:col-start-2 md:gap-x-3">
        <TicketStatus status={ticket.status} />
        <PriorityBadge priority={ticket.priority} />
        <span>#{ticket.number}</span>
        {category && <span>{category}</span>}
        {subtitle}
        <span>
          Opened <RelativeTime iso={ticket.createdAt} />
        </span>
      </p>
      {actions && (
        <div className="col-start-3 row-start-1 ml-3 flex shrink-0 items-center gap-2 md:row-span-2">
          {actions}
        </div>
      )}
    </header>
  );
}
