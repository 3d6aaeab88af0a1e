import type { TicketCount as Count } from "@parley/contract";

const number = new Intl.NumberFormat("en-US");

/** "312 tickets", "1 ticket", "10,000+ tickets" (capped: at least that many). */
export function ticketCountText({ count, capped }: Count): string {
  if (capped) return `${number.format(count)}+ tickets`;
  return count === 1 ? "1 ticket" : `${number.format(count)} tickets`;
}

/**
 * How many tickets the list's filters match, beside its title. Quiet: while the count loads, a faint
 * bar holds its place; if it fails, nothing (the list itself says when the tickets cannot be loaded).
 * Not a live region: the list already announces each new result.
 */
export default function TicketCount(props: { count: Count | undefined; pending: boolean }) {
  if (props.pending)
    return (
      <span className="inline-flex items-center" data-testid="ticket-count">
        <span className="sr-only">Counting tickets…</span>
        <span aria-hidden className="inline-block h-3 w-14 animate-pulse rounded bg-slate-200" />
      </span>
    );
  if (!props.count) return null;
  return (
    <span className="text-sm whitespace-nowrap text-slate-500 tabular-nums" data-testid="ticket-count">
      {ticketCountText(props.count)}
    </span>
  );
}
