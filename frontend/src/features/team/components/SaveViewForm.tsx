/**
 * The queue's "Save view" form: names the current filters and saves them as a view (POST /api/views).
 * Enter saves, Escape cancels; a refusal shows the server's message and keeps what was typed. The name's
 * limit is said under the box (the box cuts longer typing and pastes), and a name already in the list
 * is pointed out without blocking: the server allows it, and two views may well share a name.
 */
import { useRef, useState } from "react";
import { createSavedViewBodySchema, type SavedView } from "@parley/contract";
import FormField, { FormAlert } from "../../../components/ui/FormField";
import { useCreateView } from "../hooks/useTeam";
import { describeViewFilters, type ViewNames, viewNamed, VIEW_NAME_MAX as NAME_MAX } from "../view-filters";

export default function SaveViewForm({
  filters,
  nameOf,
  views,
  onClose,
}: {
  /** The queue's current filters and sort, as a view keeps them (every one of them). */
  filters: SavedView["filters"];
  /** Names for shops and admins in the description. */
  nameOf?: ViewNames;
  /** The views already in the queue's list (for a name that is taken). */
  views: readonly SavedView[];
  /** Cancelled (Escape, Cancel), or saved: the view as the server keeps it. */
  onClose: (saved: SavedView | null) => void;
}) {
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const create = useCreateView();
  const nameBox = useRef<HTMLInputElement>(null);
  const taken = viewNamed(views, name);
  const hint = taken
    ? `A view called “${taken.name}” is already in your list. Save another?`
    : name.length >= NAME_MAX
      ? `${NAME_MAX} of ${NAME_MAX} characters: the limit; anything longer is cut off.`
      : `Up to ${NAME_MAX} characters.`;

  const submit = () => {
    const body = createSavedViewBodySchema.safeParse({ name, shared, filters });
    if (!body.success) {
      setNameError(
        body.error.issues.some((i) => i.path[0] === "name")
          ? `Name the view (up to ${NAME_MAX} characters).`
          : "These filters cannot be saved as a view.",
      );
      // Save pressed with no name: the box takes the focus, so its error (its description) is read out.
      nameBox.current?.focus();
      return;
    }
    if (!create.isPending) create.mutate(body.data, { onSuccess: (view) => onClose(view) });
  };

  return (
    <form
      aria-label="Save view"
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
        hint={<span className={taken ? "text-amber-800" : undefined}>{hint}</span>}
      >
        {(a11y) => (
          <input
            {...a11y}
            ref={nameBox}
            // The form opens on request: typing the name is what comes next.
            autoFocus
            value={name}
            maxLength={NAME_MAX}
            onChange={(e) => {
              setName(e.target.value);
              setNameError(null);
              create.reset();
            }}
            placeholder="e.g. Urgent refunds"
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          />
        )}
      </FormField>
      <label className="flex items-center gap-2 text-xs text-slate-700">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
        Share with the team
      </label>
      <p className="text-xs text-slate-600">Saves: {describeViewFilters(filters, nameOf)}.</p>
      <FormAlert message={create.isError ? create.error.message : null} />
      <div className="flex gap-2">
        {/* aria-disabled, not disabled, while saving: a disabled button drops the focus to <body>, away
            from a refusal shown under the name. */}
        <button
          type="submit"
          aria-disabled={create.isPending || undefined}
          className="rounded-md bg-indigo-600 px-2.5 py-1 text-sm font-medium text-white hover:bg-indigo-700 aria-disabled:opacity-60"
        >
          {create.isPending ? "Saving…" : taken ? "Save another" : "Save"}
        </button>
        <button
          type="button"
          onClick={() => onClose(null)}
          className="rounded-md px-2.5 py-1 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
