import { useState } from "react";
import type { BulkBody, SavedView } from "@parley/contract";
import type { TicketFilters } from "../../tickets/api/tickets";
import { useBulk, useSavedViews } from "../hooks/useTeam";
import BulkActionBar from "./BulkActionBar";

/**
 * The queue's team tools, beside its filters: the tag filter, saved views with live counts, and
 * "select all matching" with the bulk action bar (one server job, progress on the socket).
 */
export default function QueueTeamTools(props: {
  filters: TicketFilters & { tag?: string };
  tag: string;
  onTag: (tag: string) => void;
  /** The rows ticked in the queue: the bulk bar acts on exactly these. */
  selectedIds: string[];
  onClearSelection: () => void;
  /** A saved view was picked: the queue replaces all its filters with the view's. */
  onView: (filters: SavedView["filters"]) => void;
}) {
  const [selecting, setSelecting] = useState(false);
  const bulk = useBulk();
  const views = useSavedViews();
  const f = props.filters;
  const filter: NonNullable<BulkBody["filter"]> = {
    ...(f.status ? { status: f.status } : {}),
    ...(f.priority ? { priority: f.priority } : {}),
    ...(f.assignee ? { assignee: f.assignee } : {}),
    ...(f.shopId ? { shopId: f.shopId } : {}),
    ...(f.tag ? { tag: f.tag } : {}),
    ...(f.q ? { q: f.q } : {}),
  };
  return (
    <div className="col-span-2 space-y-2">
      <div className="flex items-end gap-2">
        <label className="flex flex-1 flex-col text-xs text-slate-600">
          Tag
          <input
            aria-label="Filter by tag"
            value={props.tag}
            onChange={(e) => props.onTag(e.target.value.trim().toLowerCase())}
            placeholder="any tag"
            className="rounded border px-2 py-1 text-sm"
          />
        </label>
        <button
          type="button"
          onClick={() => setSelecting((v) => !v)}
          aria-pressed={selecting}
          className="rounded px-2 py-1 text-sm ring-1 ring-slate-300"
        >
          Select all matching
        </button>
      </div>
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
