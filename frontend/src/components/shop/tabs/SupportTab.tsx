/**
 * The shop's help desk: its tickets on the left, the open conversation (or the new-ticket form) on the
 * right; on a phone one pane at a time. Lists and thread stay live over the socket.
 */
import { useEffect, useRef, useState } from "react";
import {
  canTransition,
  ticketContextSchema,
  type CreateTicketBody,
  type TicketSort,
  type Ticket,
  type TicketStatus,
} from "@parley/contract";
import { useQueueUrlState } from "../../../features/tickets/hooks/useQueueUrlState";
import { effectiveSort, sortOptionsFor } from "../../../features/tickets/sort-options";
import { useDebounced } from "../../../hooks/useDebounced";
import type { SessionUser } from "../../../features/auth/hooks/useSession";
import SignedIn from "../../../features/auth/components/SignedIn";
import {
  useCreateTicket,
  useLiveTickets,
  useTicketQueue,
  useUpdateTicket,
} from "../../../features/tickets/hooks/useTickets";
import type { TicketFilters } from "../../../features/tickets/api/tickets";
import SupportLayout, { NothingOpen } from "../../../features/tickets/components/SupportLayout";
import TicketListPane from "../../../features/tickets/components/TicketListPane";
import { useTicketCount } from "../../../features/tickets/hooks/useTicketCount";
import TicketConversation from "../../../features/tickets/components/TicketConversation";
import SuggestedAnswers from "../../../features/faq/components/SuggestedAnswers";
import { useReportFaqEvent } from "../../../features/faq/hooks/useFaq";
import { newId } from "../../../lib/ids";
import NewTicketForm from "../../support/NewTicketForm";
import { useUploadLimits } from "../../../features/attachments";
import SelectField from "../../ui/SelectField";
import ResolvedBanner from "../../support/ResolvedBanner";
import ShopSatisfaction from "../../../features/team/components/ShopSatisfaction";
import SimilarTickets from "../../../features/team/components/SimilarTickets";

type View = "active" | "all" | "closed";
const VIEWS: Record<View, { label: string; status?: TicketStatus[] }> = {
  active: { label: "Active", status: ["open", "in_progress", "resolved"] },
  all: { label: "All tickets" },
  closed: { label: "Closed", status: ["closed"] },
};
const VIEW_OPTIONS = Object.entries(VIEWS).map(([value, v]) => ({ value: value as View, label: v.label }));
const SHOP_SORT_OPTIONS: { value: TicketSort; label: string }[] = [
  { value: "updated", label: "Last updated" },
  { value: "created", label: "Newest first" },
];

const button = {
  primary:
    "rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700",
  outline: "rounded-lg px-3 py-1.5 text-sm font-medium ring-1 aria-disabled:opacity-60",
};

/** What a shop may do with its ticket: the buttons the lifecycle allows from the current status. */
const SHOP_ACTIONS: Array<{ to: TicketStatus; label: string; style: string }> = [
  { to: "open", label: "Reopen ticket", style: "text-indigo-700 ring-indigo-200 hover:bg-indigo-50" },
  { to: "closed", label: "Close ticket", style: "text-slate-700 ring-slate-300 hover:bg-slate-100" },
];

export default function SupportTab() {
  return <SignedIn>{(user) => <ShopSupport user={user} />}</SignedIn>;
}

/** The shop's list state in the URL (`/shop?view=closed&q=refund&sort=relevance&ticket=<id>`), as the admin's. */
const SHOP_URL_DEFAULTS = { view: "all", q: "", sort: "updated" };
/** The deep-link keys of a new ticket ("get help with this order"); dropped once it is filed or left. */
const NEW_TICKET_KEYS = {
  new: null,
  contextType: null,
  contextId: null,
  contextTitle: null,
  contextUrl: null,
};

function ShopSupport({ user }: { user: SessionUser }) {
  const url = useQueueUrlState(SHOP_URL_DEFAULTS);
  const params = url.params;
  const selectedId = url.ticketId;
  const composing = params.get("new") === "1";
  // "Get help with this order": the host's deep link fills the context (ids only, never a token).
  const context = contextFromParams(params);
  const view: View = url.values.view in VIEWS ? (url.values.view as View) : "all";
  const [search, setSearch] = useState(url.values.q);
  const debounced = useDebounced(search.trim(), 300);
  const setUrl = url.set;
  useEffect(() => setUrl({ q: debounced }), [debounced, setUrl]);
  const q = url.values.q;
  const sort = effectiveSort(url.values.sort as TicketSort, q);
  const [formSession, setFormSession] = useState(newId);
  const newTicketButton = useRef<HTMLButtonElement>(null);
  // The ticket the form just filed takes the focus when it opens (the form that had it is gone); a ticket
  // picked from the list leaves the focus where it is, as before.
  const [justFiled, setJustFiled] = useState<string | null>(null);
  const create = useCreateTicket(user.id);
  const report = useReportFaqEvent();
  // The new-ticket form refuses a file over the server's limit at once, not after sending it.
  const uploadLimits = useUploadLimits();

  useLiveTickets(user.id);
  const filters: TicketFilters = {
    status: VIEWS[view].status,
    q: q || undefined,
    sort,
  };
  const queue = useTicketQueue(filters);
  const count = useTicketCount(filters);
  const filtered = !!q || view !== "all";

  const open = (id: string) => url.set({ ...NEW_TICKET_KEYS, ticket: id }, { push: true });
  const leave = () => url.set({ ...NEW_TICKET_KEYS, ticket: null }, { push: true });
  const startNew = () => {
    setFormSession(newId());
    url.set({ new: "1", ticket: null }, { push: true });
  };

  const submit = async (input: CreateTicketBody) => {
    const ticket = await create.mutateAsync(context ? { ...input, context } : input);
    report({ type: "ticket_filed", sessionId: formSession });
    setJustFiled(ticket.id);
    // The filed ticket takes the form's place in history: Back goes to the list, not to an empty form
    // that looks as if the ticket was never sent.
    url.set({ ...NEW_TICKET_KEYS, ticket: ticket.id });
  };

  return (
    <SupportLayout
      listLabel="Your tickets"
      paneLabel={composing ? "New ticket" : "Conversation"}
      paneOpen={composing || !!selectedId}
      openTicketId={selectedId}
      paneOpener={newTicketButton}
      list={
        <TicketListPane
          title="Support"
          action={
            <button ref={newTicketButton} type="button" onClick={startNew} className={button.primary}>
              New ticket
            </button>
          }
          search={search}
          onSearch={setSearch}
          searchLabel="Search your tickets"
          searchPlaceholder="Search tickets"
          filters={
            <div className="flex gap-2">
              <SelectField
                label="Show"
                layout="hidden"
                size="sm"
                options={VIEW_OPTIONS}
                value={view}
                onChange={(v) => url.set({ view: v })}
              />
              <SelectField
                label="Sort by"
                layout="hidden"
                size="sm"
                options={sortOptionsFor(SHOP_SORT_OPTIONS, q)}
                value={sort}
                onChange={(v) => url.set({ sort: v })}
              />
            </div>
          }
          queue={queue}
          count={count}
          sort={sort}
          resultOf={JSON.stringify(filters)}
          listLabel="Your tickets"
          selectedId={selectedId}
          onSelect={(id) => {
            setJustFiled(null);
            open(id);
          }}
          emptyTitle={filtered ? "No tickets match" : "No tickets yet"}
          emptyHint={
            filtered
              ? "Try another search or show all tickets."
              : "When something goes wrong, open a ticket and our team will answer here."
          }
        />
      }
      pane={
        composing ? (
          <div className="relative min-h-0 flex-1 overflow-y-auto bg-white">
            <button
              type="button"
              onClick={leave}
              className="m-3 mb-0 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 md:hidden"
            >
              ← Back to tickets
            </button>
            {context && (
              <p
                data-testid="ticket-context"
                className="mx-4 mt-4 rounded-lg bg-indigo-50 px-3 py-2 text-sm text-indigo-900 ring-1 ring-indigo-100"
              >
                {contextLabel(context)}
              </p>
            )}
            <NewTicketForm
              key={formSession}
              maxUploadBytes={uploadLimits.data?.maxBytes}
              onSubmit={submit}
              onCancel={leave}
              renderSuggestions={(draft) => (
                <>
                  <SimilarTickets draft={draft} onOpen={open} />
                  <SuggestedAnswers draft={draft} deflectionSessionId={formSession} />
                </>
              )}
            />
          </div>
        ) : selectedId ? (
          <ShopTicketPane
            key={selectedId}
            ticketId={selectedId}
            user={user}
            onBack={leave}
            onOpen={open}
            focusOnOpen={justFiled === selectedId}
          />
        ) : (
          <NothingOpen
            title="Pick a ticket"
            hint="Choose a ticket on the left to read the conversation, or start a new one."
            action={
              <button
                type="button"
                onClick={startNew}
                className="rounded-lg bg-white px-3 py-1.5 text-sm font-semibold text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50"
              >
                Open a new ticket
              </button>
            }
          />
        )
      }
    />
  );
}

/**
 * "About order <b>A-1001</b>", or "About <b>Order A-1001</b>" when the host's title already names the
 * type: never "About order Order A-1001".
 */
function contextLabel(context: NonNullable<CreateTicketBody["context"]>) {
  const name = context.title ?? context.id;
  const named =
    name.toLowerCase().startsWith(context.type) && !/\p{L}/u.test(name[context.type.length] ?? "");
  return named ? (
    <>
      About <strong>{name}</strong>
    </>
  ) : (
    <>
      About {context.type} <strong>{name}</strong>
    </>
  );
}

/** The context named by the deep link's contextType/contextId/contextTitle/contextUrl, if it is valid. */
function contextFromParams(params: URLSearchParams): CreateTicketBody["context"] {
  const type = params.get("contextType");
  const id = params.get("contextId");
  if (!type || !id) return undefined;
  const parsed = ticketContextSchema.safeParse({
    type,
    id,
    title: params.get("contextTitle") ?? undefined,
    url: params.get("contextUrl") ?? undefined,
  });
  return parsed.success ? parsed.data : undefined;
}

function ShopTicketPane({
  ticketId,
  user,
  onBack,
  onOpen,
  focusOnOpen,
}: {
  ticketId: string;
  user: SessionUser;
  onBack: () => void;
  /** Opens another ticket of this shop (the one a merged ticket went into). */
  onOpen: (ticketId: string) => void;
  /** The ticket the new-ticket form just filed: it takes the focus (see TicketConversation). */
  focusOnOpen: boolean;
}) {
  const update = useUpdateTicket(user.id);

  return (
    <TicketConversation
      ticketId={ticketId}
      focusOnOpen={focusOnOpen}
      side="shop"
      me={user}
      onBack={onBack}
      closedReason="This ticket is closed. Reopen it to send another message."
      onOpenTicket={onOpen}
      actions={(t) => <ShopTicketActions ticket={t} update={update} />}
      notices={() =>
        update.isError && (
          <p role="alert" className="bg-red-50 px-4 py-2 text-sm text-red-800">
            {update.error.message}
          </p>
        )
      }
      threadEnd={(t) => (
        <>
          <ResolvedBanner resolved={t.status === "resolved"} />
          <ShopSatisfaction ticket={t} />
        </>
      )}
    />
  );
}

/**
 * Close or Reopen, as the lifecycle allows: a merged ticket is frozen (the server refuses any change), so
 * it has neither. The button pressed gives way to the other one: the focus follows it there instead of
 * falling to <body>, and while the change is saved the button is aria-disabled, not disabled, which would
 * drop the focus too.
 */
function ShopTicketActions({
  ticket,
  update,
}: {
  ticket: Ticket;
  update: ReturnType<typeof useUpdateTicket>;
}) {
  const group = useRef<HTMLDivElement>(null);
  const refocus = useRef(false);
  const actions = SHOP_ACTIONS.filter(
    (a) => !ticket.mergedIntoId && canTransition(ticket.status, a.to, "shop"),
  );
  const shown = actions.map((a) => a.to).join(" ");
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    const active = document.activeElement;
    if (!active || active === document.body) group.current?.querySelector("button")?.focus();
  }, [shown]);
  if (!actions.length) return null;
  return (
    <div ref={group} className="flex items-center gap-2">
      {actions.map((a) => (
        <button
          key={a.to}
          type="button"
          aria-disabled={update.isPending || undefined}
          onClick={() => {
            if (update.isPending) return;
            refocus.current = true;
            update.mutate(
              { id: ticket.id, patch: { status: a.to } },
              { onError: () => (refocus.current = false) },
            );
          }}
          className={`${button.outline} ${a.style}`}
        >
          {a.label}
        </button>
      ))}
    </div>
  );
}
