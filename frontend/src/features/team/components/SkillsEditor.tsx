import { CATEGORY_MAX, SKILLS_MAX } from "@parley/contract";
import { useEffect, useId, useRef, useState } from "react";
import { CATEGORIES } from "../../../components/support/ticket-labels";
import { ApiError } from "../../../services/api/client";

/**
 * A skill as the server keeps it (trimmed, lower case) and as auto-assignment compares it with a ticket's
 * category, so the chip shown is the one saved.
 */
const asSkill = (typed: string) => typed.trim().toLowerCase();

/** The server's reason, naming the skill its detail points at (`skills.2`) so the admin knows which. */
function refusal(err: unknown, sent: string[]): string {
  if (err instanceof ApiError && err.details.length > 0)
    return [
      ...new Set(
        err.details.map((d) => {
          const index = /^skills\.(\d+)/.exec(d.path ?? "")?.[1];
          const skill = index === undefined ? undefined : sent[Number(index)];
          return skill === undefined ? d.message : `“${skill}”: ${d.message}`;
        }),
      ),
    ].join(" ");
  return err instanceof Error && err.message ? err.message : "The skills could not be saved.";
}

/**
 * Edits one admin's skills: chips with a remove button, a field that adds what is typed on Enter or a
 * comma, the desk's categories offered as one-click suggestions, then Save or Cancel. Nothing is sent
 * until Save; a refusal keeps the draft and shows the reason under the field.
 */
export default function SkillsEditor(props: {
  adminName: string;
  skills: string[];
  saving: boolean;
  onSave: (skills: string[]) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(props.skills);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const form = useRef<HTMLFormElement>(null);
  // A chip's × or a suggestion goes away when pressed, and the focus with it (to the page): it moves to
  // the button now in its place (the next one, else the one before), or to the field when none is left.
  const [refocus, setRefocus] = useState<{ group: "chips" | "suggestions"; index: number } | null>(null);
  useEffect(() => {
    if (!refocus) return;
    setRefocus(null);
    const selector = refocus.group === "chips" ? "[data-chip-remove]" : "[data-suggestion]";
    const buttons = Array.from(form.current?.querySelectorAll<HTMLButtonElement>(selector) ?? []);
    const next = buttons[Math.min(refocus.index, buttons.length - 1)];
    (next ?? form.current?.querySelector<HTMLInputElement>(`[id="${inputId}"]`))?.focus();
  }, [refocus, inputId]);

  /** Adds typed skills to the draft; returns the draft with them, or null (and says why) if one can't be. */
  const add = (typed: string[]): string[] | null => {
    const next = [...draft];
    for (const skill of typed.map(asSkill).filter(Boolean)) {
      if (skill.length > CATEGORY_MAX) {
        setError(`A skill is at most ${CATEGORY_MAX} characters.`);
        return null;
      }
      if (next.includes(skill)) continue;
      if (next.length >= SKILLS_MAX) {
        setError(`An admin has at most ${SKILLS_MAX} skills.`);
        return null;
      }
      next.push(skill);
    }
    setDraft(next);
    setError(null);
    return next;
  };

  const save = async () => {
    // What is still in the field counts: Save should not drop a skill only because Enter was not pressed.
    const skills = add([text]);
    if (!skills) return;
    setText("");
    try {
      await props.onSave(skills);
    } catch (err) {
      setError(refusal(err, skills));
    }
  };

  const suggestions = CATEGORIES.filter((c) => !draft.includes(c.value));

  return (
    <form
      ref={form}
      aria-label={`Skills of ${props.adminName}`}
      className="mt-1 space-y-1 rounded border border-slate-200 bg-slate-50 p-2 text-xs"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {draft.length === 0 ? (
        <p className="text-slate-500">No skills: takes tickets of any category.</p>
      ) : (
        <ul className="flex flex-wrap gap-1" aria-label="Skills to save">
          {draft.map((s, i) => (
            <li key={s} className="flex items-center gap-1 rounded bg-sky-100 px-1.5 py-0.5 text-sky-900">
              {s}
              <button
                type="button"
                aria-label={`Remove ${s}`}
                data-chip-remove
                disabled={props.saving}
                onClick={() => {
                  setDraft((d) => d.filter((x) => x !== s));
                  setError(null);
                  setRefocus({ group: "chips", index: i });
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={inputId} className="block font-medium text-slate-700">
        Add a skill
      </label>
      <input
        id={inputId}
        autoFocus
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        className="w-full rounded border px-1 py-0.5"
        onChange={(e) => {
          setError(null);
          // A comma ends a skill, also in pasted text ("orders, shipping"): all but the last part are added.
          const parts = e.target.value.split(",");
          if (parts.length > 1 && !add(parts.slice(0, -1))) return;
          setText(parts[parts.length - 1]!);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            // Enter adds the typed skill and never saves: Save is its own, deliberate step.
            e.preventDefault();
            if (text.trim() !== "" && add([text])) setText("");
          } else if (e.key === "Escape") {
            e.preventDefault();
            props.onCancel();
          } else if (e.key === "Backspace" && text === "" && draft.length > 0) {
            setDraft((d) => d.slice(0, -1));
          }
        }}
      />
      <p id={hintId} className="text-slate-500">
        A skill is a ticket category. Press Enter or type a comma to add one.
      </p>
      {error && (
        <p id={errorId} role="alert" className="text-red-700">
          {error}
        </p>
      )}
      {suggestions.length > 0 && (
        <div role="group" aria-label="Suggested categories" className="flex flex-wrap items-center gap-1">
          <span className="text-slate-500">Categories:</span>
          {suggestions.map((c, i) => (
            <button
              key={c.value}
              type="button"
              aria-label={`Add ${c.value}`}
              data-suggestion
              title={c.label}
              disabled={props.saving}
              onClick={() => {
                if (add([c.value])) setRefocus({ group: "suggestions", index: i });
              }}
              className="rounded border border-dashed border-slate-400 px-1.5 py-0.5"
            >
              + {c.value}
            </button>
          ))}
        </div>
      )}
      <div className="flex gap-1">
        <button type="submit" disabled={props.saving} className="rounded border border-sky-700 px-2 py-0.5">
          {props.saving ? "Saving…" : "Save skills"}
        </button>
        <button type="button" onClick={props.onCancel} className="rounded border px-2 py-0.5">
          Cancel
        </button>
      </div>
    </form>
  );
}
