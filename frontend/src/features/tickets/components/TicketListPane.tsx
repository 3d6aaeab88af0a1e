import { useId, useRef, type ReactNode } from "react";
import type { Ticket, TicketSort } from "@parley/contract";
import TicketList, { type TicketListProps } from "../../../components/support/TicketList";
import type { useTicketQueue } from "../hooks/useTickets";
import type { useTicketCount } from "../hooks/useTicketCount";
import TicketCount from "./TicketCount";
import NoMatchActions from "./NoMatchActions";

export type TicketListPaneProps = {
  title: string;
  /** Next to the title (e.g. "New ticket"). */
  action?: ReactNode;
  search: string;
  onSearch: (q: string) => void;
  searchLabel: string;
  searchPlaceholder: string;
  /** Beside the search box (compact) or below it. */
  filters?: ReactNode;
  filtersBeside?: boolean;
  queue: ReturnType<typeof useTicketQueue>;
  /** How many tickets the filters match ("312 tickets"), beside the title. */
  count?: ReturnType<typeof useTicketCount>;
  listLabel: string;
  selectedId: string | null;
  onSelect: (id: string) => void;
  emptyTitle: string;
  emptyHint: ReactNode;
  /** Offered in the empty state while a search narrows the list: empties the search. */
  onClearSearch?: () => void;
  /** Offered in the empty state while filters narrow the list: sets them back. */
  onClearFilters?: () => void;
  describe?: (ticket: Ticket) => ReactNode;
  badge?: (ticket: Ticket) => ReactNode;
  selection?: TicketListProps["selection"];
  viewers?: TicketListProps["viewers"];
  sort?: TicketSort;
  resultOf?: TicketListProps["resultOf"];
};

/** The list pane both dashboards share: title, search, filters and the endless ticket list. */
export default function TicketListPane(props: TicketListPaneProps) {
  const { queue } = props;
  const searchId = useId();
  const searchInput = useRef<HTMLInputElement>(null);
  const listBox = useRef<HTMLDivElement>(null);
  // The list's frame (focusable by script, kept through loading and results): where the focus lands when
  // the filters are cleared, so the next Tab reaches the first row the filters had hidden.
  const focusList = () => listBox.current?.querySelector<HTMLElement>(":scope > [tabindex='-1']")?.focus();
  const { onClearSearch, onClearFilters } = props;
  const searchBox = (
    <div className="flex-1" data-shortcut="search">
      <label htmlFor={searchId} className="sr-only">
        {props.searchLabel}
      </label>
      <input
        ref={searchInput}
        id={searchId}
        type="search"
        value={props.search}
        onChange={(e) => props.onSearch(e.target.value)}
        placeholder={props.searchPlaceholder}
        className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:ring-2 focus:ring-indigo-500 focus:outline-none"
      />
    </div>
  );
  return (
    <>
      <div className="space-y-3 border-b border-slate-200 p-4">
        <div className="flex items-center justify-between gap-2">
          <div className="flex min-w-0 items-baseline gap-2">
            <h2 className="text-lg font-semibold text-slate-900">{props.title}</h2>
            {props.count && <TicketCount count={props.count.data} pending={props.count.isPending} />}
          </div>
          {props.action}
        </div>
        {props.filtersBeside ? (
          <div className="flex gap-2">
            {searchBox}
            {props.filters}
          </div>
        ) : (
          <>
            {searchBox}
            {props.filters}
          </>
        )}
      </div>
      <div ref={listBox} className="relative min-h-0 flex-1 overflow-y-auto" data-shortcut="queue">
        <TicketList
          label={props.listLabel}
          tickets={queue.tickets}
          state={queue.isPending ? "loading" : queue.isError ? "error" : "ready"}
          errorMessage={queue.error?.message}
          onRetry={() => void queue.refetch()}
          selectedId={props.selectedId}
          onSelect={props.onSelect}
          emptyTitle={props.emptyTitle}
          emptyHint={props.emptyHint}
          emptyAction={
            <NoMatchActions
              onClearSearch={
                onClearSearch &&
                (() => {
                  onClearSearch();
                  searchInput.current?.focus();
                })
              }
              onClearFilters={
                onClearFilters &&
                (() => {
                  onClearFilters();
                  focusList();
                })
              }
            />
          }
          describe={props.describe}
          badge={props.badge}
          selection={props.selection}
          viewers={props.viewers}
          sort={props.sort}
          resultOf={props.resultOf}
          hasMore={queue.hasNextPage}
          loadingMore={queue.isFetchingNextPage}
          onLoadMore={() => void queue.fetchNextPage()}
        />
      </div>
    </>
  );
}
