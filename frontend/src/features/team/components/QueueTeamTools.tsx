import { useRef, useState } from "react";
import type { SavedView } from "@parley/contract";
import type { TicketFilters } from "../../tickets/api/tickets";
import { useBulk, useBulkCount, useSavedViews, useTeamList } from "../hooks/useTeam";
import {
  bulkFilterOf,
  describeViewFilters,
  sameViewFilters,
  savedViewFiltersOf,
  type ViewNames,
} from "../view-filters";
import BulkActionBar from "./BulkActionBar";
import EditViewForm from "./EditViewForm";
import SaveViewForm from "./SaveViewForm";

/**
 * The queue's team tools, under its filters: saved views with live counts (the one applied marked; mine
 * with Edit: rename, share, take the queue's filters, delete), "Save view" for the current filters and
 * sort, and "select all matching" with the bulk action bar (one server job, progress on the socket). A
 * change to every matching ticket says how many that is, and asks first above a few.
 */
export default function QueueTeamTools(props: {
  filters: TicketFilters;
  /** Me: my views can be edited, and "Me" is the first assignee in the bulk bar. */
  meId: string;
  /** The rows ticked in the queue: the bulk bar acts on exactly these. */
  selectedIds: string[];
  onClearSelection: () => void;
  /** A saved view was picked: the queue replaces all its filters (and its sort) with the view's. */
  onView: (filters: SavedView["filters"]) => void;
  /** Tickets the list has loaded (a skipped one is named with its subject). */
  ticketOf?: (id: string) => { subject: string } | undefined;
  /** Opens a ticket (from the bulk result's list of skipped ones). */
  onOpenTicket?: (id: string) => void;
  /** Names for the filters in words ("Shop Acme" rather than its id). */
  nameOf?: ViewNames;
}) {
  const [selecting, setSelecting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [savedName, setSavedName] = useState<string | null>(null);
  /** How many tickets the last job was sent (ticked rows): the rest of them were already as chosen. */
  const [sent, setSent] = useState<number | null>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());
  const bulk = useBulk();
  const views = useSavedViews();
  const team = useTeamList();
  const current = savedViewFiltersOf(props.filters);
  const filter = bulkFilterOf(props.filters);
  const ticked = props.selectedIds.length;
  const matching = useBulkCount(filter, selecting && ticked === 0);
  const assignees = (team.data ?? [])
    .filter((a) => a.active)
    .map((a) => ({ id: a.id, name: (a.name ?? a.email ?? "Admin") + (a.invited ? " (invited)" : "") }));
  const editingView = views.data?.find((v) => v.id === editing);
  const closeEditor = (id: string, deleted: boolean) => {
    setEditing(null);
    // Back to the view's Edit button; deleted, that button goes with it, so to "Save view".
    (deleted ? saveButton.current : (editButtons.current.get(id) ?? saveButton.current))?.focus();
  };
  const shared = {
    busy: bulk.isPending,
    progress: bulk.progress,
    result: bulk.data ?? null,
    error: bulk.isError ? bulk.error.message : null,
    meId: props.meId,
    assignees,
    ticketOf: props.ticketOf,
    onOpenTicket: props.onOpenTicket,
  };
  const matchCount = matching.data?.count ?? null;
  const matchLabel =
    matchCount === null
      ? "every ticket matching these filters (counting…)"
      : matchCount === 0
        ? "every ticket matching these filters: none match"
        : matchCount >= (matching.data?.max ?? Infinity)
          ? `the first ${matchCount.toLocaleString("en")} tickets matching these filters (the most one change takes)`
          : matchCount === 1
            ? "the 1 ticket matching these filters"
            : `all ${matchCount.toLocaleString("en")} tickets matching these filters`;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-1">
        {views.data && views.data.length > 0 && (
          <nav aria-label="Saved views">
            <ul className="flex flex-wrap gap-1 text-xs">
              {views.data.map((v) => {
                const on = sameViewFilters(v.filters, current, props.meId);
                const mine = v.ownerId === props.meId;
                return (
                  <li key={v.id} className="flex items-stretch">
                    <button
                      type="button"
                      aria-pressed={on}
                      title={describeViewFilters(v.filters, props.nameOf)}
                      onClick={() => props.onView(v.filters)}
                      className={`${mine ? "rounded-l-full" : "rounded-full"} min-h-6 px-2 py-0.5 pointer-coarse:min-h-11 ${
                        on
                          ? "bg-indigo-600 text-white hover:bg-indigo-700"
                          : "bg-slate-100 hover:bg-slate-200"
                      }`}
                    >
                      {v.name}{" "}
                      <span className={on ? "text-indigo-100" : "text-slate-500"}>
                        {v.count >= 1000 ? "1000+" : v.count}
                      </span>
                      {v.shared && <span className="sr-only"> (shared{mine ? "" : " by a colleague"})</span>}
                    </button>
                    {mine && (
                      <button
                        type="button"
                        ref={(el) => {
                          if (el) editButtons.current.set(v.id, el);
                          else editButtons.current.delete(v.id);
                        }}
                        aria-label={`Edit view ${v.name}`}
                        aria-expanded={editing === v.id}
                        onClick={() => {
                          setSaving(false);
                          setEditing((id) => (id === v.id ? null : v.id));
                        }}
                        // At least 24 × 24 px (WCAG 2.5.8), 44 where the pointer is a finger: "⋯" alone was 20 px.
                        className={`inline-flex min-h-6 min-w-6 items-center justify-center rounded-r-full border-l border-white px-1.5 py-0.5 pointer-coarse:min-h-11 pointer-coarse:min-w-11 ${
                          on
                            ? "bg-indigo-600 text-white hover:bg-indigo-700"
                            : "bg-slate-100 hover:bg-slate-200"
                        }`}
                      >
                        <span aria-hidden>⋯</span>
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
        {views.isError && <p className="text-xs text-red-700">Saved views could not be loaded.</p>}
        <span className="ml-auto flex items-center gap-1">
          <span role="status" className="text-xs text-emerald-700">
            {savedName}
          </span>
          <button
            ref={saveButton}
            type="button"
            aria-expanded={saving}
            onClick={() => {
              setSavedName(null);
              setEditing(null);
              setSaving((v) => !v);
            }}
            className="rounded px-2 py-1 text-sm ring-1 ring-slate-300 hover:bg-slate-100"
          >
            Save view
          </button>
          <button
            type="button"
            onClick={() => setSelecting((v) => !v)}
            aria-pressed={selecting}
            className="rounded px-2 py-1 text-sm ring-1 ring-slate-300 hover:bg-slate-100"
          >
            Select all matching
          </button>
        </span>
      </div>
      {saving && (
        <SaveViewForm
          filters={current}
          nameOf={props.nameOf}
          views={views.data ?? []}
          onClose={(view) => {
            setSaving(false);
            setSavedName(view ? `Saved “${view.name}”` : null);
            saveButton.current?.focus();
          }}
        />
      )}
      {editingView && (
        <EditViewForm
          key={editingView.id}
          view={editingView}
          current={current}
          nameOf={props.nameOf}
          views={views.data ?? []}
          onClose={(outcome) => {
            setSavedName(
              outcome === "deleted"
                ? `Deleted “${editingView.name}”`
                : outcome
                  ? `Saved “${outcome.name}”`
                  : null,
            );
            closeEditor(editingView.id, outcome === "deleted");
          }}
        />
      )}
      {ticked > 0 ? (
        <BulkActionBar
          {...shared}
          scopeLabel={ticked === 1 ? "1 selected ticket" : `${ticked} selected tickets`}
          count={ticked}
          total={sent}
          onApply={(set) => {
            setSent(ticked);
            bulk.mutate({ ids: props.selectedIds, set });
          }}
          onCancel={props.onClearSelection}
        />
      ) : (
        selecting && (
          <BulkActionBar
            {...shared}
            scopeLabel={matchLabel}
            count={matchCount}
            countError={matching.isError ? `Could not count the tickets: ${matching.error.message}` : null}
            // The job's own count (its last progress) of the tickets it looked at.
            total={bulk.progress?.finished ? bulk.progress.total : null}
            onApply={(set) => {
              setSent(null);
              bulk.mutate({ filter, set });
            }}
            onCancel={() => setSelecting(false)}
          />
        )
      )}
    </div>
  );
}
