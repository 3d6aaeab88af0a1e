import { useContext, useState } from "react";
import { SessionContext } from "../../auth/hooks/useSession";
import { useReturnFocus } from "../../../hooks/useReturnFocus";
import { useRenewInvite, useSetAdminActive, useTeamList } from "../hooks/useTeam";
import AdminSkills from "./AdminSkills";
import AutoAssignSettings from "./AutoAssignSettings";
import InviteAdminForm from "./InviteAdminForm";
import InviteLink from "./InviteLink";

/**
 * The Team admin screen: who is on the team and online, their skills, invite, deactivate, auto-assignment
 * settings.
 */
export default function TeamScreen() {
  const team = useTeamList();
  const setActive = useSetAdminActive();
  // Nobody deactivates themselves (the server refuses it too: nobody else could see it coming).
  const selfId = useContext(SessionContext)?.user?.id ?? null;
  // Deactivation signs the admin out and returns their open tickets to the queue: asked once more.
  const [confirming, setConfirming] = useState<string | null>(null);
  // The confirmation goes with its buttons (Deactivate or Cancel): the focus goes back to the row's own
  // Deactivate / Reactivate button, not to <body>.
  const { container: list, returnFocusTo } = useReturnFocus<HTMLUListElement>(confirming !== null);
  const closeConfirmation = (id: string) => {
    setConfirming(null);
    returnFocusTo(`active:${id}`);
  };
  // An invite that expired, was lost or was burnt by a deactivation: a new link, shown under its admin.
  const renew = useRenewInvite();
  const [newLinks, setNewLinks] = useState<Record<string, string>>({});

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
            ref={list}
            className="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white"
            aria-label="Admins"
          >
            {team.data.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
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
                {/* The row's buttons are aria-disabled, never disabled, while a change is sent: a disabled
                    button drops the focus to <body>, and the keyboard user starts again from the top. */}
                {a.invited && a.active && (
                  <button
                    type="button"
                    aria-disabled={renew.isPending || undefined}
                    onClick={() =>
                      !renew.isPending &&
                      renew.mutate(a.id, {
                        onSuccess: (r) => {
                          if (r.inviteUrl) setNewLinks((links) => ({ ...links, [a.id]: r.inviteUrl! }));
                        },
                      })
                    }
                    className="rounded border px-2 py-0.5 text-xs aria-disabled:opacity-60"
                  >
                    New invite link{a.name ? ` for ${a.name}` : ""}
                  </button>
                )}
                {a.id === selfId ? (
                  <span className="text-xs text-slate-500">you</span>
                ) : confirming === a.id ? (
                  <span
                    role="group"
                    aria-label={`Confirm deactivating ${a.name ?? a.id}`}
                    className="flex gap-1"
                  >
                    <span className="text-xs text-slate-700">
                      Sign {a.name ?? "them"} out and return {a.openTickets} open ticket
                      {a.openTickets === 1 ? "" : "s"} to the queue?
                    </span>
                    <button
                      type="button"
                      autoFocus
                      aria-disabled={setActive.isPending || undefined}
                      onClick={() => {
                        if (setActive.isPending) return;
                        closeConfirmation(a.id);
                        setActive.mutate({ id: a.id, active: false });
                      }}
                      className="rounded border border-red-700 px-2 py-0.5 text-xs text-red-700 aria-disabled:opacity-60"
                    >
                      Deactivate
                    </button>
                    <button
                      type="button"
                      onClick={() => closeConfirmation(a.id)}
                      className="rounded border px-2 py-0.5 text-xs"
                    >
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    data-return-focus={`active:${a.id}`}
                    aria-disabled={setActive.isPending || undefined}
                    onClick={() => {
                      if (setActive.isPending) return;
                      if (a.active) setConfirming(a.id);
                      else setActive.mutate({ id: a.id, active: true });
                    }}
                    className="rounded border px-2 py-0.5 text-xs aria-disabled:opacity-60"
                  >
                    {a.active ? `Deactivate ${a.name ?? ""}`.trim() : `Reactivate ${a.name ?? ""}`.trim()}
                  </button>
                )}
                {newLinks[a.id] && (
                  <div className="basis-full pl-5">
                    <InviteLink
                      path={newLinks[a.id]!}
                      label={`Invite link for ${a.name ?? a.email ?? a.id}`}
                    />
                  </div>
                )}
                <div className="basis-full pl-5">
                  <AdminSkills admin={a} />
                </div>
              </li>
            ))}
          </ul>
        )}
        {renew.isError && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {renew.error.message}
          </p>
        )}
        {setActive.isError && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {setActive.error.message}
          </p>
        )}
      </section>

      <InviteAdminForm />

      <AutoAssignSettings />
    </div>
  );
}
