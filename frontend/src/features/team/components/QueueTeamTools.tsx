import { useRef, useState } from "react";
import type { BulkBody, SavedView } from "@parley/contract";
import type { TicketFilters } from "../../tickets/api/tickets";
import { unsavedFilterLabels, viewFiltersOf } from "../../tickets/admin-queue-filters";
import { useBulk, useSavedViews } from "../hooks/useTeam";
import BulkActionBar from "./BulkActionBar";
import SaveViewForm from "./SaveViewForm";

/**
 * The queue's team tools, under its filters: saved views with live counts and "Save view" for the
 * current filters, and "select all matching" with the bulk action bar (one server job, progress on the
 * socket).
 */
export default function QueueTeamTools(props: {
  filters: TicketFilters;
  /** The rows ticked in the queue: the bulk bar acts on exactly these. */
  selectedIds: string[];
  onClearSelection: () => void;
  /** A saved view was picked: the queue replaces all its filters with the view's. */
  onView: (filters: SavedView["filters"]) => void;
}) {
  const [selecting, setSelecting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [savedName, setSavedName] = useState<string | null>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  const bulk = useBulk();
  const views = useSavedViews();
  const f = props.filters;
  const filter: NonNullable<BulkBody["filter"]> = {
    ...viewFiltersOf(f),
    ...(f.shopId ? { shopId: f.shopId } : {}),
  };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-1">
        {views.data && views.data.length > 0 && (
          <nav aria-label="Saved views">
            <ul className="flex flex-wrap gap-1 text-xs">
              {views.data.map((v) => (
                <li key={v.id}>
                  <button
                    type="button"
                    onClick={() => props.onView(v.filters)}
                    className="rounded-full bg-slate-100 px-2 py-0.5 hover:bg-slate-200"
                  >
                    {v.name} <span className="text-slate-500">{v.count >= 1000 ? "1000+" : v.count}</span>
                    {v.shared && <span className="sr-only"> (shared)</span>}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {views.isError && <p className="text-xs text-red-700">Saved views could not be loaded.</p>}
        <span className="ml-auto flex items-center gap-1">
          <span role="status" className="text-xs text-emerald-700">
            {savedName && `Saved “${savedName}”`}
          </span>
          <button
            ref={saveButton}
            type="button"
            aria-expanded={saving}
            onClick={() => {
              setSavedName(null);
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
          filters={viewFiltersOf(f)}
          unsaved={unsavedFilterLabels(f)}
          views={views.data ?? []}
          onClose={(view) => {
            setSaving(false);
            setSavedName(view?.name ?? null);
            saveButton.current?.focus();
          }}
        />
      )}
      {props.selectedIds.length > 0 ? (
        <BulkActionBar
          scopeLabel={
            props.selectedIds.length === 1
              ? "1 selected ticket"
              : `${props.selectedIds.length} selected tickets`
          }
          busy={bulk.isPending}
          progress={bulk.progress}
          result={bulk.data ?? null}
          error={bulk.isError ? bulk.error.message : null}
          onApply={(set) => bulk.mutate({ ids: props.selectedIds, set })}
          onCancel={props.onClearSelection}
        />
      ) : (
        selecting && (
          <BulkActionBar
            scopeLabel="every ticket matching these filters"
            busy={bulk.isPending}
            progress={bulk.progress}
            result={bulk.data ?? null}
            error={bulk.isError ? bulk.error.message : null}
            onApply={(set) => bulk.mutate({ filter, set })}
            onCancel={() => setSelecting(false)}
          />
        )
      )}
    </div>
  );
}
