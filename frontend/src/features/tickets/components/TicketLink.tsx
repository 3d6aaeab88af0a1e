import type { MouseEvent, ReactNode } from "react";
import { useTicket } from "../hooks/useTickets";

/**
 * A link to another ticket by its number ("#42"), opening it in the same page (`?ticket=<id>`). The
 * number comes from the ticket query (cached when at hand, fetched otherwise).
 */
export function TicketLink({
  ticketId,
  onOpen,
  className = "font-medium text-indigo-700 underline",
}: {
  ticketId: string;
  onOpen?: (ticketId: string) => void;
  className?: string;
}) {
  const target = useTicket(ticketId);
  const text = target.data ? `#${target.data.number}` : "another ticket";
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (!onOpen || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    onOpen(ticketId);
  };
  return (
    <a href={`?ticket=${encodeURIComponent(ticketId)}`} onClick={onClick} className={className}>
      {text}
    </a>
  );
}

/** The thread's notice on a ticket merged into another: where its conversation went, and a link there. */
export function MergedNotice({
  targetId,
  onOpen,
  children,
}: {
  targetId: string;
  onOpen?: (ticketId: string) => void;
  children?: ReactNode;
}) {
  return (
    <div
      role="note"
      data-testid="merged-notice"
      className="mx-auto max-w-md rounded-xl bg-white px-4 py-3 text-center text-sm text-slate-700 shadow-sm ring-1 ring-slate-200"
    >
      <p className="font-semibold text-slate-900">
        Merged into <TicketLink ticketId={targetId} onOpen={onOpen} />
      </p>
      <p className="mt-1 text-slate-600">
        {children ?? "This ticket is closed; its messages and the conversation continue there."}
      </p>
    </div>
  );
}
