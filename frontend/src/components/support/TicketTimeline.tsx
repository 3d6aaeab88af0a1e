import type { ReactNode } from "react";
import type { TicketEvent } from "@parley/contract";
import RelativeTime from "./RelativeTime";
import { PRIORITY_LABEL, STATUS_LABEL } from "./ticket-labels";
import { ErrorState, SkeletonList } from "./ListStates";

export type TicketTimelineProps = {
  events: TicketEvent[];
  state: "loading" | "error" | "ready";
  onRetry?: () => void;
  /** A person's name; "You" for the viewer (it reads "you" where it is not the first word). */
  nameOf: (userId: string | null) => string;
  /** The ticket whose history this is: a `merged` event reads "merged into #n" or "merged #n into this ticket". */
  ticketId?: string;
  /** Another ticket, by its number (a link); without it, "another ticket". */
  ticketRef?: (ticketId: string) => ReactNode;
};

/** A name after the start of a sentence: the viewer is "you" there ("Bea assigned it to you"). */
const midSentence = (name: string) => (name === "You" ? "you" : name);

function label<T extends string>(map: Record<T, string>, v: string | null): string {
  return v ? (map[v as T] ?? v) : "none";
}

const BREACHED_TARGET: Record<string, string> = {
  first_response: "first response",
  next_response: "next response",
  resolution: "resolution",
};
const PAUSE_REASON: Record<string, string> = {
  waiting_on_shop: "waiting on the shop",
  resolved: "ticket resolved",
  closed: "ticket closed",
};

const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
};

function describe(
  e: TicketEvent,
  nameOf: (id: string | null) => string,
  ticketId: string | undefined,
  ticketRef: (id: string) => ReactNode,
): ReactNode {
  const who = nameOf(e.actorId);
  switch (e.type) {
    case "merged":
      // from: the merged (source) ticket, to: the ticket it went into; both record the event.
      if (ticketId && e.to === ticketId && e.from)
        return (
          <>
            {who}: merged {ticketRef(e.from)} into this ticket
          </>
        );
      return (
        <>
          {who}: merged into {e.to ? ticketRef(e.to) : "another ticket"}
        </>
      );
    case "created":
      return `${who} opened the ticket`;
    case "status":
      return `${who} changed status from ${label(STATUS_LABEL, e.from)} to ${label(STATUS_LABEL, e.to)}`;
    case "priority":
      return `${who} changed priority from ${label(PRIORITY_LABEL, e.from)} to ${label(PRIORITY_LABEL, e.to)}`;
    case "assignee":
      if (!e.to) return `${who} unassigned the ticket`;
      return e.to === e.actorId
        ? `${who} took the ticket`
        : `${who} assigned it to ${midSentence(nameOf(e.to))}`;
    case "sla_started":
      if (e.from === "next_response") return `Shop replied: next response due${e.to ? ` ${when(e.to)}` : ""}`;
      return `SLA clock started${e.to ? `: resolution due ${when(e.to)}` : ""}`;
    case "sla_retargeted":
      return `SLA re-targeted for ${e.from ?? "the new"} priority${e.to ? `: next deadline ${when(e.to)}` : ""}`;
    case "sla_paused":
      return `SLA clock paused (${PAUSE_REASON[e.to ?? ""] ?? e.to ?? "paused"})`;
    case "sla_resumed":
      return `SLA clock resumed${e.to ? `: resolution now due ${when(e.to)}` : ""}`;
    case "sla_breached":
      return `SLA breached: ${BREACHED_TARGET[e.from ?? ""] ?? "a target"}${e.to ? ` was due ${when(e.to)}` : ""}`;
    default: {
      // A newer server may send event types this build does not know yet.
      const other: { type: string; to: string | null } = e;
      return `${who}: ${other.type}${other.to ? ` → ${other.to}` : ""}`;
    }
  }
}

/** The ticket's history: created, status, priority and assignee changes, and the SLA clock's steps. */
const noRef = () => "another ticket";

export default function TicketTimeline({
  events,
  state,
  onRetry,
  nameOf,
  ticketId,
  ticketRef = noRef,
}: TicketTimelineProps) {
  if (state === "loading") return <SkeletonList rows={2} label="Loading timeline" />;
  if (state === "error") return <ErrorState message="The timeline could not be loaded." onRetry={onRetry} />;
  if (!events.length) return <p className="p-4 text-sm text-slate-600">Nothing has happened yet.</p>;
  return (
    <ol aria-label="Timeline" className="relative space-y-3 border-l border-slate-200 pl-4">
      {events.map((e, i) => (
        <li key={`${e.createdAt}-${i}`} className="relative text-sm">
          <span
            aria-hidden="true"
            className="absolute top-1.5 -left-[21px] size-2.5 rounded-full bg-slate-300 ring-2 ring-white"
          />
          <p className="text-slate-700">{describe(e, nameOf, ticketId, ticketRef)}</p>
          <RelativeTime iso={e.createdAt} className="text-xs text-slate-600" />
        </li>
      ))}
    </ol>
  );
}
