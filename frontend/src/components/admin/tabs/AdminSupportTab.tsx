/**
 * The admin queue: filters, search, sort and endless scrolling on the left; the conversation with reply,
 * internal notes, assignment, status and priority, the timeline and who else is here on the right.
 */
import { useId, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import {
  listAdmins,
  listShops,
  listTicketEvents,
  TICKET_PRIORITIES,
  type Person,
  type TicketFilters,
  type TicketPriority,
  type TicketSort,
  type TicketStatus,
} from "../../../services/api/support";
import { useSession, type SessionUser } from "../../../services/auth/session";
import { useLiveTickets, useTicket, useTicketQueue, useUpdateTicket } from "../../../hooks/useTickets";
import { useTicketThread } from "../../../hooks/useTicketThread";
import { useDebounced } from "../../../hooks/useDebounced";
import TicketList from "../../support/TicketList";
import TicketThread from "../../support/TicketThread";
import TicketHeader from "../../support/TicketHeader";
import TicketControls from "../../support/TicketControls";
import TicketTimeline from "../../support/TicketTimeline";
import ViewersBar from "../../support/ViewersBar";
import ChatInput from "../../support/ChatInput";
import RelativeTime from "../../support/RelativeTime";
import { EmptyState, ErrorState, SkeletonList } from "../../support/ListStates";
import { PRIORITY_LABEL } from "../../support/ticket-rules";

const STATUS_VIEWS: Record<string, { label: string; status?: TicketStatus[] }> = {
  active: { label: "Active", status: ["open", "in_progress"] },
  all: { label: "All statuses" },
  open: { label: "Open", status: ["open"] },
  in_progress: { label: "In progress", status: ["in_progress"] },
  resolved: { label: "Resolved", status: ["resolved"] },
  closed: { label: "Closed", status: ["closed"] },
};

const SORTS: Record<TicketSort, string> = {
  updated: "Recently updated",
  created: "Newest first",
  priority: "Highest priority",
};

const control =
  "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:ring-2 focus:ring-indigo-500 focus:outline-none";

export default function AdminSupportTab() {
  const { user } = useSession();
  if (!user) return null;
  return <AdminSupport user={user} />;
}

function usePeople() {
  const admins = useQuery({ queryKey: ["admins"], queryFn: listAdmins, staleTime: 5 * 60_000 });
  const shops = useQuery({ queryKey: ["shops"], queryFn: listShops, staleTime: 60_000 });
  return { admins: admins.data ?? [], shops: shops.data ?? [] };
}

function AdminSupport({ user }: { user: SessionUser }) {
  const [params, setParams] = useSearchParams();
  const selectedId = params.get("ticket");
  const [statusView, setStatusView] = useState("active");
  const [priority, setPriority] = useState<"" | TicketPriority>("");
  const [assignee, setAssignee] = useState("");
  const [shopId, setShopId] = useState("");
  const [sort, setSort] = useState<TicketSort>("updated");
  const [search, setSearch] = useState("");
  const [showFilters, setShowFilters] = useState(false);
  const q = useDebounced(search.trim(), 300);
  const ids = {
    status: useId(),
    priority: useId(),
    assignee: useId(),
    shop: useId(),
    sort: useId(),
    q: useId(),
  };
  const { admins, shops } = usePeople();

  useLiveTickets(user.id);
  const filters: TicketFilters = {
    status: STATUS_VIEWS[statusView]?.status,
    priority: priority ? [priority] : undefined,
    assignee: assignee || undefined,
    shopId: shopId || undefined,
    q: q || undefined,
    sort,
  };
  const queue = useTicketQueue(filters);
  const shopName = useMemo(() => new Map(shops.map((s) => [s.id, s.name])), [shops]);
  const adminName = useMemo(() => new Map(admins.map((a) => [a.id, a.name])), [admins]);
  const filtered = statusView !== "active" || priority || assignee || shopId || q;

  return (
    <div className="flex h-full min-h-0">
      <section
        aria-label="Ticket queue"
        className={`${selectedId ? "hidden md:flex" : "flex"} w-full min-w-0 flex-col border-slate-200 bg-white md:w-80 md:border-r lg:w-96`}
      >
        <div className="space-y-2 border-b border-slate-200 p-4">
          <div className="flex items-center justify-between">
            <h2 className="text-lg font-semibold text-slate-900">Support queue</h2>
            <button
              type="button"
              aria-expanded={showFilters}
              onClick={() => setShowFilters((v) => !v)}
              className="rounded-md px-2.5 py-1 text-sm font-medium text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100 md:hidden"
            >
              {showFilters ? "Hide filters" : filtered ? "Filters (on)" : "Filters"}
            </button>
          </div>
          <div>
            <label htmlFor={ids.q} className="sr-only">
              Search tickets
            </label>
            <input
              id={ids.q}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Search subjects and messages"
              className={control}
            />
          </div>
          <div className={`${showFilters ? "grid" : "hidden"} grid-cols-2 gap-2 text-xs md:grid`}>
            <div>
              <label htmlFor={ids.status} className="text-slate-500">
                <span className="sr-only">Filter by </span>Status
              </label>
              <select
                id={ids.status}
                value={statusView}
                onChange={(e) => setStatusView(e.target.value)}
                className={control}
              >
                {Object.entries(STATUS_VIEWS).map(([v, s]) => (
                  <option key={v} value={v}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={ids.priority} className="text-slate-500">
                <span className="sr-only">Filter by </span>Priority
              </label>
              <select
                id={ids.priority}
                value={priority}
                onChange={(e) => setPriority(e.target.value as "" | TicketPriority)}
                className={control}
              >
                <option value="">Any priority</option>
                {TICKET_PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {PRIORITY_LABEL[p]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={ids.assignee} className="text-slate-500">
                <span className="sr-only">Filter by </span>Assignee
              </label>
              <select
                id={ids.assignee}
                value={assignee}
                onChange={(e) => setAssignee(e.target.value)}
                className={control}
              >
                <option value="">Anyone</option>
                <option value="me">Assigned to me</option>
                <option value="unassigned">Unassigned</option>
                {admins
                  .filter((a) => a.id !== user.id)
                  .map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
              </select>
            </div>
            <div>
              <label htmlFor={ids.shop} className="text-slate-500">
                <span className="sr-only">Filter by </span>Shop
              </label>
              <select
                id={ids.shop}
                value={shopId}
                onChange={(e) => setShopId(e.target.value)}
                className={control}
              >
                <option value="">All shops</option>
                {shops.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="col-span-2">
              <label htmlFor={ids.sort} className="text-slate-500">
                Sort by
              </label>
              <select
                id={ids.sort}
                value={sort}
                onChange={(e) => setSort(e.target.value as TicketSort)}
                className={control}
              >
                {Object.entries(SORTS).map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          <TicketList
            label="Ticket queue"
            tickets={queue.tickets}
            state={queue.isPending ? "loading" : queue.isError ? "error" : "ready"}
            errorMessage={queue.error?.message}
            onRetry={() => void queue.refetch()}
            selectedId={selectedId}
            onSelect={(id) => setParams({ ticket: id })}
            emptyTitle={filtered ? "No tickets match these filters" : "The queue is empty"}
            emptyHint={
              filtered
                ? "Loosen a filter or clear the search."
                : "New tickets from shops appear here as they arrive."
            }
            describe={(t) => (
              <>
                {shopName.get(t.shopId) ?? t.shopId} ·{" "}
                {t.assigneeId
                  ? t.assigneeId === user.id
                    ? "Assigned to you"
                    : `Assigned to ${adminName.get(t.assigneeId) ?? "another admin"}`
                  : "Unassigned"}
              </>
            )}
            hasMore={queue.hasNextPage}
            loadingMore={queue.isFetchingNextPage}
            onLoadMore={() => void queue.fetchNextPage()}
          />
        </div>
      </section>
      <section
        aria-label="Conversation"
        className={`${selectedId ? "flex" : "hidden md:flex"} min-w-0 flex-1 flex-col bg-slate-50`}
      >
        {selectedId ? (
          <AdminTicketPane
            key={selectedId}
            ticketId={selectedId}
            user={user}
            admins={admins}
            shopName={(id) => shopName.get(id) ?? id}
            onBack={() => setParams({})}
          />
        ) : (
          <div className="flex flex-1 items-center justify-center">
            <EmptyState
              title="No ticket selected"
              hint="Pick a ticket from the queue to read and answer it."
            />
          </div>
        )}
      </section>
    </div>
  );
}

function AdminTicketPane(props: {
  ticketId: string;
  user: SessionUser;
  admins: Person[];
  shopName: (id: string) => string;
  onBack: () => void;
}) {
  const { ticketId, user, admins, shopName, onBack } = props;
  const ticket = useTicket(ticketId);
  const thread = useTicketThread({ ticketId, side: "admin", me: user });
  const update = useUpdateTicket(user.id);
  const events = useQuery({
    queryKey: ["ticket-events", ticketId],
    queryFn: ({ signal }) => listTicketEvents(ticketId, signal),
  });
  const [showDetails, setShowDetails] = useState(false);

  if (ticket.isPending) return <SkeletonList rows={4} label="Loading ticket" />;
  if (ticket.isError || !ticket.data)
    return (
      <ErrorState
        message={ticket.error?.message ?? "This ticket could not be loaded."}
        onRetry={() => void ticket.refetch()}
      />
    );
  const t = ticket.data;
  const nameOf = (id: string | null) => {
    if (!id) return "Parley";
    if (id === user.id) return "You";
    return admins.find((a) => a.id === id)?.name ?? (id === t.createdBy ? shopName(t.shopId) : "Someone");
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <TicketHeader
        ticket={t}
        onBack={onBack}
        subtitle={<span className="font-medium text-slate-700">{shopName(t.shopId)}</span>}
        actions={
          <button
            type="button"
            aria-expanded={showDetails}
            onClick={() => setShowDetails((v) => !v)}
            className="rounded-md px-2.5 py-1 text-sm font-medium text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100 lg:hidden"
          >
            {showDetails ? "Hide details" : "Details"}
          </button>
        }
      />
      <ViewersBar viewers={thread.viewers} meId={user.id} />
      {update.isError && (
        <p role="alert" className="bg-red-50 px-4 py-2 text-sm text-red-800">
          {update.error.message}
        </p>
      )}
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <aside
          aria-label="Ticket details"
          className={`${showDetails ? "block" : "hidden"} max-h-[45vh] shrink-0 overflow-y-auto border-b border-slate-200 bg-white p-4 lg:order-last lg:block lg:max-h-none lg:w-72 lg:border-b-0 lg:border-l`}
        >
          <TicketControls
            ticket={t}
            admins={admins}
            meId={user.id}
            busy={update.isPending}
            onChange={(patch) => update.mutate({ id: t.id, patch })}
          />
          <dl className="mt-4 grid grid-cols-2 gap-x-2 gap-y-1 text-xs">
            <dt className="text-slate-500">Shop</dt>
            <dd className="text-slate-800">{shopName(t.shopId)}</dd>
            <dt className="text-slate-500">Created</dt>
            <dd className="text-slate-800">
              <RelativeTime iso={t.createdAt} />
            </dd>
            <dt className="text-slate-500">First response</dt>
            <dd className="text-slate-800">
              {t.firstResponseAt ? <RelativeTime iso={t.firstResponseAt} /> : "Not yet"}
            </dd>
          </dl>
          <h3 className="mt-5 mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Timeline</h3>
          <TicketTimeline
            events={events.data ?? []}
            state={events.isPending ? "loading" : events.isError ? "error" : "ready"}
            onRetry={() => void events.refetch()}
            nameOf={nameOf}
          />
        </aside>
        <div className="flex min-h-0 min-w-0 flex-1 flex-col">
          <TicketThread
            items={thread.items}
            viewerSide="admin"
            state={thread.state}
            onReload={thread.reload}
            seenKey={thread.seenKey}
            typingNames={thread.typingNames}
            onRetry={thread.retry}
          />
          <ChatInput
            allowInternal
            onSend={(body, { internal }) => thread.send(body, internal)}
            onTyping={thread.onTyping}
            disabled={t.status === "closed"}
            disabledReason="This ticket is closed. Reopen it (Status → Reopen) to reply."
          />
        </div>
      </div>
    </div>
  );
}
