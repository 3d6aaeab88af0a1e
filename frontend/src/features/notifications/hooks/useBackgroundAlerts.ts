import { useEffect, useRef, useState } from "react";
import { useRealtimeEvent } from "../../../hooks/realtime";

const SOUND_KEY = "parley.notifications.sound";

/** Whether the optional sound is on (this browser). */
export function useAlertSound(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(
    () => typeof localStorage !== "undefined" && localStorage.getItem(SOUND_KEY) === "1",
  );
  return [
    on,
    (next) => {
      localStorage.setItem(SOUND_KEY, next ? "1" : "0");
      setOn(next);
    },
  ];
}

function beep() {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = 880;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.15);
  } catch {
    // no audio in this browser
  }
}

/**
 * While the tab is hidden: a browser notification (Notification API, if allowed) and an optional sound for
 * each new message from the other side, and the count of them in the tab title until the tab is shown again.
 */
export function useBackgroundAlerts(mySide: "admin" | "shop", sound: boolean): void {
  const [unseen, setUnseen] = useState(0);
  const baseTitle = useRef<string | null>(null);

  useRealtimeEvent("message:created", (m) => {
    if (m.senderType === mySide || typeof document === "undefined" || !document.hidden) return;
    setUnseen((n) => n + 1);
    if (sound) beep();
    if (typeof Notification !== "undefined" && Notification.permission === "granted") {
      new Notification(m.senderName ? `New message from ${m.senderName}` : "New message", {
        body: m.body.slice(0, 140),
        tag: m.ticketId,
      });
    }
  });

  useEffect(() => {
    const onVisible = () => {
      if (!document.hidden) setUnseen(0);
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, []);

  useEffect(() => {
    if (typeof document === "undefined") return;
    const current = document.title.replace(/^\(\d+\) /, "");
    baseTitle.current = current;
    document.title = unseen > 0 ? `(${unseen}) ${current}` : current;
  }, [unseen]);
}
