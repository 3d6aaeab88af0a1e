/**
 * The admin queue's filters as the URL keeps them (`?status=open&priority=high,urgent&tag=vip`), and
 * their translations: to the list request, from a saved view, to a saved view.
 */
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type SavedView,
  type TicketPriority,
  type TicketSlaFilter,
  type TicketSort,
  type TicketSource,
  type TicketStatus,
} from "@parley/contract";
import type { TicketFilters } from "./api/tickets";
import { effectiveSort } from "./sort-options";
import { PRIORITY_LABEL } from "../../components/support/ticket-labels";
import { SLA_SORT_OPTIONS } from "../analytics/components/queue-options";

export type QueueFilterKey =
  "status" | "priority" | "assignee" | "shop" | "source" | "sla" | "sort" | "context" | "tag";
export type QueueChoice = Record<QueueFilterKey, string>;

export const NO_FILTERS: QueueChoice = {
  status: "active",
  priority: "",
  assignee: "",
  shop: "",
  source: "",
  sla: "",
  sort: "updated",
  context: "", // an order (listing, payout, booking) id of the host platform
  tag: "",
};

/** Behind the Filters disclosure; the search, status and sort stay in view. */
export const SECONDARY_FILTERS = ["priority", "assignee", "shop", "source", "sla", "context", "tag"] as const;

export const activeSecondaryFilters = (choice: QueueChoice) =>
  SECONDARY_FILTERS.filter((k) => choice[k] !== NO_FILTERS[k]).length;

export const CLEARED_SECONDARY_FILTERS: Partial<QueueChoice> = Object.fromEntries(
  SECONDARY_FILTERS.map((k) => [k, NO_FILTERS[k]]),
);

// The sort orders the list and narrows nothing: never counted as a filter, nor cleared with them.
const FILTER_KEYS = (Object.keys(NO_FILTERS) as QueueFilterKey[]).filter((k) => k !== "sort");

/** A filter other than the search narrows the list (status included: "Closed" is one). */
export const hasFilters = (choice: QueueChoice) => FILTER_KEYS.some((k) => choice[k] !== NO_FILTERS[k]);

/** Every filter back to its default, the status to "Active" too; the sort and the search stay. */
export const CLEARED_FILTERS: Partial<QueueChoice> = Object.fromEntries(
  FILTER_KEYS.map((k) => [k, NO_FILTERS[k]]),
);

/** Anything narrowing the list (sort does not): the empty state then says to loosen a filter. */
export const isFiltered = (choice: QueueChoice, q: string) => !!q || hasFilters(choice);

type StatusView = "active" | "all" | "open" | "in_progress" | "resolved" | "closed";
const STATUS_VIEWS: Record<StatusView, { label: string; status?: TicketStatus[] }> = {
  active: { label: "Active", status: ["open", "in_progress"] },
  all: { label: "All statuses" },
  open: { label: "Open", status: ["open"] },
  in_progress: { label: "In progress", status: ["in_progress"] },
  resolved: { label: "Resolved", status: ["resolved"] },
  closed: { label: "Closed", status: ["closed"] },
};
export const STATUS_OPTIONS = Object.entries(STATUS_VIEWS).map(([value, v]) => ({
  value: value as StatusView,
  label: v.label,
}));

export const PRIORITY_OPTIONS = [
  { value: "" as const, label: "Any priority" },
  ...TICKET_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] })),
];

/** Short labels: the sort box shares a row with the status box and must show its choice whole. */
export const SORT_OPTIONS: { value: TicketSort; label: string }[] = [
  { value: "updated", label: "Last updated" },
  { value: "created", label: "Newest first" },
  { value: "priority", label: "Priority" },
  ...SLA_SORT_OPTIONS,
];

export const SOURCE_OPTIONS: { value: "" | TicketSource; label: string }[] = [
  { value: "", label: "Shops and visitors" },
  { value: "shop", label: "Shops" },
  { value: "visitor", label: "Visitors" },
];

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

/** What the list asks the API for. */
export function ticketFiltersOf(choice: QueueChoice, q: string): TicketFilters {
  return {
    status: statusesOf(choice.status),
    priority: prioritiesOf(choice.priority),
    assignee: choice.assignee || undefined,
    shopId: choice.shop || undefined,
    source: (choice.source as TicketSource) || undefined,
    q: q || undefined,
    sort: effectiveSort(choice.sort as TicketSort, q),
    sla: (choice.sla || undefined) as TicketSlaFilter | undefined,
    tag: choice.tag || undefined,
    contextId: choice.context || undefined,
  };
}

/** A saved view replaces every filter: what it does not set goes back to its default (status: any). */
export function choiceOfView(v: SavedView["filters"], meId: string): QueueChoice & { q: string } {
  return {
    ...NO_FILTERS,
    status: statusChoiceOf(v.status),
    priority: v.priority?.join(",") ?? "",
    assignee: v.assignee === meId ? "me" : (v.assignee ?? ""),
    tag: v.tag ?? "",
    q: v.q ?? "",
  };
}

/** The part of the list's filters a saved view can keep ("me" stays "me": each admin's own tickets). */
export function viewFiltersOf(f: TicketFilters): SavedView["filters"] {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.priority ? { priority: f.priority } : {}),
    ...(f.assignee ? { assignee: f.assignee } : {}),
    ...(f.tag ? { tag: f.tag } : {}),
    ...(f.q ? { q: f.q } : {}),
  };
}
