/**
 * A one-time invite link (the server's `inviteUrl`, a path) to send to the invitee: shown once, read-only,
 * whole, so it can be selected and copied.
 */
export default function InviteLink({ path, label = "Invite link" }: { path: string; label?: string }) {
  return (
    <p className="mt-2 text-sm">
      Send this one-time link to the invitee:{" "}
      <input
        readOnly
        aria-label={label}
        value={new URL(path, window.location.origin).toString()}
        className="w-full rounded border px-2 py-1 font-mono text-xs"
      />
    </p>
  );
}
