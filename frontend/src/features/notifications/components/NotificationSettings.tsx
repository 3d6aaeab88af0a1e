import { useState } from "react";
import NotificationPreferencesForm from "./NotificationPreferencesForm";
import PushNotificationsToggle from "./PushNotificationsToggle";
import { useAlertSound } from "../hooks/useBackgroundAlerts";

/** This browser's alerts (Notification API permission, sound) and the user's preferences. */
export default function NotificationSettings({ role }: { role: "admin" | "shop" }) {
  const [sound, setSound] = useAlertSound();
  const supported = typeof Notification !== "undefined";
  const [permission, setPermission] = useState(supported ? Notification.permission : "denied");
  return (
    <div className="space-y-4">
      <section aria-labelledby="browser-heading" className="space-y-2 text-sm">
        <h2 id="browser-heading" className="text-lg font-semibold">
          This browser
        </h2>
        {supported && permission !== "granted" && (
          <button
            type="button"
            className="rounded bg-indigo-600 px-3 py-1 text-white"
            onClick={() => void Notification.requestPermission().then(setPermission)}
          >
            Show notifications for new messages while Parley is in the background
          </button>
        )}
        {permission === "granted" && <p>Browser notifications are on.</p>}
        <PushNotificationsToggle />
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} />
          Play a sound for new messages while the tab is hidden
        </label>
      </section>
      <NotificationPreferencesForm role={role} />
    </div>
  );
}
