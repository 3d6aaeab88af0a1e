/**
 * The shop's note that support resolved its ticket. Its status region is mounted with the pane and the
 * words go into it when the ticket is resolved, so a resolve that happens while the shop watches is
 * spoken (a region that mounts together with its text is missed by screen readers); a ticket opened
 * already resolved shows the note without announcing it again.
 */
export default function ResolvedBanner({ resolved }: { resolved: boolean }) {
  return (
    <div role="status">
      {resolved && (
        <p className="rounded-lg bg-emerald-50 px-4 py-2 text-sm text-emerald-900">
          Support marked this ticket as resolved. Reply if you still need help, or close it.
        </p>
      )}
    </div>
  );
}
