import { useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { SavedView } from "@parley/contract";
import type { TicketFilters } from "../../tickets/api/tickets";
import { ticketCountQuery } from "../../tickets/hooks/useTicketCount";
import { useBulk, useBulkCount, useSavedViews, useTeamList } from "../hooks/useTeam";
import {
  bulkFilterOf,
  describeViewFilters,
  sameViewFilters,
  savedViewFiltersOf,
  type ViewNames,
} from "../view-filters";
import BulkActionBar from "./BulkActionBar";
import DeleteDeactivatedViewConfirm, { type DeactivatedView } from "./DeleteDeactivatedViewConfirm";
import EditViewForm from "./EditViewForm";
import SaveViewForm from "./SaveViewForm";

/**
 * The queue's team tools, under its filters: saved views with live counts (the one applied marked; mine
 * with Edit: rename, share, take the queue's filters, delete; a shared one whose owner is deactivated with
 * Delete, for any admin), "Save view" for the current filters and
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
  /** A deactivated colleague's shared view being deleted (kept as asked about, should it vanish meanwhile). */
  const [removing, setRemoving] = useState<DeactivatedView | null>(null);
  const [savedName, setSavedName] = useState<string | null>(null);
  const [viewNotice, setViewNotice] = useState<string | null>(null);
  /** How many tickets the last job was sent (ticked rows): the rest of them were already as chosen. */
  const [sent, setSent] = useState<number | null>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());
  const deleteButtons = useRef(new Map<string, HTMLButtonElement>());
  const bulk = useBulk();
  const views = useSavedViews();
  const team = useTeamList();
  const current = savedViewFiltersOf(props.filters);
  const filter = bulkFilterOf(props.filters);
  const ticked = props.selectedIds.length;
  const matching = useBulkCount(filter, selecting && ticked === 0);
  // The queue's own count (its "312 tickets", kept current by the queue's useTicketCount; this only reads
  // it): with nothing matching there is nothing to select, so "Select all matching" is not offered.
  const queueCount = useQuery(ticketCountQuery(props.filters)).data?.count;
  const nothingMatches = queueCount === 0;
  const assignees = (team.data ?? [])
    .filter((a) => a.active)
    .map((a) => ({ id: a.id, name: (a.name ?? a.email ?? "Admin") + (a.invited ? " (invited)" : "") }));
  /** Deactivated admins by id, named: their shared views are the team's to delete. */
  const deactivated = new Map(
    (team.data ?? []).filter((a) => !a.active).map((a) => [a.id, a.name ?? a.email ?? "a former colleague"]),
  );
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
                const leftBy = !mine && v.shared ? deactivated.get(v.ownerId) : undefined;
                const sharedBy = leftBy === undefined ? "" : `Shared by ${leftBy} (deactivated)`;
                return (
                  <li key={v.id} className="flex items-stretch">
                    <button
                      type="button"
                      aria-pressed={on}
                      title={(sharedBy && `${sharedBy}. `) + describeViewFilters(v.filters, props.nameOf)}
                      onClick={() => props.onView(v.filters)}
                      className={`${mine || leftBy !== undefined ? "rounded-l-full" : "rounded-full"} min-h-6 px-2 py-0.5 pointer-coarse:min-h-11 ${
                        on
                          ? "bg-indigo-600 text-white hover:bg-indigo-700"
                          : "bg-slate-100 hover:bg-slate-200"
                      }`}
                    >
                      {v.name}{" "}
                      <span className={on ? "text-indigo-100" : "text-slate-500"}>
                        {v.count >= 1000 ? "1000+" : v.count}
                      </span>
                      {v.shared && (
                        <span className="sr-only">
                          {mine
                            ? " (shared)"
                            : leftBy !== undefined
                              ? ` (shared by ${leftBy}, deactivated)`
                              : " (shared by a colleague)"}
                        </span>
                      )}
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
                          setRemoving(null);
                          setViewNotice(null);
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
                    {leftBy !== undefined && (
                      <button
                        type="button"
                        ref={(el) => {
                          if (el) deleteButtons.current.set(v.id, el);
                          else deleteButtons.current.delete(v.id);
                        }}
                        aria-label={`Delete view ${v.name} (shared by ${leftBy}, deactivated)`}
                        title={`${sharedBy}: delete it for the team`}
                        aria-expanded={removing?.id === v.id}
                        onClick={() => {
                          setSaving(false);
                          setEditing(null);
                          setSavedName(null);
                          setViewNotice(null);
                          setRemoving((r) =>
                            r?.id === v.id ? null : { id: v.id, name: v.name, owner: leftBy },
                          );
                        }}
                        className={`inline-flex min-h-6 min-w-6 items-center justify-center rounded-r-full border-l border-white px-1.5 py-0.5 pointer-coarse:min-h-11 pointer-coarse:min-w-11 ${
                          on
                            ? "bg-indigo-600 text-white hover:bg-indigo-700"
                            : "bg-slate-100 text-red-700 hover:bg-red-50"
                        }`}
                      >
                        <span aria-hidden>×</span>
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
        {views.isError && <p className="text-xs text-red-700">Saved views could not be loaded.</p>}
        {viewNotice && (
          <p role="alert" className="text-xs text-red-700">
            {viewNotice}
          </p>
        )}
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
              setViewNotice(null);
              setEditing(null);
              setRemoving(null);
              setSaving((v) => !v);
            }}
            className="rounded px-2 py-1 text-sm ring-1 ring-slate-300 hover:bg-slate-100"
          >
            Save view
          </button>
          {/* Kept while its bar is open, to close it (a bulk change may just have emptied the queue). */}
          {(selecting || !nothingMatches) && (
            <button
              type="button"
              onClick={() => setSelecting((v) => !v)}
              aria-pressed={selecting}
              className="rounded px-2 py-1 text-sm ring-1 ring-slate-300 hover:bg-slate-100"
            >
              Select all matching
            </button>
          )}
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
      {removing && (
        <DeleteDeactivatedViewConfirm
          key={removing.id}
          view={removing}
          onClose={(outcome) => {
            setRemoving(null);
            if (outcome === "deleted") setSavedName(`Deleted “${removing.name}”`);
            if (outcome === "gone") {
              setViewNotice(
                `“${removing.name}” was not deleted: someone else deleted it already, or ${removing.owner} is active again. The list is refreshed.`,
              );
            }
            // Kept: back to its Delete button; otherwise that button is gone (or may be), so to "Save view".
            const back = outcome === null ? deleteButtons.current.get(removing.id) : undefined;
            (back ?? saveButton.current)?.focus();
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
