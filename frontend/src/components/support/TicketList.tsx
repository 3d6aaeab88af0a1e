import { useEffect, useRef, type FocusEvent, type ReactNode, type RefObject } from "react";
import type { Ticket, TicketSort } from "@parley/contract";
import TicketStatus, { PriorityBadge, UnreadBadge } from "./TicketStatus";
import RelativeTime from "./RelativeTime";
import { EmptyState, ErrorState, SkeletonList } from "./ListStates";
import { LiveAnnouncer, useAnnouncer } from "../ui/LiveAnnouncer";

export type TicketListProps = {
  tickets: Ticket[];
  state: "loading" | "error" | "ready";
  errorMessage?: string;
  onRetry?: () => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
  emptyTitle: string;
  emptyHint?: ReactNode;
  /** Under the empty state's hint: the ways out of a search or filter that matched nothing. */
  emptyAction?: ReactNode;
  /** Extra line under the subject (shop name, assignee) for the admin queue. */
  describe?: (ticket: Ticket) => ReactNode;
  /** Extra badge in the row's status line (the admin queue's SLA due badge). */
  badge?: (ticket: Ticket) => ReactNode;
  hasMore?: boolean;
  loadingMore?: boolean;
  onLoadMore?: () => void;
  label?: string;
  /** Row checkboxes (the admin queue's bulk selection); absent, rows have none. */
  selection?: {
    selected: ReadonlySet<string>;
    /** `range`: shift held, so every row from the last clicked one to this one follows. */
    onToggle: (id: string, range: boolean) => void;
    onTogglePage: () => void;
    pageState: "all" | "some" | "none";
  };
  /** Who else has the ticket open (initials on the row). */
  viewers?: (ticket: Ticket) => Array<{ userId: string; name: string | null }>;
  /** The list's order: sorted by time, each row shows the time it is sorted by (so the times run in order). */
  sort?: TicketSort;
  /**
   * The search and filters behind the list (any string that changes with them). A new one makes the list
   * announce its result, also one that comes straight from the cache (back to an earlier search), with
   * no loading in between. Without it the list announces each result that it had to load.
   */
  resultOf?: string;
};

/** Sorted by creation, a row shows when it was opened; otherwise when it last changed (the default order). */
function rowTime(ticket: Ticket, sort: TicketSort | undefined) {
  return sort === "created"
    ? { iso: ticket.createdAt, label: "Opened" }
    : { iso: ticket.updatedAt, label: "Updated" };
}

const initials = (name: string | null) =>
  (name ?? "?")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("") || "?";

/**
 * The button that opens `ticketId` in a rendered list under `container` (its row's main control, not its
 * checkbox), for moving focus to a ticket's row.
 */
export function ticketRowButton(
  container: ParentNode | null | undefined,
  ticketId: string,
): HTMLElement | null {
  const rows = container?.querySelectorAll<HTMLElement>("[data-ticket-id]") ?? [];
  const row = Array.from(rows).find((r) => r.dataset.ticketId === ticketId);
  return row?.querySelector<HTMLElement>(":scope > button") ?? null;
}

/** What the list says when a search or filter gives a result: how many, or that there are none. */
export function resultSummary(count: number, hasMore: boolean, emptyTitle: string): string {
  // Said as a sentence; also, a page query for the empty state's own title still finds one element.
  if (count === 0) return `${emptyTitle}.`;
  if (hasMore) return `${count} tickets shown, more load as you scroll`;
  return count === 1 ? "1 ticket" : `${count} tickets`;
}

/**
 * Speaks the result once per new list (the first load, a search, a filter), politely; never on the
 * live updates that add, move or drop a row in the list already shown, nor on a next page.
 */
function useResultAnnouncement(props: {
  state: TicketListProps["state"];
  count: number;
  hasMore: boolean;
  emptyTitle: string;
  query: string | undefined;
}) {
  const { state, query } = props;
  const { announcement, announce } = useAnnouncer();
  const summary = resultSummary(props.count, props.hasMore, props.emptyTitle);
  // The query whose result was announced; null: the next result shown is news.
  const announced = useRef<{ query: string | undefined } | null>(null);
  useEffect(() => {
    if (state === "loading") announced.current = null;
    if (state !== "ready" || (announced.current && announced.current.query === query)) return;
    announced.current = { query };
    announce(summary);
  }, [state, query, summary, announce]);
  return announcement;
}

/**
 * A row with the focus can leave the list under it: resolved with `e` out of an "Active" queue, assigned
 * away from "Mine" by a live update. The focus then goes to the row that took its place (the next one),
 * else the one before, else the list itself, instead of <body>. Returns the list's focus handlers.
 */
function useFocusFollowsRemovedRow(
  tickets: Ticket[],
  list: RefObject<HTMLUListElement | null>,
  root: RefObject<HTMLDivElement | null>,
) {
  // The row the focus is in, and where it was in the list.
  const focused = useRef<{ id: string; index: number } | null>(null);
  useEffect(() => {
    const was = focused.current;
    if (!was) return;
    const index = tickets.findIndex((t) => t.id === was.id);
    if (index >= 0) {
      focused.current = { id: was.id, index };
      return;
    }
    focused.current = null;
    // Only focus the row took with it: a reader who went elsewhere meanwhile stays there.
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const rows = list.current?.querySelectorAll<HTMLElement>("[data-ticket-id] > button") ?? [];
    (rows[was.index] ?? rows[rows.length - 1] ?? root.current)?.focus();
  }, [tickets, list, root]);
  return {
    onFocus: (e: FocusEvent) => {
      const id = (e.target as HTMLElement).closest<HTMLElement>("[data-ticket-id]")?.dataset.ticketId;
      focused.current = id ? { id, index: tickets.findIndex((t) => t.id === id) } : null;
    },
    onBlur: (e: FocusEvent) => {
      // Focus leaving for another place forgets the row; a row taken out of the page (still focused
      // as far as we know, now detached) is kept for the effect above.
      const to = e.relatedTarget as Node | null;
      if ((to && !e.currentTarget.contains(to)) || (!to && (e.target as Node).isConnected))
        focused.current = null;
    },
  };
}

/** The header checkbox: checked, unchecked or (some rows) mixed. */
/**
 * Ticks every ticket loaded so far: with infinite scroll that is more than a screen, so it says how many
 * ("Select all 125 loaded tickets"); "Select all matching" in the bulk bar reaches the rest.
 */
function PageCheckbox(props: { state: "all" | "some" | "none"; loaded: number; onToggle: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = props.state === "some";
  }, [props.state]);
  return (
    <label className="flex items-center gap-2 border-b border-slate-100 px-4 py-1.5 text-xs text-slate-600">
      <input
        ref={ref}
        type="checkbox"
        checked={props.state === "all"}
        onChange={props.onToggle}
        className="h-4 w-4 rounded border-slate-300"
      />
      Select all {props.loaded} loaded {props.loaded === 1 ? "ticket" : "tickets"}
    </label>
  );
}

/** The ticket list: status, priority, unread badge and age, with loading, empty and error states. */
export default function TicketList({
  tickets,
  state,
  errorMessage,
  onRetry,
  selectedId,
  onSelect,
  emptyTitle,
  emptyHint,
  emptyAction,
  describe,
  badge,
  hasMore,
  loadingMore,
  onLoadMore,
  label = "Tickets",
  selection,
  viewers,
  sort,
  resultOf,
}: TicketListProps) {
  const sentinel = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const loadMore = useRef<HTMLButtonElement>(null);
  // Where the next page's rows start, while it loads with the focus on "Load more tickets".
  const firstNewRow = useRef<number | null>(null);
  const rowCount = tickets.length;

  // "Load more tickets" keeps the focus while the page loads (it is never `disabled`, which would drop
  // the focus to <body>) and afterwards, if more pages are left. After the last page the button goes,
  // and the first row it brought takes the focus: the next Tab goes on from where the reader was.
  useEffect(() => {
    if (loadingMore) {
      if (loadMore.current && loadMore.current === document.activeElement) firstNewRow.current = rowCount;
      return;
    }
    const from = firstNewRow.current;
    firstNewRow.current = null;
    // Only focus the button took with it: a reader who went elsewhere meanwhile stays there.
    const lost = !document.activeElement || document.activeElement === document.body;
    if (from === null || loadMore.current || !lost) return;
    const rows = list.current?.querySelectorAll<HTMLElement>("[data-ticket-id] > button") ?? [];
    (rows[from] ?? rows[rows.length - 1])?.focus();
  }, [loadingMore, rowCount]);

  // Endless scrolling: load the next page when the end of the list comes into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore || !onLoadMore || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loadingMore) onLoadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasMore, loadingMore, onLoadMore]);

  const announcement = useResultAnnouncement({
    state,
    count: rowCount,
    hasMore: !!hasMore,
    emptyTitle,
    query: resultOf,
  });
  const root = useRef<HTMLDivElement>(null);
  const onRowFocus = useFocusFollowsRemovedRow(tickets, list, root);
  // One frame in every state (so the same element to React): its live region stays mounted, and the
  // result of a search is heard when it replaces the list. Focusable by script only: where the focus
  // goes when the last row it was on leaves the list.
  const frame = (content: ReactNode) => (
    <div ref={root} tabIndex={-1} className="focus:outline-none">
      <LiveAnnouncer announcement={announcement} />
      {content}
    </div>
  );

  if (state === "loading") return frame(<SkeletonList label="Loading tickets" />);
  if (state === "error")
    return frame(
      <ErrorState message={errorMessage ?? "The tickets could not be loaded."} onRetry={onRetry} />,
    );
  if (!tickets.length) return frame(<EmptyState title={emptyTitle} hint={emptyHint} action={emptyAction} />);

  return frame(
    <>
      {selection && (
        <PageCheckbox state={selection.pageState} loaded={tickets.length} onToggle={selection.onTogglePage} />
      )}
      <ul ref={list} aria-label={label} className="divide-y divide-slate-100" {...onRowFocus}>
        {tickets.map((t) => {
          const selected = t.id === selectedId;
          const unread = t.unreadCount > 0;
          const others = viewers?.(t) ?? [];
          return (
            <li key={t.id} data-ticket-id={t.id} className={selection ? "flex items-stretch" : undefined}>
              {selection && (
                // pr-1: the 16 px box needs 24 px clear of the row's button beside it (WCAG 2.5.8, axe).
                <span className="flex items-start pt-3.5 pr-1 pl-3">
                  <input
                    type="checkbox"
                    aria-label={`Select ticket #${t.number}`}
                    checked={selection.selected.has(t.id)}
                    // The click (mouse or space bar) carries shift; onChange only keeps React's control.
                    onClick={(e) => selection.onToggle(t.id, e.shiftKey)}
                    onChange={() => {}}
                    className="h-4 w-4 rounded border-slate-300"
                  />
                </span>
              )}
              <button
                type="button"
                onClick={() => onSelect(t.id)}
                aria-current={selected ? "true" : undefined}
                className={`block w-full min-w-0 px-4 py-3 text-left transition-colors focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset ${
                  selected ? "bg-indigo-50" : "hover:bg-slate-50"
                } ${selected ? "border-l-2 border-indigo-600" : "border-l-2 border-transparent"}`}
              >
                <div className="flex items-start justify-between gap-2">
                  {/* dir=auto: an Arabic or Hebrew subject is laid out right to left, so its closing "!" or
                      "." is not drawn at its start, as it was in the page's left-to-right flow. */}
                  <span
                    dir="auto"
                    className={`line-clamp-2 min-w-0 text-sm [overflow-wrap:anywhere] ${unread ? "font-semibold text-slate-900" : "font-medium text-slate-800"}`}
                  >
                    {t.subject}
                  </span>
                  {/* The time sits on the subject's line, which wraps instead: in the chips' line below, an
                      SLA chip ("Due in 13 h") pushed it onto a line of its own at 1280 and 390 px. */}
                  <span className="flex shrink-0 items-center gap-2 pt-0.5 text-xs text-slate-600">
                    <RelativeTime {...rowTime(t, sort)} className="whitespace-nowrap" />
                    <UnreadBadge count={t.unreadCount} />
                  </span>
                </div>
                {describe && <div className="mt-0.5 truncate text-xs text-slate-600">{describe(t)}</div>}
                <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
                  <TicketStatus status={t.status} />
                  <PriorityBadge priority={t.priority} />
                  {badge?.(t)}
                  <span>#{t.number}</span>
                  {others.length > 0 && (
                    <span
                      className="flex -space-x-1"
                      aria-label={`Also viewing: ${others.map((v) => v.name ?? "another admin").join(", ")}`}
                      title={`Also viewing: ${others.map((v) => v.name ?? "another admin").join(", ")}`}
                    >
                      {others.slice(0, 3).map((v) => (
                        <span
                          key={v.userId}
                          aria-hidden="true"
                          className="inline-flex h-5 w-5 items-center justify-center rounded-full bg-amber-100 text-[10px] font-semibold text-amber-900 ring-1 ring-white"
                        >
                          {initials(v.name)}
                        </span>
                      ))}
                      {others.length > 3 && (
                        <span aria-hidden="true" className="pl-1.5 text-[10px] text-slate-500">
                          +{others.length - 3}
                        </span>
                      )}
                    </span>
                  )}
                </div>
              </button>
            </li>
          );
        })}
      </ul>
      {hasMore && (
        <div ref={sentinel} className="p-3 text-center">
          <button
            ref={loadMore}
            type="button"
            onClick={loadingMore ? undefined : onLoadMore}
            aria-disabled={loadingMore || undefined}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 aria-disabled:opacity-60"
          >
            {loadingMore ? "Loading more…" : "Load more tickets"}
          </button>
        </div>
      )}
    </>,
  );
}
