/**
 * The admin sidebar's "About" block (issue 18): the order (listing, payout, booking) the ticket is about,
 * a link back to it on the host platform (http(s) only; the server refuses anything else), and the
 * shop's other tickets about the same one.
 */
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { Ticket } from "@parley/contract";
import { listTickets } from "../../tickets/api/tickets";

const safeHref = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

/**
 * The admin queue filtered to this context (and this shop), every status, this ticket still open: the
 * keys are the queue's URL filters (useQueueUrlState).
 */
export function contextQueueHref(ticket: Ticket): string | null {
  if (!ticket.context) return null;
  const params = new URLSearchParams({ context: ticket.context.id, status: "all" });
  if (ticket.shopId) params.set("shop", ticket.shopId);
  params.set("ticket", ticket.id);
  return `/admin?${params.toString()}`;
}

export default function TicketContextPanel({ ticket }: { ticket: Ticket }) {
  const context = ticket.context ?? null;
  const related = useQuery({
    queryKey: ["context-tickets", ticket.shopId, context?.id ?? null],
    queryFn: ({ signal }) =>
      listTickets({ shopId: ticket.shopId ?? undefined, contextId: context!.id, limit: 20 }, signal),
    // A visitor's conversation (no shop) has no other tickets to relate to.
    enabled: context !== null && ticket.shopId !== null,
  });
  if (!context) return null;
  const href = safeHref(context.url);
  const others = (related.data?.items ?? []).filter(
    (t) => t.id !== ticket.id && t.context?.type === context.type,
  );
  return (
    <section aria-label="About" className="mt-4 border-t border-slate-200 pt-4 text-sm">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">About</h3>
      <p className="mt-1 text-slate-800">
        <span className="capitalize">{context.type}</span>{" "}
        {href ? (
          <a
            href={href}
            target="_blank"
            rel="noopener noreferrer"
            className="font-medium text-indigo-700 underline hover:text-indigo-900"
          >
            {context.title ?? context.id}
          </a>
        ) : (
          <span className="font-medium">{context.title ?? context.id}</span>
        )}
      </p>
      {context.title && <p className="text-xs text-slate-500">id {context.id}</p>}
      <Link
        to={contextQueueHref(ticket)!}
        className="mt-1 inline-block text-xs text-indigo-700 hover:underline"
      >
        All tickets about this {context.type} in the queue
      </Link>
      {others.length > 0 && (
        <div className="mt-2">
          <h4 className="text-xs text-slate-500">Other tickets about this {context.type}</h4>
          <ul className="mt-1 space-y-1">
            {others.map((t) => (
              <li key={t.id}>
                <Link to={`/admin?ticket=${t.id}`} className="text-indigo-700 hover:underline">
                  #{t.number} {t.subject}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
