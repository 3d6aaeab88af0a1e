import { useState, type ChangeEvent } from "react";
import { useCreateAdmin } from "../hooks/useTeam";

/**
 * Invite an admin: name and email give a one-time link to pass on. A refusal belongs to what was sent,
 * so it goes as soon as a field is edited; a new attempt hides the previous attempt's link.
 */
export default function InviteAdminForm() {
  const create = useCreateAdmin();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);
  const edit = (set: (v: string) => void) => (e: ChangeEvent<HTMLInputElement>) => {
    set(e.target.value);
    if (create.isError) create.reset();
  };

  return (
    <section aria-labelledby="invite-heading">
      <h3 id="invite-heading" className="font-semibold text-slate-900">
        Invite an admin
      </h3>
      <form
        className="mt-2 flex flex-wrap items-end gap-2 text-sm"
        aria-describedby={create.isError ? "invite-error" : undefined}
        onSubmit={(e) => {
          e.preventDefault();
          setInviteUrl(null);
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
            onChange={edit(setName)}
            className="rounded border px-2 py-1 text-sm"
          />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Email
          <input
            required
            type="email"
            value={email}
            onChange={edit(setEmail)}
            className="rounded border px-2 py-1 text-sm"
          />
        </label>
        <button
          type="submit"
          disabled={create.isPending}
          className="rounded bg-indigo-600 px-3 py-1 text-white disabled:opacity-60"
        >
          {create.isPending ? "Inviting…" : "Invite"}
        </button>
      </form>
      {create.isError && (
        <p id="invite-error" role="alert" className="mt-1 text-sm text-red-700">
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
  );
}
