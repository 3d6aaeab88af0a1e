import { useState } from "react";
import {
  useCreateAdmin,
  useSaveTeamSettings,
  useSetAdminActive,
  useTeamList,
  useTeamSettings,
} from "../hooks/useTeam";

/** The Team admin screen: who is on the team and online, invite, deactivate, auto-assignment settings. */
export default function TeamScreen() {
  const team = useTeamList();
  const create = useCreateAdmin();
  const setActive = useSetAdminActive();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);

  return (
    <div className="space-y-6">
      <section aria-labelledby="team-heading">
        <h2 id="team-heading" className="text-lg font-semibold text-slate-900">
          Team
        </h2>
        {team.isPending && <p role="status">Loading the team…</p>}
        {team.isError && (
          <p role="alert" className="text-red-700">
            The team could not be loaded. <button onClick={() => void team.refetch()}>Retry</button>
          </p>
        )}
        {team.data && (
          <ul
            className="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white"
            aria-label="Admins"
          >
            {team.data.map((a) => (
              <li key={a.id} className="flex items-center gap-3 px-3 py-2 text-sm">
                <span
                  role="img"
                  aria-label={a.online ? "online" : "offline"}
                  title={a.online ? "Online" : "Offline"}
                  className={`size-2.5 rounded-full ${a.online ? "bg-emerald-500" : "bg-slate-300"}`}
                />
                <span className="flex-1">
                  <span className="font-medium text-slate-900">{a.name ?? a.id}</span>{" "}
                  <span className="text-slate-500">{a.email ?? "host account"}</span>
                  {a.invited && (
                    <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-800">invited</span>
                  )}
                  {!a.active && <span className="ml-2 rounded bg-slate-200 px-1 text-xs">deactivated</span>}
                </span>
                <span className="text-xs text-slate-500">{a.openTickets} open</span>
                <button
                  type="button"
                  disabled={setActive.isPending}
                  onClick={() => setActive.mutate({ id: a.id, active: !a.active })}
                  className="rounded border px-2 py-0.5 text-xs"
                >
                  {a.active ? `Deactivate ${a.name ?? ""}`.trim() : `Reactivate ${a.name ?? ""}`.trim()}
                </button>
              </li>
            ))}
          </ul>
        )}
        {setActive.isError && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {setActive.error.message}
          </p>
        )}
      </section>

      <section aria-labelledby="invite-heading">
        <h3 id="invite-heading" className="font-semibold text-slate-900">
          Invite an admin
        </h3>
        <form
          className="mt-2 flex flex-wrap items-end gap-2 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(
              { email, name },
              {
                onSuccess: (a) => {
                  setInviteUrl(a.inviteUrl ? new URL(a.inviteUrl, window.location.origin).toString() : null);
                  setEmail("");
                  setName("");
                },
              },
            );
          }}
        >
          <label className="flex flex-col text-xs text-slate-600">
            Name
            <input
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              className="rounded border px-2 py-1 text-sm"
            />
          </label>
          <label className="flex flex-col text-xs text-slate-600">
            Email
            <input
              required
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              className="rounded border px-2 py-1 text-sm"
            />
          </label>
          <button
            type="submit"
            disabled={create.isPending}
            className="rounded bg-indigo-600 px-3 py-1 text-white"
          >
            Invite
          </button>
        </form>
        {create.isError && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {create.error.message}
          </p>
        )}
        {inviteUrl && (
          <p className="mt-2 text-sm">
            Send this one-time link to the invitee:{" "}
            <input
              readOnly
              aria-label="Invite link"
              value={inviteUrl}
              className="w-full rounded border px-2 py-1 font-mono text-xs"
            />
          </p>
        )}
      </section>

      <AutoAssignSettings />
    </div>
  );
}

function AutoAssignSettings() {
  const settings = useTeamSettings();
  const save = useSaveTeamSettings();
  if (!settings.data) return settings.isError ? <p role="alert">Settings could not be loaded.</p> : null;
  const s = settings.data;
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
          min={1}
          max={1000}
          defaultValue={s.capacity}
          onBlur={(e) => {
            const v = Number(e.target.value);
            if (Number.isInteger(v) && v >= 1 && v !== s.capacity) save.mutate({ capacity: v });
          }}
          className="w-20 rounded border px-2 py-0.5"
        />
      </label>
      <label className="mt-2 flex items-center gap-2">
        <input
          type="checkbox"
          checked={s.offlineReassignAfterS !== null}
          onChange={(e) => save.mutate({ offlineReassignAfterS: e.target.checked ? 600 : null })}
        />
        Reassign when the assignee is offline for 10 minutes
      </label>
      {save.isError && (
        <p role="alert" className="text-red-700">
          {save.error.message}
        </p>
      )}
    </section>
  );
}
