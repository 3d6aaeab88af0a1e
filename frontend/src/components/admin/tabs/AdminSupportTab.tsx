/**
 * The admin queue: filters, search, sort and endless scrolling on the left; the conversation with reply,
 * internal notes, assignment, status and priority, the timeline and who else is here on the right.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { useQueueUrlState } from "../../../features/tickets/hooks/useQueueUrlState";
import { effectiveSort, sortOptionsFor } from "../../../features/tickets/sort-options";
import {
  canTransition,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  VISITOR_SHOP_PREFIX,
  type Person,
  type SavedView,
  type Ticket,
  type TicketPriority,
  type TicketSlaFilter,
  type TicketSort,
  type TicketSource,
  type TicketStatus,
} from "@parley/contract";
import type { SessionUser } from "../../../features/auth/hooks/useSession";
import SignedIn from "../../../features/auth/components/SignedIn";
import {
  useLiveTickets,
  usePeople,
  useTicketEvents,
  useTicket,
  useTicketQueue,
  useUpdateTicket,
} from "../../../features/tickets/hooks/useTickets";
import type { TicketFilters } from "../../../features/tickets/api/tickets";
import SupportLayout, { NothingOpen } from "../../../features/tickets/components/SupportLayout";
import TicketListPane from "../../../features/tickets/components/TicketListPane";
import TicketConversation from "../../../features/tickets/components/TicketConversation";
import { TicketLink } from "../../../features/tickets/components/TicketLink";
import { useModalFocus } from "../../../hooks/useModalFocus";
import { useDebounced } from "../../../hooks/useDebounced";
import TicketControls from "../../support/TicketControls";
import TicketTimeline from "../../support/TicketTimeline";
import TicketContextPanel from "../../../features/embed/components/TicketContextPanel";
import VisitorPanel from "../../../features/embed/components/VisitorPanel";
import ContextFilterField from "../../../features/embed/components/ContextFilterField";
import RelativeTime from "../../support/RelativeTime";
import { PRIORITY_LABEL, STATUS_LABEL } from "../../support/ticket-labels";
import SelectField, { type SelectOption } from "../../ui/SelectField";
import type { ChatInputHandle } from "../../support/ChatInput";
import { useCannedResponses } from "../../../features/canned/hooks/useCanned";
import { useShortcuts } from "../../../features/shortcuts/useShortcuts";
import { stepTicket } from "../../../features/shortcuts/shortcuts";
import ShortcutsDialog from "../../../features/shortcuts/ShortcutsDialog";
import QueueTeamTools from "../../../features/team/components/QueueTeamTools";
import TagEditor from "../../../features/team/components/TagEditor";
import MergeDialog from "../../../features/team/components/MergeDialog";
import { useSetTags } from "../../../features/team/hooks/useTeam";
import { useQueueSelection } from "../../../features/team/hooks/useQueueSelection";
import { useQueueViewers } from "../../../features/team/hooks/useQueueViewers";

/** Focus back on the queue: the open ticket's row, else the first row. */
function focusQueue() {
  const list = document.querySelector<HTMLElement>('[data-shortcut="queue"]');
  const row =
    list?.querySelector<HTMLElement>('[aria-current="true"]') ?? list?.querySelector<HTMLElement>("button");
  row?.focus();
}
import DueBadge from "../../../features/analytics/components/DueBadge";
import { useLiveSla, useSlaTargets } from "../../../features/analytics/hooks/useSla";
import { SLA_FILTER_OPTIONS, SLA_SORT_OPTIONS } from "../../../features/analytics/components/queue-options";

type StatusView = "active" | "all" | "open" | "in_progress" | "resolved" | "closed";
const STATUS_VIEWS: Record<StatusView, { label: string; status?: TicketStatus[] }> = {
  active: { label: "Active", status: ["open", "in_progress"] },
  all: { label: "All statuses" },
  open: { label: "Open", status: ["open"] },
  in_progress: { label: "In progress", status: ["in_progress"] },
  resolved: { label: "Resolved", status: ["resolved"] },
  closed: { label: "Closed", status: ["closed"] },
};
const STATUS_OPTIONS = Object.entries(STATUS_VIEWS).map(([value, v]) => ({
  value: value as StatusView,
  label: v.label,
}));

/**
 * The status choice in the URL: one of STATUS_VIEWS, or (from a saved view) a comma-separated list of
 * statuses such as `resolved,closed`.
 */
function statusesOf(choice: string): TicketStatus[] | undefined {
  if (Object.hasOwn(STATUS_VIEWS, choice)) return STATUS_VIEWS[choice as StatusView].status;
  const list = choice
    .split(",")
    .filter((s): s is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(s));
  return list.length ? list : STATUS_VIEWS.active.status;
}
/** The priority choice in the URL: empty (any), one priority, or (from a saved view) a comma-separated list. */
function prioritiesOf(choice: string): TicketPriority[] | undefined {
  const list = choice
    .split(",")
    .filter((p): p is TicketPriority => (TICKET_PRIORITIES as readonly string[]).includes(p));
  return list.length ? list : undefined;
}
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));
/** A saved view's statuses as the Status choice: a named one when it matches, else the list; none: any status. */
function statusChoiceOf(status: readonly TicketStatus[] | undefined): string {
  if (!status?.length) return "all";
  const named = (Object.keys(STATUS_VIEWS) as StatusView[]).find((k) => {
    const s = STATUS_VIEWS[k].status;
    return s && sameSet(s, status);
  });
  return named ?? status.join(",");
}
/** The select's options, plus the current value when it is a list no option names (a saved view's). */
function withCurrent(options: SelectOption[], value: string, label: (v: string) => string): SelectOption[] {
  return !value || options.some((o) => o.value === value)
    ? options
    : [...options, { value, label: label(value) }];
}

const PRIORITY_OPTIONS = [
  { value: "" as const, label: "Any priority" },
  ...TICKET_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] })),
];

const SORT_OPTIONS: { value: TicketSort; label: string }[] = [
  { value: "updated", label: "Recently updated" },
  { value: "created", label: "Newest first" },
  { value: "priority", label: "Highest priority" },
  ...SLA_SORT_OPTIONS,
];

const SOURCE_OPTIONS: { value: "" | TicketSource; label: string }[] = [
  { value: "", label: "Shops and visitors" },
  { value: "shop", label: "Shops" },
  { value: "visitor", label: "Visitors" },
];

type FilterKey = "status" | "priority" | "assignee" | "shop" | "source" | "sla" | "sort" | "context";
const NO_FILTERS: Record<FilterKey, string> = {
  context: "", // issue 18: an order (listing, payout, booking) id of the host platform
  status: "active",
  priority: "",
  assignee: "",
  shop: "",
  source: "",
  sla: "",
  sort: "updated",
};

const filterLabel = (name: string) => (
  <>
    <span className="sr-only">Filter by </span>
    {name}
  </>
);

const toggle =
  "rounded-md px-2.5 py-1 text-sm font-medium text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100";

export default function AdminSupportTab() {
  return <SignedIn>{(user) => <AdminSupport user={user} />}</SignedIn>;
}

function AdminSupport({ user }: { user: SessionUser }) {
  const url = useQueueUrlState<FilterKey | "q" | "tag">({ ...NO_FILTERS, q: "", tag: "" });
  const selectedId = url.ticketId;
  const choice = url.values;
  const setChoice = (patch: Partial<Record<FilterKey, string>>) => url.set(patch);
  const [search, setSearch] = useState(choice.q);
  const tag = choice.tag;
  const setTag = (value: string) => url.set({ tag: value });
  const [showFilters, setShowFilters] = useState(false);
  const debounced = useDebounced(search.trim(), 300);
  const setUrl = url.set;
  // Only a change of the typed search goes to the URL: `setUrl` changes with every URL change, and
  // re-running on that would write a stale search back over a saved view's (or Back's) q.
  const writtenSearch = useRef(debounced);
  useEffect(() => {
    if (writtenSearch.current === debounced) return;
    writtenSearch.current = debounced;
    setUrl({ q: debounced });
  }, [debounced, setUrl]);
  const q = choice.q;
  const [helpOpen, setHelpOpen] = useState(false);
  const { admins, shops } = usePeople();

  useLiveTickets(user.id);
  const warned = useLiveSla();
  const targetsFor = useSlaTargets();
  const filters: TicketFilters = {
    status: statusesOf(choice.status),
    priority: prioritiesOf(choice.priority),
    assignee: choice.assignee || undefined,
    shopId: choice.shop || undefined,
    source: (choice.source as TicketSource) || undefined,
    q: q || undefined,
    sort: effectiveSort(choice.sort as TicketSort, q),
    sla: (choice.sla || undefined) as TicketSlaFilter | undefined,
    tag: tag || undefined,
    contextId: choice.context || undefined,
  };
  const queue = useTicketQueue(filters);
  const pageIds = useMemo(() => queue.tickets.map((t) => t.id), [queue.tickets]);
  const selection = useQueueSelection(pageIds);
  const viewersOf = useQueueViewers(user.id);
  // A new filter is a new list: ticks on rows no longer shown would act unseen.
  const filterKey = JSON.stringify(filters);
  const clearSelection = selection.clear;
  useEffect(() => clearSelection(), [filterKey, clearSelection]);
  const go = (dir: 1 | -1) => {
    const id = stepTicket(
      queue.tickets.map((t) => t.id),
      selectedId,
      dir,
    );
    if (id && id !== selectedId) url.set({ ticket: id }, { push: true });
  };
  useShortcuts({
    next: () => go(1),
    previous: () => go(-1),
    search: () => document.querySelector<HTMLInputElement>('[data-shortcut="search"] input')?.focus(),
    help: () => setHelpOpen(true),
    // x: the row that has the focus (its checkbox or its button), else the open ticket.
    toggleSelect: () => {
      const row = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>("[data-ticket-id]");
      const id = row?.dataset.ticketId ?? selectedId;
      if (id) selection.toggle(id);
    },
  });
  /** A saved view replaces every filter: what it does not set goes back to its default (status: any). */
  const applyView = (v: SavedView["filters"]) => {
    url.set({
      ...NO_FILTERS,
      status: statusChoiceOf(v.status),
      priority: v.priority?.join(",") ?? "",
      assignee: v.assignee === user.id ? "me" : (v.assignee ?? ""),
      tag: v.tag ?? "",
      q: v.q ?? "",
    });
    setSearch(v.q ?? "");
  };
  const shopName = useMemo(() => new Map(shops.map((s) => [s.id, s.name])), [shops]);
  const adminName = useMemo(() => new Map(admins.map((a) => [a.id, a.name])), [admins]);
  const filtered =
    !!q || (Object.keys(NO_FILTERS) as FilterKey[]).some((k) => k !== "sort" && choice[k] !== NO_FILTERS[k]);

  const assigneeOptions = [
    { value: "", label: "Anyone" },
    { value: "me", label: "Assigned to me" },
    { value: "unassigned", label: "Unassigned" },
    ...admins.filter((a) => a.id !== user.id).map((a) => ({ value: a.id, label: a.name ?? a.id })),
  ];
  const shopOptions = [
    { value: "", label: "All shops" },
    // A website visitor's conversation sits under its own pseudo-shop: the Source filter finds those.
    ...shops
      .filter((s) => !s.id.startsWith(VISITOR_SHOP_PREFIX))
      .map((s) => ({ value: s.id, label: s.name ?? s.id })),
  ];
  const filterFields: Array<{ key: Exclude<FilterKey, "context">; label: string; options: SelectOption[] }> =
    [
      {
        key: "status",
        label: "Status",
        options: withCurrent(STATUS_OPTIONS, choice.status, () =>
          (filters.status ?? []).map((s) => STATUS_LABEL[s]).join(" or "),
        ),
      },
      {
        key: "priority",
        label: "Priority",
        options: withCurrent(PRIORITY_OPTIONS, choice.priority, () =>
          (filters.priority ?? []).map((p) => PRIORITY_LABEL[p]).join(" or "),
        ),
      },
      { key: "assignee", label: "Assignee", options: assigneeOptions },
      { key: "shop", label: "Shop", options: shopOptions },
      { key: "source", label: "Source", options: SOURCE_OPTIONS },
      { key: "sla", label: "SLA", options: SLA_FILTER_OPTIONS },
      { key: "sort", label: "Sort by", options: sortOptionsFor(SORT_OPTIONS, q) },
    ];

  const describe = (t: Ticket) => (
    <>
      {t.searchSnippet && (
        <span className="mb-0.5 block truncate text-slate-700" data-testid="search-snippet">
          {t.searchSnippet.parts.map((p, i) =>
            p.match ? (
              <mark key={i} className="rounded bg-amber-100 px-0.5 text-slate-900">
                {p.text}
              </mark>
            ) : (
              <span key={i}>{p.text}</span>
            ),
          )}
        </span>
      )}
      {t.shopId === null ? "Website visitor" : (shopName.get(t.shopId) ?? t.shopId)} ·{" "}
      {t.assigneeId
        ? t.assigneeId === user.id
          ? "Assigned to you"
          : `Assigned to ${adminName.get(t.assigneeId) ?? "another admin"}`
        : "Unassigned"}
    </>
  );

  return (
    <>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      <SupportLayout
        listLabel="Ticket queue"
        paneLabel="Conversation"
        paneOpen={!!selectedId}
        list={
          <TicketListPane
            title="Support queue"
            action={
              <button
                type="button"
                aria-expanded={showFilters}
                onClick={() => setShowFilters((v) => !v)}
                className={`${toggle} md:hidden`}
              >
                {showFilters ? "Hide filters" : filtered ? "Filters (on)" : "Filters"}
              </button>
            }
            search={search}
            onSearch={setSearch}
            searchLabel="Search tickets"
            searchPlaceholder="Search subjects, messages or #number"
            filters={
              <div className={`${showFilters ? "grid" : "hidden"} grid-cols-2 gap-2 md:grid`}>
                {filterFields.map((f) => (
                  <SelectField
                    key={f.key}
                    label={f.key === "sort" ? "Sort by" : filterLabel(f.label)}
                    size="sm"
                    className={f.key === "sort" ? "col-span-2" : ""}
                    options={f.options}
                    value={f.key === "sort" ? (filters.sort ?? "updated") : choice[f.key]}
                    onChange={(v) => setChoice({ [f.key]: v })}
                  />
                ))}
                <ContextFilterField
                  className="col-span-2"
                  value={choice.context}
                  onChange={(v) => setChoice({ context: v })}
                />
                <QueueTeamTools
                  filters={filters}
                  tag={tag}
                  onTag={setTag}
                  selectedIds={[...selection.selected]}
                  onClearSelection={selection.clear}
                  onView={applyView}
                />
              </div>
            }
            queue={queue}
            listLabel="Ticket queue"
            selectedId={selectedId}
            onSelect={(id) => url.set({ ticket: id }, { push: true })}
            emptyTitle={filtered ? "No tickets match these filters" : "The queue is empty"}
            emptyHint={
              filtered
                ? "Loosen a filter or clear the search."
                : "New tickets from shops appear here as they arrive."
            }
            describe={describe}
            badge={(t) => (
              <DueBadge
                sla={t.sla}
                targets={targetsFor(t.priority)}
                warned={warned.has(t.id)}
                firstResponded={t.firstResponseAt !== null}
              />
            )}
            selection={{
              selected: selection.selected,
              onToggle: selection.toggle,
              onTogglePage: selection.togglePage,
              pageState: selection.pageState,
            }}
            viewers={(t) => viewersOf(t.id)}
          />
        }
        pane={
          selectedId ? (
            <AdminTicketPane
              key={selectedId}
              ticketId={selectedId}
              user={user}
              admins={admins}
              shopName={(id) => (id === null ? "Website visitor" : (shopName.get(id) ?? id))}
              onBack={() => url.set({ ticket: null }, { push: true })}
              onOpen={(id) => url.set({ ticket: id }, { push: true })}
            />
          ) : (
            <NothingOpen
              title="No ticket selected"
              hint="Pick a ticket from the queue to read and answer it."
            />
          )
        }
      />
    </>
  );
}

function AdminTicketPane(props: {
  ticketId: string;
  user: SessionUser;
  admins: Person[];
  /** null: a website visitor's conversation. */
  shopName: (id: string | null) => string;
  onBack: () => void;
  onOpen: (ticketId: string) => void;
}) {
  const { ticketId, user, admins, shopName } = props;
  const update = useUpdateTicket(user.id);
  const setTags = useSetTags();
  const [showDetails, setShowDetails] = useState(false);
  // On a phone the details are a modal sheet: focus goes in, stays in, Escape closes it, focus comes back.
  const sheet = useRef<HTMLElement>(null);
  useModalFocus(showDetails, sheet, () => setShowDetails(false));
  const canned = useCannedResponses();
  const composer = useRef<ChatInputHandle>(null);
  const ticket = useTicket(ticketId).data;
  // On a phone the details sheet covers the composer: typing a reply (focus in the reply or note box,
  // the keyboard coming up) puts it away so the thread and the box stay in view.
  useEffect(() => {
    if (!showDetails) return;
    const onFocus = (e: FocusEvent) => {
      const el = e.target as HTMLElement | null;
      if (el?.tagName === "TEXTAREA" && !el.closest("aside") && window.innerWidth < 1024)
        setShowDetails(false);
    };
    document.addEventListener("focusin", onFocus);
    return () => document.removeEventListener("focusin", onFocus);
  }, [showDetails]);
  useShortcuts({
    reply: () => composer.current?.focus("reply"),
    note: () => composer.current?.focus("note"),
    assignMe: () => {
      if (ticket && !ticket.mergedIntoId && ticket.assigneeId !== user.id)
        update.mutate({ id: ticket.id, patch: { assigneeId: user.id } });
    },
    resolve: () => {
      if (ticket && !ticket.mergedIntoId && canTransition(ticket.status, "resolved", "admin"))
        update.mutate({ id: ticket.id, patch: { status: "resolved" } });
    },
  });

  return (
    <TicketConversation
      ticketId={ticketId}
      side="admin"
      me={user}
      onBack={props.onBack}
      closedReason="This ticket is closed. Reopen it (Status → Reopen) to reply."
      onOpenTicket={props.onOpen}
      composer={(t) => ({
        canned: canned.data ?? [],
        placeholderValues: {
          "shop.name": shopName(t.shopId),
          "ticket.number": t.number,
          "ticket.subject": t.subject,
          "admin.name": user.name,
        },
        handle: composer,
        onEscape: focusQueue,
      })}
      subtitle={(t) => <span className="font-medium text-slate-700">{shopName(t.shopId)}</span>}
      actions={() => (
        <button
          type="button"
          aria-expanded={showDetails}
          onClick={() => setShowDetails((v) => !v)}
          className={`${toggle} lg:hidden`}
        >
          {showDetails ? "Hide details" : "Details"}
        </button>
      )}
      notices={() =>
        update.isError && (
          <p role="alert" className="bg-red-50 px-4 py-2 text-sm text-red-800">
            {update.error.message}
          </p>
        )
      }
      aside={(t) => (
        <aside
          ref={sheet}
          aria-label="Ticket details"
          role={showDetails ? "dialog" : undefined}
          aria-modal={showDetails ? true : undefined}
          tabIndex={showDetails ? -1 : undefined}
          // On a phone the details are a sheet over the thread, so the thread keeps its height.
          className={`${showDetails ? "fixed inset-x-0 bottom-0 z-40 block max-h-[75dvh] rounded-t-2xl shadow-2xl" : "hidden"} shrink-0 overflow-y-auto border-slate-200 bg-white p-4 lg:static lg:order-last lg:block lg:max-h-none lg:w-72 lg:rounded-none lg:border-l lg:shadow-none`}
        >
          {showDetails && (
            <button
              type="button"
              onClick={() => setShowDetails(false)}
              className="mb-3 w-full rounded-md px-2.5 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 lg:hidden"
            >
              Close details
            </button>
          )}
          <TicketControls
            ticket={t}
            admins={admins}
            meId={user.id}
            busy={update.isPending}
            onChange={(patch) => update.mutate({ id: t.id, patch })}
          />
          <VisitorPanel ticket={t} />
          <TicketContextPanel ticket={t} />
          <TicketDetails ticket={t} me={user} admins={admins} shopName={shopName} onOpen={props.onOpen} />
          <TagEditor
            tags={t.tags ?? []}
            busy={setTags.isPending}
            onChange={(tags) => setTags.mutateAsync({ id: t.id, tags })}
          />
          {t.mergedIntoId ? (
            <p className="mt-4 text-xs text-slate-700">
              Merged into <TicketLink ticketId={t.mergedIntoId} onOpen={props.onOpen} />.
            </p>
          ) : (
            <MergeDialog ticket={t} onMerged={(id) => props.onOpen(id)} />
          )}
        </aside>
      )}
    />
  );
}

function TicketDetails({
  ticket: t,
  me,
  admins,
  shopName,
  onOpen,
}: {
  ticket: Ticket;
  me: SessionUser;
  admins: Person[];
  /** null: a website visitor's conversation. */
  shopName: (id: string | null) => string;
  onOpen: (ticketId: string) => void;
}) {
  const events = useTicketEvents(t.id);
  const nameOf = (id: string | null) => {
    if (!id) return "Parley";
    if (id === me.id) return "You";
    return admins.find((a) => a.id === id)?.name ?? (id === t.createdBy ? shopName(t.shopId) : "Someone");
  };
  return (
    <>
      <dl className="mt-4 grid grid-cols-2 gap-x-2 gap-y-1 text-xs">
        <dt className="text-slate-600">Shop</dt>
        <dd className="text-slate-800">{shopName(t.shopId)}</dd>
        <dt className="text-slate-600">Created</dt>
        <dd className="text-slate-800">
          <RelativeTime iso={t.createdAt} />
        </dd>
        <dt className="text-slate-600">First response</dt>
        <dd className="text-slate-800">
          {t.firstResponseAt ? <RelativeTime iso={t.firstResponseAt} /> : "Not yet"}
        </dd>
      </dl>
      <h3 className="mt-5 mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">Timeline</h3>
      <TicketTimeline
        events={events.data ?? []}
        state={events.isPending ? "loading" : events.isError ? "error" : "ready"}
        onRetry={() => void events.refetch()}
        nameOf={nameOf}
        ticketId={t.id}
        ticketRef={(id) => <TicketLink ticketId={id} onOpen={onOpen} />}
      />
    </>
  );
}
