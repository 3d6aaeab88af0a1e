import type { ConnectionStatus } from "../../services/realtime/socket";

/** Tells the user when live updates are down (the app then polls every 15 s). */
export default function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  if (status !== "reconnecting") return null;
  return (
    <div
      role="status"
      className="flex items-center justify-center gap-2 bg-amber-100 px-4 py-1.5 text-center text-sm text-amber-900"
    >
      <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-amber-500" />
      Reconnecting… Live updates are paused; we check for news every 15 seconds.
    </div>
  );
}

export function LiveIndicator({ status }: { status: ConnectionStatus }) {
  const live = status === "live";
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-600" title="Real-time connection">
      <span
        aria-hidden="true"
        className={`size-2 rounded-full ${live ? "bg-emerald-500" : status === "reconnecting" ? "bg-amber-500" : "bg-slate-300"}`}
      />
      {live ? "Live" : status === "reconnecting" ? "Reconnecting…" : "Connecting…"}
    </span>
  );
}
