/**
 * The shop's help desk: its tickets on the left, the open conversation (or the new-ticket form) on the
 * right; on a phone one pane at a time. Lists and thread stay live over the socket.
 */
import { useId, useState } from "react";
import { useSearchParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import {
  createTicket,
  type NewTicket,
  type TicketFilters,
  type TicketStatus,
} from "../../../services/api/support";
import { reportTicketFiled } from "../../../services/api/faq";
import { useSession, type SessionUser } from "../../../services/auth/session";
import { useLiveTickets, useTicket, useTicketQueue, useUpdateTicket } from "../../../hooks/useTickets";
import { useTicketThread } from "../../../hooks/useTicketThread";
import { upsertTicket } from "../../../hooks/ticket-cache";
import { newId } from "../../../lib/ids";
import TicketList from "../../support/TicketList";
import TicketThread from "../../support/TicketThread";
import TicketHeader from "../../support/TicketHeader";
import ChatInput from "../../support/ChatInput";
import NewTicketForm from "../../support/NewTicketForm";
import { EmptyState, ErrorState, SkeletonList } from "../../support/ListStates";

const VIEWS: Record<string, { label: string; status?: TicketStatus[] }> = {
  active: { label: "Active", status: ["open", "in_progress", "resolved"] },
  all: { label: "All tickets" },
  closed: { label: "Closed", status: ["closed"] },
};

export default function SupportTab() {
  const { user } = useSession();
  if (!user) return null;
  return <ShopSupport user={user} />;
}

function ShopSupport({ user }: { user: SessionUser }) {
  const [params, setParams] = useSearchParams();
  const selectedId = params.get("ticket");
  const composing = params.get("new") === "1";
  const [view, setView] = useState("all");
  const [q, setQ] = useState("");
  const viewId = useId();
  const searchId = useId();
  const qc = useQueryClient();
  const [formSession, setFormSession] = useState(newId);

  useLiveTickets(user.id);
  const filters: TicketFilters = { status: VIEWS[view]?.status, q: q.trim() || undefined };
  const queue = useTicketQueue(filters);

  const open = (id: string | null, extra: Record<string, string> = {}) =>
    setParams(id ? { ticket: id, ...extra } : extra);

  const startNew = () => {
    setFormSession(newId());
    setParams({ new: "1" });
  };

  const submit = async (input: NewTicket) => {
    const ticket = await createTicket(input);
    upsertTicket(qc, ticket, user.id);
    void reportTicketFiled(formSession).catch(() => {});
    open(ticket.id);
  };

  const paneOpen = composing || !!selectedId;

  return (
    <div className="flex h-full min-h-0">
      <section
        aria-label="Your tickets"
        className={`${paneOpen ? "hidden md:flex" : "flex"} w-full min-w-0 flex-col border-slate-200 bg-white md:w-80 md:border-r lg:w-96`}
      >
        <div className="space-y-3 border-b border-slate-200 p-4">
          <div className="flex items-center justify-between gap-2">
            <h2 className="text-lg font-semibold text-slate-900">Support</h2>
            <button
              type="button"
              onClick={startNew}
              className="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700"
            >
              New ticket
            </button>
          </div>
          <div className="flex gap-2">
            <div className="flex-1">
              <label htmlFor={searchId} className="sr-only">
                Search your tickets
              </label>
              <input
                id={searchId}
                type="search"
                value={q}
                onChange={(e) => setQ(e.target.value)}
                placeholder="Search tickets"
                className="w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus:ring-2 focus:ring-indigo-500 focus:outline-none"
              />
            </div>
            <label htmlFor={viewId} className="sr-only">
              Show
            </label>
            <select
              id={viewId}
              value={view}
              onChange={(e) => setView(e.target.value)}
              className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:ring-2 focus:ring-indigo-500 focus:outline-none"
            >
              {Object.entries(VIEWS).map(([value, v]) => (
                <option key={value} value={value}>
                  {v.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          <TicketList
            label="Your tickets"
            tickets={queue.tickets}
            state={queue.isPending ? "loading" : queue.isError ? "error" : "ready"}
            errorMessage={queue.error?.message}
            onRetry={() => void queue.refetch()}
            selectedId={selectedId}
            onSelect={(id) => open(id)}
            emptyTitle={q || view !== "all" ? "No tickets match" : "No tickets yet"}
            emptyHint={
              q || view !== "all"
                ? "Try another search or show all tickets."
                : "When something goes wrong, open a ticket and our team will answer here."
            }
            hasMore={queue.hasNextPage}
            loadingMore={queue.isFetchingNextPage}
            onLoadMore={() => void queue.fetchNextPage()}
          />
        </div>
      </section>
      <section
        aria-label={composing ? "New ticket" : "Conversation"}
        className={`${paneOpen ? "flex" : "hidden md:flex"} min-w-0 flex-1 flex-col bg-slate-50`}
      >
        {composing ? (
          <div className="min-h-0 flex-1 overflow-y-auto bg-white">
            <button
              type="button"
              onClick={() => setParams({})}
              className="m-3 mb-0 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 md:hidden"
            >
              ← Back to tickets
            </button>
            <NewTicketForm
              key={formSession}
              deflectionSessionId={formSession}
              onSubmit={submit}
              onCancel={() => setParams({})}
            />
          </div>
        ) : selectedId ? (
          <ShopTicketPane key={selectedId} ticketId={selectedId} user={user} onBack={() => setParams({})} />
        ) : (
          <div className="flex flex-1 items-center justify-center">
            <EmptyState
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
          </div>
        )}
      </section>
    </div>
  );
}

function ShopTicketPane({
  ticketId,
  user,
  onBack,
}: {
  ticketId: string;
  user: SessionUser;
  onBack: () => void;
}) {
  const ticket = useTicket(ticketId);
  const thread = useTicketThread({ ticketId, side: "shop", me: user });
  const update = useUpdateTicket(user.id);

  if (ticket.isPending) return <SkeletonList rows={4} label="Loading ticket" />;
  if (ticket.isError || !ticket.data)
    return (
      <ErrorState
        message={ticket.error?.message ?? "This ticket could not be loaded."}
        onRetry={() => void ticket.refetch()}
      />
    );

  const t = ticket.data;
  const closed = t.status === "closed";
  const canReopen = t.status === "resolved" || t.status === "closed";
  const setStatus = (status: TicketStatus) => update.mutate({ id: t.id, patch: { status } });

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <TicketHeader
        ticket={t}
        onBack={onBack}
        actions={
          <>
            {canReopen && (
              <button
                type="button"
                disabled={update.isPending}
                onClick={() => setStatus("open")}
                className="rounded-lg px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50 disabled:opacity-60"
              >
                Reopen ticket
              </button>
            )}
            {!closed && (
              <button
                type="button"
                disabled={update.isPending}
                onClick={() => setStatus("closed")}
                className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-60"
              >
                Close ticket
              </button>
            )}
          </>
        }
      />
      {update.isError && (
        <p role="alert" className="bg-red-50 px-4 py-2 text-sm text-red-800">
          {update.error.message}
        </p>
      )}
      {t.status === "resolved" && (
        <p className="bg-emerald-50 px-4 py-2 text-sm text-emerald-900">
          Support marked this ticket as resolved. Reply if you still need help, or close it.
        </p>
      )}
      <TicketThread
        items={thread.items}
        viewerSide="shop"
        state={thread.state}
        onReload={thread.reload}
        seenKey={thread.seenKey}
        typingNames={thread.typingNames}
        onRetry={thread.retry}
      />
      <ChatInput
        onSend={(body) => thread.send(body)}
        onTyping={thread.onTyping}
        disabled={closed}
        disabledReason="This ticket is closed. Reopen it to send another message."
      />
    </div>
  );
}
