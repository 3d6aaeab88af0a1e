/**
 * The admin queue's filter controls. Status and sort stay in view; the other filters sit behind a
 * "Filters" disclosure (so the list keeps its height), which says how many of them are on while it is
 * closed and starts open when the URL already sets one. Escape closes it again, from the button or from
 * inside the panel, and the focus returns to the button.
 */
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { VISITOR_SHOP_PREFIX, type Person } from "@parley/contract";
import type { TicketFilters } from "../api/tickets";
import {
  activeSecondaryFilters,
  CLEARED_SECONDARY_FILTERS,
  PRIORITY_OPTIONS,
  SORT_OPTIONS,
  SOURCE_OPTIONS,
  STATUS_OPTIONS,
  type QueueChoice,
} from "../admin-queue-filters";
import { sortOptionsFor } from "../sort-options";
import SelectField, { type SelectOption } from "../../../components/ui/SelectField";
import { PRIORITY_LABEL, STATUS_LABEL } from "../../../components/support/ticket-labels";
import { SLA_FILTER_OPTIONS } from "../../analytics/components/queue-options";
import ContextFilterField from "../../embed/components/ContextFilterField";

type Props = {
  choice: QueueChoice;
  /** The list's filters (the choice read), for the labels of a saved view's lists. */
  filters: TicketFilters;
  q: string;
  meId: string;
  admins: Person[];
  shops: Person[];
  onChange: (patch: Partial<QueueChoice>) => void;
};

// The space sits outside the hidden span so every accessible-name algorithm reads "Filter by Status".
const filterLabel = (name: string) => (
  <>
    <span className="sr-only">Filter by</span> {name}
  </>
);

/** The select's options, plus the current value when it is a list no option names (a saved view's). */
function withCurrent(options: SelectOption[], value: string, label: () => string): SelectOption[] {
  return !value || options.some((o) => o.value === value) ? options : [...options, { value, label: label() }];
}

export default function AdminQueueFilters({ choice, filters, q, meId, admins, shops, onChange }: Props) {
  const active = activeSecondaryFilters(choice);
  const [open, setOpen] = useState(() => active > 0);
  const panelId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const closeOnEscape = (e: KeyboardEvent) => {
    if (e.key !== "Escape" || !open || e.defaultPrevented) return;
    // A search box with text clears itself on Escape first (the browser's own); the next one closes.
    const field = e.target as HTMLInputElement;
    if (field.tagName === "INPUT" && field.type === "search" && field.value) return;
    e.preventDefault();
    setOpen(false);
    toggle.current?.focus();
  };

  const assigneeOptions = [
    { value: "", label: "Anyone" },
    { value: "me", label: "Assigned to me" },
    { value: "unassigned", label: "Unassigned" },
    ...admins.filter((a) => a.id !== meId).map((a) => ({ value: a.id, label: a.name ?? a.id })),
  ];
  const shopOptions = [
    { value: "", label: "All shops" },
    // A website visitor's conversation sits under its own pseudo-shop: the Source filter finds those.
    ...shops
      .filter((s) => !s.id.startsWith(VISITOR_SHOP_PREFIX))
      .map((s) => ({ value: s.id, label: s.name ?? s.id })),
  ];
  const select = (key: keyof QueueChoice, label: ReactNode, options: SelectOption[], className = "") => (
    <SelectField
      label={label}
      size="sm"
      className={className}
      options={options}
      value={key === "sort" ? (filters.sort ?? "updated") : choice[key]}
      onChange={(v) => onChange({ [key]: v })}
    />
  );

  return (
    <div className="space-y-2">
      {/* The sort box keeps the width of its longest option (never clipped); the status box takes the
          rest, and on a narrow pane the row wraps rather than cut either short. */}
      <div className="flex flex-wrap items-end gap-2">
        {select(
          "status",
          filterLabel("Status"),
          withCurrent(STATUS_OPTIONS, choice.status, () =>
            (filters.status ?? []).map((s) => STATUS_LABEL[s]).join(" or "),
          ),
          "min-w-32 flex-1",
        )}
        {select("sort", "Sort by", sortOptionsFor(SORT_OPTIONS, q), "shrink-0")}
        <button
          ref={toggle}
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((v) => !v)}
          onKeyDown={closeOnEscape}
          className="flex shrink-0 items-center gap-1 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 focus:ring-2 focus:ring-indigo-500 focus:outline-none"
        >
          Filters
          {!open && active > 0 && (
            <>
              <span className="sr-only">, {active} active</span>
              <span aria-hidden="true" className="rounded-full bg-indigo-600 px-1.5 text-xs text-white">
                {active}
              </span>
            </>
          )}
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            className={`size-4 transition-transform ${open ? "rotate-180" : ""}`}
            fill="currentColor"
          >
            <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
          </svg>
        </button>
      </div>
      {/* The keydown is Escape bubbling up from the panel's fields: no role or tab stop of its own. */}
      <div
        id={panelId}
        hidden={!open}
        onKeyDown={closeOnEscape}
        className={`${open ? "grid" : "hidden"} grid-cols-2 gap-2`}
      >
        {select(
          "priority",
          filterLabel("Priority"),
          withCurrent(PRIORITY_OPTIONS, choice.priority, () =>
            (filters.priority ?? []).map((p) => PRIORITY_LABEL[p]).join(" or "),
          ),
        )}
        {select("assignee", filterLabel("Assignee"), assigneeOptions)}
        {select("shop", filterLabel("Shop"), shopOptions)}
        {select("source", filterLabel("Source"), SOURCE_OPTIONS)}
        {select("sla", filterLabel("SLA"), SLA_FILTER_OPTIONS)}
        <label className="flex flex-col text-xs text-slate-600">
          Tag
          <input
            aria-label="Filter by tag"
            value={choice.tag}
            onChange={(e) => onChange({ tag: e.target.value.trim().toLowerCase() })}
            placeholder="any tag"
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
        </label>
        <ContextFilterField
          className="col-span-2"
          value={choice.context}
          onChange={(v) => onChange({ context: v })}
        />
        {active > 0 && (
          <button
            type="button"
            onClick={() => {
              onChange(CLEARED_SECONDARY_FILTERS);
              // The button goes with the last filter: focus stays near, on the disclosure.
              toggle.current?.focus();
            }}
            className="col-span-2 justify-self-start rounded text-xs font-medium text-indigo-700 underline-offset-2 hover:underline focus:ring-2 focus:ring-indigo-500 focus:outline-none"
          >
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
