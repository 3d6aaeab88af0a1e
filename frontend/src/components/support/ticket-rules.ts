/** Labels, colours and the ticket lifecycle as the UI needs them (mirrors the contract's lifecycle). */
import type { Role, TicketPriority, TicketStatus } from "../../services/api/support";

export const STATUS_LABEL: Record<TicketStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  resolved: "Resolved",
  closed: "Closed",
};

export const PRIORITY_LABEL: Record<TicketPriority, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};

export const PRIORITY_RANK: Record<TicketPriority, number> = { urgent: 0, high: 1, medium: 2, low: 3 };

export const CATEGORIES = [
  { value: "orders", label: "Orders" },
  { value: "payouts", label: "Payouts & billing" },
  { value: "shipping", label: "Shipping" },
  { value: "account", label: "Account & settings" },
  { value: "technical", label: "Technical problem" },
  { value: "other", label: "Something else" },
] as const;

export function categoryLabel(value: string | null | undefined): string | null {
  if (!value) return null;
  return CATEGORIES.find((c) => c.value === value)?.label ?? value;
}

/** Statuses the given role may move a ticket to from `from` (the current status is not included). */
export function allowedTransitions(from: TicketStatus, role: Role): TicketStatus[] {
  const next = new Set<TicketStatus>();
  if (role === "admin") {
    if (from === "open") ["in_progress", "resolved"].forEach((s) => next.add(s as TicketStatus));
    if (from === "in_progress") next.add("resolved");
    if (from !== "closed") next.add("closed");
  } else if (from !== "closed") {
    next.add("closed");
  }
  if (from === "resolved" || from === "closed") next.add("open");
  return TICKET_ORDER.filter((s) => next.has(s));
}

const TICKET_ORDER: TicketStatus[] = ["open", "in_progress", "resolved", "closed"];

export function isActive(status: TicketStatus): boolean {
  return status === "open" || status === "in_progress";
}
