/** React bindings for the socket service. */
import { useEffect, useRef, useSyncExternalStore } from "react";
import {
  getConnectionStatus,
  onRealtimeEvent,
  onResync,
  subscribeConnectionStatus,
  type ConnectionStatus,
  type ServerEvent,
  type ServerPayload,
} from "../services/realtime/socket";

export function useConnectionStatus(): ConnectionStatus {
  return useSyncExternalStore(subscribeConnectionStatus, getConnectionStatus, getConnectionStatus);
}

/** Subscribe to a server event; the latest handler is always called (no resubscribe per render). */
export function useRealtimeEvent<E extends ServerEvent>(
  event: E,
  handler: (payload: ServerPayload<E>) => void,
): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => onRealtimeEvent(event, (p) => ref.current(p)), [event]);
}

/** Run `fn` on every (re)connect and every 15 s while the socket is down. */
export function useResync(fn: () => void | Promise<unknown>, enabled = true): void {
  const ref = useRef(fn);
  useEffect(() => {
    ref.current = fn;
  });
  useEffect(() => (enabled ? onResync(() => ref.current()) : undefined), [enabled]);
}
