import { PREFERENCE_TRIGGERS, type NotificationPreferences } from "@parley/contract";
import { usePreferences, useSavePreferences } from "../hooks/useNotifications";

type Flag = Exclude<keyof NotificationPreferences, "quietHours">;
type Trigger = (typeof PREFERENCE_TRIGGERS)[keyof typeof PREFERENCE_TRIGGERS][number];
/** Which triggers a role has is the contract's (the server refuses the other role's); their words are ours. */
const LABELS: Record<Trigger, string> = {
  newTicket: "A new ticket",
  shopMessage: "A shop message on my or unassigned tickets",
  slaAlerts: "SLA warnings and breaches",
  mentions: "A colleague mentions me in a note",
  adminReply: "A reply I have not read yet",
  ticketResolved: "My ticket was resolved",
};

/** Every user's notification preferences: channels, triggers, quiet hours. Saved on each change. */
export default function NotificationPreferencesForm({ role }: { role: "admin" | "shop" }) {
  const prefs = usePreferences();
  const save = useSavePreferences();
  if (prefs.isPending) return <p className="text-sm">Loading…</p>;
  if (prefs.isError) return <p className="text-sm text-red-700">Could not load your preferences.</p>;
  const p = prefs.data;
  const toggle = (key: Flag) => (
    <input type="checkbox" checked={p[key]} onChange={(e) => save.mutate({ [key]: e.target.checked })} />
  );
  return (
    <section aria-labelledby="prefs-heading" className="space-y-3 text-sm">
      <h2 id="prefs-heading" className="text-lg font-semibold">
        My notifications
      </h2>
      <fieldset className="space-y-1">
        <legend className="font-medium">Channels</legend>
        <label className="flex items-center gap-2">{toggle("email")} Email</label>
        <label className="flex items-center gap-2">{toggle("push")} Browser push</label>
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="font-medium">Tell me about</legend>
        {PREFERENCE_TRIGGERS[role].map((key) => (
          <label key={key} className="flex items-center gap-2">
            {toggle(key)} {LABELS[key]}
          </label>
        ))}
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="font-medium">Quiet hours</legend>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={p.quietHours !== null}
            onChange={(e) =>
              save.mutate({
                quietHours: e.target.checked
                  ? { from: "22:00", to: "07:00", timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }
                  : null,
              })
            }
          />
          Hold alerts from {p.quietHours?.from ?? "22:00"} to {p.quietHours?.to ?? "07:00"} (
          {p.quietHours?.timeZone ?? "my time zone"})
        </label>
      </fieldset>
      {save.isError && <p className="text-red-700">{save.error.message}</p>}
    </section>
  );
}
