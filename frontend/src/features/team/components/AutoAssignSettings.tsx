import { useState } from "react";
import { useSaveTeamSettings, useTeamSettings } from "../hooks/useTeam";

const CAPACITY_MIN = 1;
const CAPACITY_MAX = 1000;
const CAPACITY_RULE = `Enter a whole number from ${CAPACITY_MIN} to ${CAPACITY_MAX}.`;

/**
 * Auto-assignment: on or off, how many open tickets an admin takes, routing by skills, reassignment of an
 * offline admin's tickets. Each change saves at once; an error goes when the field is edited again.
 */
export default function AutoAssignSettings() {
  const settings = useTeamSettings();
  const save = useSaveTeamSettings();
  const [capacityError, setCapacityError] = useState<string | null>(null);
  if (!settings.data) return settings.isError ? <p role="alert">Settings could not be loaded.</p> : null;
  const s = settings.data;
  const commitCapacity = (raw: string) => {
    const v = Number(raw);
    if (raw.trim() === "" || !Number.isInteger(v) || v < CAPACITY_MIN || v > CAPACITY_MAX) {
      setCapacityError(CAPACITY_RULE);
      return;
    }
    if (v !== s.capacity) save.mutate({ capacity: v });
  };
  return (
    <section aria-labelledby="assign-heading" className="text-sm">
      <h3 id="assign-heading" className="font-semibold text-slate-900">
        Auto-assignment
      </h3>
      <label className="mt-2 flex items-center gap-2">
        <input
          type="checkbox"
          checked={s.autoAssign}
          onChange={(e) => save.mutate({ autoAssign: e.target.checked })}
        />
        Assign new and reopened tickets to the least busy online admin
      </label>
      <label className="mt-2 flex items-center gap-2">
        Capacity per admin
        <input
          type="number"
          min={CAPACITY_MIN}
          max={CAPACITY_MAX}
          step={1}
          defaultValue={s.capacity}
          aria-invalid={!!capacityError}
          aria-describedby={capacityError ? "capacity-error" : undefined}
          onChange={() => {
            setCapacityError(null);
            if (save.isError) save.reset();
          }}
          onBlur={(e) => commitCapacity(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") commitCapacity(e.currentTarget.value);
          }}
          className="w-20 rounded border px-2 py-0.5"
        />
      </label>
      {capacityError && (
        <p id="capacity-error" className="text-xs text-red-700">
          {capacityError}
        </p>
      )}
      <label className="mt-2 flex items-center gap-2">
        <input
          type="checkbox"
          checked={s.offlineReassignAfterS !== null}
          onChange={(e) => save.mutate({ offlineReassignAfterS: e.target.checked ? 600 : null })}
        />
        Reassign when the assignee is offline for 10 minutes
      </label>
      <label className="mt-2 flex items-center gap-2">
        <input
          type="checkbox"
          role="switch"
          checked={s.useSkills}
          aria-describedby="use-skills-help"
          onChange={(e) => save.mutate({ useSkills: e.target.checked })}
        />
        Route by skills
      </label>
      {/* The rule of pickAssignee (backend domain/team.ts), said as it is. */}
      <p id="use-skills-help" className="ml-6 text-xs text-slate-500">
        Among the online admins under capacity, those whose skills include the ticket&apos;s category take it
        first; if none of them lists it (or the ticket has no category), any of them can.
      </p>
      {save.isError && (
        <p role="alert" className="text-red-700">
          {save.error.message}
        </p>
      )}
    </section>
  );
}
