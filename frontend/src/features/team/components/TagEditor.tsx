import { useId, useState } from "react";
import { ApiError } from "../../../services/api/client";

/** What to tell the admin when the server refuses the tags: its field messages, else its message. */
function refusal(err: unknown): string {
  if (err instanceof ApiError && err.details.length > 0)
    return [...new Set(err.details.map((d) => d.message))].join(" ");
  return err instanceof Error && err.message ? err.message : "The tags could not be saved.";
}

/**
 * What the admin typed, as a tag: trimmed, lower case (as the server keeps tags), and spaces inside typed as
 * one "-" ("VIP customer" is vip-customer), where the API takes no space. Anything else the API refuses is
 * sent as typed, and its reason shows under the field.
 */
const asTag = (typed: string) => typed.trim().toLowerCase().replace(/\s+/g, "-");

/**
 * Tags on the ticket sidebar: chips with a remove button and a field to add one. `onChange` may return
 * the save's promise: a refused tag then stays in the field with the server's reason under it.
 */
export default function TagEditor(props: {
  tags: string[];
  busy: boolean;
  onChange: (tags: string[]) => Promise<unknown> | void;
}) {
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const save = async (tags: string[], added?: string) => {
    setError(null);
    try {
      await props.onChange(tags);
      // Only the tag just saved leaves the field: the admin may have typed on meanwhile.
      if (added !== undefined) setDraft((d) => (asTag(d) === added ? "" : d));
    } catch (err) {
      setError(refusal(err));
    }
  };
  return (
    <div className="mt-4 text-xs">
      <h3 className="mb-1 font-semibold tracking-wide text-slate-500 uppercase">Tags</h3>
      <ul className="flex flex-wrap gap-1" aria-label="Tags">
        {props.tags.map((t) => (
          <li key={t} className="flex items-center gap-1 rounded bg-slate-100 px-1.5 py-0.5 text-slate-800">
            {t}
            <button
              type="button"
              aria-label={`Remove tag ${t}`}
              disabled={props.busy}
              onClick={() => void save(props.tags.filter((x) => x !== t))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="mt-1 flex gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          const t = asTag(draft);
          if (!t || props.tags.includes(t)) return;
          void save([...props.tags, t], t);
        }}
      >
        <input
          aria-label="Add a tag"
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(null);
          }}
          maxLength={40}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className="w-full rounded border px-1 py-0.5"
          placeholder="add tag"
        />
        <button type="submit" disabled={props.busy} className="rounded border px-2">
          Add
        </button>
      </form>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
