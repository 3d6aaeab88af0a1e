/**
 * The admin queue: filters, search, sort and endless scrolling on the left; the conversation with reply,
 * internal notes, assignment, status and priority, the timeline and who else is here on the right.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { useQueueUrlState } from "../../../features/tickets/hooks/useQueueUrlState";
import { canTransition, type Person, type SavedView, type Ticket } from "@parley/contract";
import {
  CLEARED_FILTERS,
  hasFilters,
  isFiltered,
  NO_FILTERS,
  ticketFiltersOf,
  type QueueChoice,
} from "../../../features/tickets/admin-queue-filters";
import AdminQueueFilters from "../../../features/tickets/components/AdminQueueFilters";
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
import SupportLayout, {
  isSinglePaneLayout,
  NothingOpen,
} from "../../../features/tickets/components/SupportLayout";
import TicketListPane from "../../../features/tickets/components/TicketListPane";
import { useTicketCount } from "../../../features/tickets/hooks/useTicketCount";
import TicketConversation from "../../../features/tickets/components/TicketConversation";
import { TicketLink } from "../../../features/tickets/components/TicketLink";
import { useModalFocus } from "../../../hooks/useModalFocus";
import { useDebounced } from "../../../hooks/useDebounced";
import TicketControls from "../../support/TicketControls";
import TicketTimeline from "../../support/TicketTimeline";
import { ticketRowButton } from "../../support/TicketList";
import { STATUS_LABEL } from "../../support/ticket-labels";
import { LiveAnnouncer, useAnnouncer } from "../../ui/LiveAnnouncer";
import TicketContextPanel from "../../../features/embed/components/TicketContextPanel";
import VisitorPanel from "../../../features/embed/components/VisitorPanel";
import RelativeTime from "../../support/RelativeTime";
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
import { queueChoiceOfView } from "../../../features/team/view-filters";

/** Focus back on the queue: the open ticket's row, else the first row. */
function focusQueue() {
  const list = document.querySelector<HTMLElement>('[data-shortcut="queue"]');
  const row =
    list?.querySelector<HTMLElement>('[aria-current="true"]') ?? list?.querySelector<HTMLElement>("button");
  row?.focus();
}
import DueBadge from "../../../features/analytics/components/DueBadge";
import { useLiveSla, useSlaTargets } from "../../../features/analytics/hooks/useSla";

const toggle =
  "rounded-md px-2.5 py-1 text-sm font-medium text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100";

export default function AdminSupportTab() {
  return <SignedIn>{(user) => <AdminSupport user={user} />}</SignedIn>;
}

function AdminSupport({ user }: { user: SessionUser }) {
  const url = useQueueUrlState<keyof QueueChoice | "q">({ ...NO_FILTERS, q: "" });
  const selectedId = url.ticketId;
  const choice = url.values;
  const [search, setSearch] = useState(choice.q);
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
  const filters = ticketFiltersOf(choice, q);
  const queue = useTicketQueue(filters);
  const count = useTicketCount(filters);
  const pageIds = useMemo(() => queue.tickets.map((t) => t.id), [queue.tickets]);
  const selection = useQueueSelection(pageIds);
  const viewersOf = useQueueViewers(user.id);
  // A new filter is a new list: ticks on rows no longer shown would act unseen.
  const filterKey = JSON.stringify(filters);
  const clearSelection = selection.clear;
  useEffect(() => clearSelection(), [filterKey, clearSelection]);
  // What the shortcuts did (a, e, x), said politely: the region stays while tickets come and go.
  const { announcement, announce } = useAnnouncer();
  // The ticket j/k opened while the focus was in the conversation: that pane is remounted for the new
  // ticket and the focus goes with it, so the new ticket's row takes it (instead of <body>).
  const refocusRow = useRef<string | null>(null);
  useEffect(() => {
    const id = refocusRow.current;
    refocusRow.current = null;
    const active = document.activeElement;
    if (!id || id !== selectedId || (active && active !== document.body)) return;
    ticketRowButton(document.querySelector('[data-shortcut="queue"]'), id)?.focus();
  }, [selectedId]);
  const go = (dir: 1 | -1) => {
    const id = stepTicket(
      queue.tickets.map((t) => t.id),
      selectedId,
      dir,
    );
    if (!id || id === selectedId) return;
    // Focus in the list follows the ticket j/k opened, so the highlighted row is the one x acts on. (On a
    // phone the list hides and the conversation takes the focus instead.)
    const list = document.querySelector<HTMLElement>('[data-shortcut="queue"]');
    if (!isSinglePaneLayout()) {
      if (list?.contains(document.activeElement)) ticketRowButton(list, id)?.focus();
      else refocusRow.current = id;
    }
    url.set({ ticket: id }, { push: true });
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
      if (!id) return announce("No ticket to select: open one, or move to its row in the list.");
      // Only rows in the list can be selected (the bulk bar acts on what is shown).
      const ticket = queue.tickets.find((t) => t.id === id);
      if (!ticket) return announce("This ticket is not in the list, so it cannot be selected.");
      announce(`Ticket #${ticket.number} ${selection.selected.has(id) ? "deselected" : "selected"}`);
      selection.toggle(id);
    },
  });
  const applyView = (v: SavedView["filters"]) => {
    const next = queueChoiceOfView(v, user.id);
    url.set(next);
    setSearch(next.q);
  };
  const shopName = useMemo(() => new Map(shops.map((s) => [s.id, s.name])), [shops]);
  const adminName = useMemo(() => new Map(admins.map((a) => [a.id, a.name])), [admins]);
  const loadedTicket = useMemo(() => new Map(queue.tickets.map((t) => [t.id, t])), [queue.tickets]);
  const filtered = isFiltered(choice, q);
  const narrowedBy = { search: !!q, filters: hasFilters(choice) };

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
      <LiveAnnouncer announcement={announcement} />
      <SupportLayout
        listLabel="Ticket queue"
        paneLabel="Conversation"
        paneOpen={!!selectedId}
        openTicketId={selectedId}
        list={
          <TicketListPane
            title="Support queue"
            search={search}
            onSearch={setSearch}
            searchLabel="Search tickets"
            searchPlaceholder="Search subjects, messages or #number"
            filters={
              <div className="space-y-2">
                <AdminQueueFilters
                  choice={choice}
                  filters={filters}
                  q={q}
                  meId={user.id}
                  admins={admins}
                  shops={shops}
                  onChange={(patch) => url.set(patch)}
                />
                <QueueTeamTools
                  filters={filters}
                  meId={user.id}
                  selectedIds={[...selection.selected]}
                  onClearSelection={selection.clear}
                  onView={applyView}
                  ticketOf={(id) => loadedTicket.get(id)}
                  onOpenTicket={(id) => url.set({ ticket: id }, { push: true })}
                  nameOf={{ shop: (id) => shopName.get(id), admin: (id) => adminName.get(id) }}
                />
              </div>
            }
            queue={queue}
            count={count}
            sort={filters.sort}
            // The filters name the list's result: a change is announced, even of a list read from the cache.
            resultOf={filterKey}
            listLabel="Ticket queue"
            selectedId={selectedId}
            onSelect={(id) => url.set({ ticket: id }, { push: true })}
            emptyTitle={filtered ? "No tickets match these filters" : "The queue is empty"}
            emptyHint={
              !filtered
                ? "New tickets from shops appear here as they arrive."
                : !narrowedBy.filters
                  ? "Try other words, or clear the search."
                  : !narrowedBy.search
                    ? "Loosen a filter, or clear them."
                    : "Loosen a filter or clear the search."
            }
            // Only what is set is offered; the box empties at once (not after the typing pause).
            onClearSearch={
              narrowedBy.search
                ? () => {
                    setSearch("");
                    url.set({ q: "" });
                  }
                : undefined
            }
            onClearFilters={narrowedBy.filters ? () => url.set(CLEARED_FILTERS) : undefined}
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
              announce={announce}
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
  /** Says what a shortcut did (the tab's live region outlives this pane). */
  announce: (text: string) => void;
}) {
  const { ticketId, user, admins, shopName, announce } = props;
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
    // a and e say what they did, or why they did nothing. A failure is the alert under the header. The
    // promise, unlike mutate's callbacks, also reports a change made just before j moved on.
    assignMe: () => {
      if (!ticket) return;
      const name = `Ticket #${ticket.number}`;
      if (ticket.mergedIntoId)
        return announce(`${name} was merged into another ticket and cannot be changed`);
      if (ticket.assigneeId === user.id) return announce(`${name} is already assigned to you`);
      update.mutateAsync({ id: ticket.id, patch: { assigneeId: user.id } }).then(
        () => announce(`${name} assigned to you`),
        () => {},
      );
    },
    resolve: () => {
      if (!ticket) return;
      const name = `Ticket #${ticket.number}`;
      if (ticket.mergedIntoId)
        return announce(`${name} was merged into another ticket and cannot be changed`);
      if (ticket.status === "resolved") return announce(`${name} is already resolved`);
      if (!canTransition(ticket.status, "resolved", "admin"))
        return announce(`${name} is ${STATUS_LABEL[ticket.status].toLowerCase()}, so it cannot be resolved`);
      update.mutateAsync({ id: ticket.id, patch: { status: "resolved" } }).then(
        () => announce(`${name} resolved`),
        () => {},
      );
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
        // A section, not an aside: an aside may not be a dialog (axe aria-allowed-role); beside the thread
        // it is the same complementary landmark.
        <section
          ref={sheet}
          aria-label="Ticket details"
          role={showDetails ? "dialog" : "complementary"}
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
            saving={update.isPending ? update.variables?.patch : undefined}
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
        </section>
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
