/** How the UI names statuses, priorities and categories. The lifecycle itself is @parley/contract's. */
import type { TicketPriority, TicketStatus } from "@parley/contract";

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
