import { usePushSubscription } from "../hooks/usePushSubscription";

/** Web push for this browser: alerts arrive even when no Parley tab is open. */
export default function PushNotificationsToggle() {
  const { state, busy, error, turnOn, turnOff } = usePushSubscription();
  return (
    <div className="space-y-1" aria-live="polite">
      {state === "checking" && <p>Checking push notifications…</p>}
      {state === "unsupported" && (
        <p>This browser cannot receive push notifications (it has no Push API). Email alerts still work.</p>
      )}
      {state === "unconfigured" && (
        <p>Push notifications are not set up on this server (no VAPID keys). Ask your administrator.</p>
      )}
      {state === "denied" && (
        <p>
          This browser blocks notifications from Parley. Allow them in the browser's site settings to turn
          push notifications on.
        </p>
      )}
      {state === "off" && (
        <button
          type="button"
          className="rounded bg-indigo-600 px-3 py-1 text-white disabled:opacity-50"
          disabled={busy}
          onClick={() => void turnOn()}
        >
          Turn on push notifications
        </button>
      )}
      {state === "on" && (
        <div className="flex items-center gap-2">
          <span>Push notifications are on for this browser.</span>
          <button
            type="button"
            className="rounded border px-3 py-1 disabled:opacity-50"
            disabled={busy}
            onClick={() => void turnOff()}
          >
            Turn off push notifications
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
