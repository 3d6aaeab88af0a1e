/**
 * Deleting a shared view left behind by a deactivated colleague (any admin may: DELETE /api/views/:id),
 * after the same inline "Delete …? Yes, delete / Keep" as deleting one's own view. A 404 means the view
 * is already gone (another admin deleted it first) or its owner is active again: the caller is told
 * "gone" and says so; any other refusal shows here, in the server's words. Either way the list refetches
 * (useDeleteView). Escape is Keep.
 */
import { FormAlert } from "../../../components/ui/FormField";
import { ApiError } from "../../../services/api/client";
import { useDeleteView } from "../hooks/useTeam";
import DeleteConfirm from "../../../components/ui/DeleteConfirm";

export type DeactivatedView = { id: string; name: string; owner: string };

export default function DeleteDeactivatedViewConfirm({
  view,
  onClose,
}: {
  view: DeactivatedView;
  /** Kept (null), deleted, or already gone on the server (404). */
  onClose: (outcome: "deleted" | "gone" | null) => void;
}) {
  const remove = useDeleteView();
  const failure = remove.isError ? `Could not delete “${view.name}”: ${remove.error.message}` : null;
  const confirm = () => {
    // The promise, unlike mutate's callbacks, settles after this panel is gone with its view.
    void remove.mutateAsync(view.id).then(
      () => onClose("deleted"),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) onClose("gone");
      },
    );
  };
  return (
    <div
      role="group"
      aria-label={`Delete “${view.name}”`}
      className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2 text-sm"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onClose(null);
        }
      }}
    >
      <FormAlert message={failure} />
      <DeleteConfirm
        className="flex-wrap"
        question={
          <>
            Delete “{view.name}”, shared by {view.owner} (deactivated)? It goes for the whole team.
          </>
        }
        pending={remove.isPending}
        onConfirm={confirm}
        onKeep={() => onClose(null)}
      />
    </div>
  );
}
