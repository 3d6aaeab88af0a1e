import { useCallback, useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { PushSubscriptionBody } from "@parley/contract";
import {
  fetchVapidPublicKey,
  registerPushSubscription,
  unregisterPushSubscription,
} from "../api/notifications";

/** Where the service worker that shows pushes lives (frontend/public/sw.js, served at the site root). */
export const SERVICE_WORKER_URL = "/sw.js";

export type PushState =
  | "checking"
  /** No service worker or no PushManager in this browser. */
  | "unsupported"
  /** The server has no VAPID keys. */
  | "unconfigured"
  | "denied"
  | "off"
  | "on";

/** The VAPID key, base64url as the server gives it, as the bytes PushManager.subscribe wants. */
export function vapidKeyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4))
    .replace(/-/g, "+")
    .replace(/_/g, "/");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

const pushSupported = () =>
  typeof navigator !== "undefined" &&
  "serviceWorker" in navigator &&
  typeof window !== "undefined" &&
  "PushManager" in window &&
  typeof Notification !== "undefined";

/**
 * What to tell the user when turning push on failed. PushManager.subscribe rejects with an AbortError
 * ("Registration failed - ...") when the browser refuses push here (Chromium does in private windows) or
 * cannot reach its push service; the browser's own words alone do not say what to do.
 */
export function turnOnProblem(e: unknown): string {
  const { name, message } = (e ?? {}) as { name?: unknown; message?: unknown };
  const said = typeof message === "string" ? message : "";
  if (name === "AbortError") {
    return (
      `This browser could not subscribe to push notifications${said ? ` (${said})` : ""}. Private windows ` +
      "cannot receive push, and the browser must be able to reach its push service. Email alerts still work."
    );
  }
  return said || "Push notifications could not be turned on.";
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await navigator.serviceWorker.getRegistration(SERVICE_WORKER_URL);
  return reg ? reg.pushManager.getSubscription() : null;
}

/**
 * This browser's web push subscription: whether it can have one, whether it has one, and turning it on
 * (permission, service worker, subscribe with the server's VAPID key, register with the server) and off.
 */
export function usePushSubscription() {
  const supported = pushSupported();
  const key = useQuery({
    queryKey: ["notifications", "vapid-public-key"],
    queryFn: fetchVapidPublicKey,
    enabled: supported,
    staleTime: Infinity,
  });
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [denied, setDenied] = useState(supported && Notification.permission === "denied");

  useEffect(() => {
    if (!supported) return;
    let live = true;
    currentSubscription()
      .then((s) => live && setSubscribed(s !== null))
      .catch(() => live && setSubscribed(false));
    return () => {
      live = false;
    };
  }, [supported]);

  const turnOn = useCallback(async () => {
    const publicKey = key.data;
    if (!publicKey) return;
    setBusy(true);
    setError(null);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setDenied(permission === "denied");
        if (permission !== "denied") setError("Notifications were not allowed.");
        return;
      }
      await navigator.serviceWorker.register(SERVICE_WORKER_URL);
      const reg = await navigator.serviceWorker.ready;
      const sub =
        (await reg.pushManager.getSubscription()) ??
        (await reg.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: vapidKeyBytes(publicKey),
        }));
      await registerPushSubscription(sub.toJSON() as PushSubscriptionBody);
      setSubscribed(true);
    } catch (e) {
      setError(turnOnProblem(e));
    } finally {
      setBusy(false);
    }
  }, [key.data]);

  const turnOff = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const sub = await currentSubscription();
      if (sub) {
        await unregisterPushSubscription(sub.endpoint);
        await sub.unsubscribe();
      }
      setSubscribed(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Push notifications could not be turned off.");
    } finally {
      setBusy(false);
    }
  }, []);

  let state: PushState;
  if (!supported) state = "unsupported";
  else if (key.isPending || subscribed === null) state = "checking";
  else if (key.isError || !key.data) state = "unconfigured";
  else if (subscribed) state = "on";
  else if (denied) state = "denied";
  else state = "off";
  return { state, busy, error, turnOn, turnOff };
}
