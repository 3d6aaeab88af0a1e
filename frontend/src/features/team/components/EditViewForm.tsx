/**
 * Editing one of my saved views (PATCH /api/views/:id): rename it, share or unshare it, or have it take
 * the queue's current filters and sort instead of its own; and delete it (DELETE /api/views/:id) after
 * an inline "Delete …? Yes, delete / Keep", which says when the view goes for the whole team. Escape or
 * Cancel closes it unchanged; a refusal shows the server's message and keeps what was typed.
 */
import { useState } from "react";
import { updateSavedViewBodySchema, type SavedView, type UpdateSavedViewBody } from "@parley/contract";
import FormField, { FormAlert } from "../../../components/ui/FormField";
import { useDeleteView, useUpdateView } from "../hooks/useTeam";
import {
  describeViewFilters,
  type ViewNames,
  sameViewFilters,
  VIEW_NAME_MAX,
  viewNamed,
} from "../view-filters";
import DeleteConfirm from "../../../components/ui/DeleteConfirm";

const noop = () => {};

export default function EditViewForm({
  view,
  current,
  nameOf,
  views = [],
  onClose,
}: {
  view: SavedView;
  /** The queue's current filters and sort, as a view keeps them. */
  current: SavedView["filters"];
  nameOf?: ViewNames;
  /** The views in the queue's list: a new name another one has is said, as when saving a view. */
  views?: SavedView[];
  /** Cancelled (null), saved (the view as the server keeps it) or deleted. */
  onClose: (outcome: SavedView | "deleted" | null) => void;
}) {
  const [name, setName] = useState(view.name);
  const [shared, setShared] = useState(view.shared);
  const [takeCurrent, setTakeCurrent] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const update = useUpdateView();
  const remove = useDeleteView();
  const differs = !sameViewFilters(view.filters, current, view.ownerId);
  const taken = viewNamed(views, name, view.id);
  const failure = update.isError ? update.error.message : remove.isError ? remove.error.message : null;

  const submit = () => {
    const patch: UpdateSavedViewBody = {
      ...(name.trim() !== view.name ? { name } : {}),
      ...(shared !== view.shared ? { shared } : {}),
      ...(takeCurrent && differs ? { filters: current } : {}),
    };
    if (Object.keys(patch).length === 0) return onClose(null);
    const body = updateSavedViewBodySchema.safeParse(patch);
    if (!body.success) {
      setNameError(`Name the view (up to ${VIEW_NAME_MAX} characters).`);
      return;
    }
    // A refusal shows as the form's alert (the mutation's error).
    void update.mutateAsync({ id: view.id, patch: body.data }).then(onClose, noop);
  };

  return (
    <form
      aria-label={`Edit view ${view.name}`}
      noValidate
      className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onClose(null);
        }
      }}
    >
      <FormField
        label="View name"
        labelClassName="text-xs text-slate-600"
        error={nameError ?? undefined}
        hint={
          taken
            ? `A view called “${taken.name}” is already in your list. Rename anyway?`
            : `Up to ${VIEW_NAME_MAX} characters.`
        }
      >
        {(a11y) => (
          <input
            {...a11y}
            // Opened with Edit: renaming is the likeliest next step.
            autoFocus
            value={name}
            maxLength={VIEW_NAME_MAX}
            onChange={(e) => {
              setName(e.target.value);
              setNameError(null);
              update.reset();
            }}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          />
        )}
      </FormField>
      <label className="flex items-center gap-2 text-xs text-slate-700">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
        Share with the team
      </label>
      <p className="text-xs text-slate-600">Shows: {describeViewFilters(view.filters, nameOf)}.</p>
      {differs && (
        <label className="flex items-start gap-2 text-xs text-slate-700">
          <input
            type="checkbox"
            checked={takeCurrent}
            onChange={(e) => setTakeCurrent(e.target.checked)}
            className="mt-0.5"
          />
          <span>Use the queue’s current filters instead: {describeViewFilters(current, nameOf)}</span>
        </label>
      )}
      <FormAlert message={failure} />
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          disabled={update.isPending || remove.isPending}
          className="rounded-md bg-indigo-600 px-2.5 py-1 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          {update.isPending ? "Saving…" : "Save"}
        </button>
        <button
          type="button"
          onClick={() => onClose(null)}
          className="rounded-md px-2.5 py-1 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
        >
          Cancel
        </button>
        {confirmDelete ? (
          <DeleteConfirm
            className="ml-auto"
            question={
              <>
                Delete “{view.name}”?{view.shared && " It goes for the whole team too."}
              </>
            }
            pending={remove.isPending}
            // The promise, unlike mutate's callbacks, settles after this form is gone with its view.
            onConfirm={() => void remove.mutateAsync(view.id).then(() => onClose("deleted"), noop)}
            onKeep={() => setConfirmDelete(false)}
          />
        ) : (
          <button
            type="button"
            onClick={() => setConfirmDelete(true)}
            className="ml-auto rounded-md px-2.5 py-1 text-sm text-red-700 ring-1 ring-red-200 hover:bg-red-50"
          >
            Delete view
          </button>
        )}
      </div>
    </form>
  );
}
