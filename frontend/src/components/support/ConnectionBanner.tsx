import { useState } from "react";
import type { ConnectionStatus } from "../../services/realtime/socket";

const DOWN = "Reconnecting… Live updates are paused; we check for news every 15 seconds.";
const BACK = "Connected again: live updates are back.";

/**
 * Tells the user when live updates are down (the app then polls every 15 s). One status region, there
 * before the words are (one that appears together with its text is missed by some screen readers): it
 * holds the visible banner while down, a visually hidden "connected again" after, and nothing before.
 */
export default function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  const down = status === "reconnecting";
  // Once it was down, coming back is news too.
  const [wasDown, setWasDown] = useState(false);
  if (down && !wasDown) setWasDown(true);
  return (
    <div role="status">
      {down ? (
        <div className="flex items-center justify-center gap-2 bg-amber-100 px-4 py-1.5 text-center text-sm text-amber-900">
          <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-amber-500" />
          {DOWN}
        </div>
      ) : (
        wasDown && status === "live" && <p className="sr-only">{BACK}</p>
      )}
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
