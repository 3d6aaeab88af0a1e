import type { TicketSlaFilter, TicketSort } from "@parley/contract";

/** What the SLA feature adds to the queue's sort control and filters (data, so the queue stays generic). */
export const SLA_SORT_OPTIONS: { value: TicketSort; label: string }[] = [
  { value: "due", label: "Due soonest" },
];

export const SLA_FILTER_OPTIONS: { value: "" | TicketSlaFilter; label: string }[] = [
  { value: "", label: "Any SLA state" },
  { value: "breached", label: "Breached" },
  { value: "due_within_1h", label: "Due within 1 h" },
];
