import { useState } from "react";

/** Tags on the ticket sidebar: chips with a remove button and a field to add one. */
export default function TagEditor(props: {
  tags: string[];
  busy: boolean;
  onChange: (tags: string[]) => void;
}) {
  const [draft, setDraft] = useState("");
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
              onClick={() => props.onChange(props.tags.filter((x) => x !== t))}
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
          const t = draft.trim().toLowerCase();
          if (!t || props.tags.includes(t)) return;
          props.onChange([...props.tags, t]);
          setDraft("");
        }}
      >
        <input
          aria-label="Add a tag"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          maxLength={40}
          className="w-full rounded border px-1 py-0.5"
          placeholder="add tag"
        />
        <button type="submit" disabled={props.busy} className="rounded border px-2">
          Add
        </button>
      </form>
    </div>
  );
}
