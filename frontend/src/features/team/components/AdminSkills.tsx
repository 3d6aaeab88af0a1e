import type { Admin } from "@parley/contract";
import { useEffect, useRef, useState } from "react";
import { useSetAdminSkills } from "../hooks/useTeam";
import SkillsEditor from "./SkillsEditor";

/**
 * One admin's skills on the Team screen: the saved ones as chips, and Edit skills opening the editor.
 * Closing the editor (saved or cancelled) returns the focus to Edit skills, and a save is announced.
 */
export default function AdminSkills({ admin }: { admin: Admin }) {
  const name = admin.name ?? admin.id;
  const save = useSetAdminSkills();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!editing && refocus) {
      editButton.current?.focus();
      setRefocus(false);
    }
  }, [editing, refocus]);

  const close = () => {
    setEditing(false);
    setRefocus(true);
  };

  return (
    <div className="text-xs">
      {editing ? (
        <SkillsEditor
          adminName={name}
          skills={admin.skills}
          saving={save.isPending}
          onCancel={close}
          onSave={async (skills) => {
            await save.mutateAsync({ id: admin.id, skills });
            setSaved(true);
            close();
          }}
        />
      ) : (
        <div className="flex flex-wrap items-center gap-1">
          <span className="text-slate-500">Skills:</span>
          {admin.skills.length === 0 ? (
            <span className="text-slate-500">none (any category)</span>
          ) : (
            <ul className="flex flex-wrap gap-1" aria-label={`Skills of ${name}`}>
              {admin.skills.map((s) => (
                <li key={s} className="rounded bg-sky-100 px-1.5 py-0.5 text-sky-900">
                  {s}
                </li>
              ))}
            </ul>
          )}
          <button
            ref={editButton}
            type="button"
            aria-label={`Edit skills of ${name}`}
            onClick={() => {
              setSaved(false);
              save.reset();
              setEditing(true);
            }}
            className="rounded border px-2 py-0.5"
          >
            Edit skills
          </button>
        </div>
      )}
      {/* Always present, so screen readers announce the text when it appears. */}
      <p role="status" className="text-emerald-700">
        {saved ? `Skills of ${name} saved.` : ""}
      </p>
    </div>
  );
}
