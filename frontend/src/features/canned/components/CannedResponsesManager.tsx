import { useId, useRef, useState } from "react";
import { useReturnFocus } from "../../../hooks/useReturnFocus";
import {
  CANNED_PLACEHOLDERS,
  CANNED_TITLE_MAX,
  unknownPlaceholders,
  unknownPlaceholdersMessage,
  type CannedResponse,
} from "@parley/contract";
import { useCannedMutations, useCannedResponses } from "../hooks/useCanned";
import UnsavedChangesGuard from "../../../components/ui/UnsavedChangesGuard";
import DeleteConfirm from "../../../components/ui/DeleteConfirm";
import { LiveAnnouncer, useAnnouncer } from "../../../components/ui/LiveAnnouncer";
import { EmptyState, ErrorState, SkeletonList } from "../../../components/support/ListStates";

const field =
  "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none";

function Editor(props: {
  initial?: CannedResponse;
  /** The new-reply form after an add: its title takes the focus, as the form it replaced had it. */
  focusTitle?: boolean;
  busy: boolean;
  error: string | null;
  onSave: (v: { title: string; body: string }) => void;
  onCancel?: () => void;
}) {
  const [title, setTitle] = useState(props.initial?.title ?? "");
  const [body, setBody] = useState(props.initial?.body ?? "");
  // Placeholders the reply box could not fill (audit F2): refused here at once, as the server does (400).
  const [problem, setProblem] = useState<string | null>(null);
  const bodyField = useRef<HTMLTextAreaElement>(null);
  const errorId = useId();
  const error = problem ?? props.error;
  const label = props.initial ? `Edit “${props.initial.title}”` : "New saved reply";
  // A successful save closes the edit form or remounts the new one (the manager's key), so it ends clean.
  const dirty = title !== (props.initial?.title ?? "") || body !== (props.initial?.body ?? "");
  return (
    <form
      aria-label={label}
      className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200"
      onSubmit={(e) => {
        e.preventDefault();
        if (props.busy) return;
        const unknown = unknownPlaceholders(body);
        if (unknown.length) {
          setProblem(unknownPlaceholdersMessage(unknown));
          bodyField.current?.focus();
          return;
        }
        if (title.trim() && body.trim()) props.onSave({ title: title.trim(), body: body.trim() });
      }}
    >
      <UnsavedChangesGuard
        dirty={dirty}
        message={
          props.initial
            ? "This saved reply has changes you have not saved."
            : "This saved reply is not added yet."
        }
      />
      <label className="block text-sm font-medium text-slate-800">
        Title
        <input
          // Edit replaces its button with this form: the focus comes here instead of falling to the page.
          autoFocus={!!props.initial || props.focusTitle}
          data-return-focus={props.initial ? undefined : "new"}
          value={title}
          maxLength={CANNED_TITLE_MAX}
          onChange={(e) => setTitle(e.target.value)}
          className={field}
        />
      </label>
      <label className="block text-sm font-medium text-slate-800">
        Text
        <textarea
          ref={bodyField}
          value={body}
          rows={4}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? errorId : undefined}
          onChange={(e) => {
            setBody(e.target.value);
            setProblem(null);
          }}
          className={field}
        />
      </label>
      <p className="text-xs text-slate-600">
        Placeholders: {CANNED_PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}. In a ticket, type / in the
        reply box.
      </p>
      {error && (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        {props.onCancel && (
          <button
            type="button"
            onClick={props.onCancel}
            className="rounded-lg px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100"
          >
            Cancel
          </button>
        )}
        {/* aria-disabled, not disabled, while saving: a disabled button drops the focus to <body>. */}
        <button
          type="submit"
          disabled={!title.trim() || !body.trim()}
          aria-disabled={props.busy || undefined}
          className="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-50 aria-disabled:opacity-50"
        >
          {props.initial ? "Save" : "Add saved reply"}
        </button>
      </div>
    </form>
  );
}

/** The admins' saved replies: list, add, edit, delete. */
export default function CannedResponsesManager() {
  const list = useCannedResponses();
  const { create, update, remove } = useCannedMutations();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const { announcement, announce } = useAnnouncer();
  // A closed edit form (saved or cancelled) hands the focus back to that reply's Edit button; a closed
  // delete question to its Delete button, or, the reply deleted, to the next reply (else the one before,
  // else the new-reply form) instead of <body>.
  const { container: section, returnFocusTo } = useReturnFocus<HTMLElement>(
    editing !== null || deleting !== null,
  );
  const closeEditor = (id: string) => {
    setEditing(null);
    returnFocusTo(id);
  };
  const confirmDelete = (c: CannedResponse) => {
    const items = list.data ?? [];
    const at = items.findIndex((x) => x.id === c.id);
    const neighbour = items[at + 1] ?? items[at - 1];
    remove.mutate(c.id, {
      onSuccess: () => {
        setDeleting(null);
        returnFocusTo(neighbour ? neighbour.id : "new");
        announce(`Deleted “${c.title}”.`);
      },
    });
  };

  return (
    <section ref={section} aria-labelledby="canned-title" className="space-y-4">
      <h2 id="canned-title" className="text-lg font-semibold text-slate-900">
        Saved replies
      </h2>
      <LiveAnnouncer announcement={announcement} />
      <Editor
        key={formKey}
        focusTitle={formKey > 0}
        busy={create.isPending}
        error={create.error?.message ?? null}
        onSave={(v) =>
          create.mutate(v, {
            onSuccess: () => {
              setFormKey((k) => k + 1);
              announce(`Added “${v.title}”.`);
            },
          })
        }
      />
      {list.isPending && <SkeletonList rows={2} label="Loading saved replies" />}
      {list.isError && (
        <ErrorState message="The saved replies could not be loaded." onRetry={() => void list.refetch()} />
      )}
      {list.data?.length === 0 && (
        <EmptyState title="No saved replies yet" hint="Add one above; in a ticket, type / to use it." />
      )}
      <ul aria-label="Saved replies" className="space-y-2">
        {list.data?.map((c) =>
          editing === c.id ? (
            <li key={c.id}>
              <Editor
                initial={c}
                busy={update.isPending}
                error={update.error?.message ?? null}
                onCancel={() => closeEditor(c.id)}
                onSave={(v) => update.mutate({ id: c.id, ...v }, { onSuccess: () => closeEditor(c.id) })}
              />
            </li>
          ) : (
            <li key={c.id} className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
              <div className="flex items-start gap-2">
                <h3 className="flex-1 font-medium text-slate-900">{c.title}</h3>
                <button
                  type="button"
                  data-return-focus={c.id}
                  onClick={() => setEditing(c.id)}
                  className="rounded px-2 py-1 text-sm text-indigo-700 hover:bg-indigo-50"
                >
                  Edit<span className="sr-only"> {c.title}</span>
                </button>
                {deleting !== c.id && (
                  <button
                    type="button"
                    data-return-focus={`delete:${c.id}`}
                    onClick={() => {
                      remove.reset();
                      setDeleting(c.id);
                    }}
                    className="rounded px-2 py-1 text-sm text-red-700 hover:bg-red-50"
                  >
                    Delete<span className="sr-only"> {c.title}</span>
                  </button>
                )}
              </div>
              {deleting === c.id && (
                <>
                  <DeleteConfirm
                    className="mt-2 flex-wrap"
                    question={`Delete “${c.title}”?`}
                    pending={remove.isPending}
                    onConfirm={() => confirmDelete(c)}
                    onKeep={() => {
                      setDeleting(null);
                      returnFocusTo(`delete:${c.id}`);
                    }}
                  />
                  {remove.isError && (
                    <p role="alert" className="mt-1 text-sm text-red-700">
                      “{c.title}” could not be deleted: {remove.error.message}
                    </p>
                  )}
                </>
              )}
              <p className="mt-1 text-sm whitespace-pre-wrap text-slate-700">{c.body}</p>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
