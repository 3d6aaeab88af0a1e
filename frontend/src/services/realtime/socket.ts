/**
 * The app's one socket.io connection to /support, its status, and the catch-up trigger: every
 * (re)connect, and every 15 s while disconnected, runs the registered resync callbacks (the open
 * thread's and the queue's catch-up), so nothing is missed while the socket was down.
 */
import { io, type Socket } from "socket.io-client";
import {
  SUPPORT_NAMESPACE,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TicketViewers,
} from "@parley/contract";

export type ConnectionStatus = "offline" | "connecting" | "live" | "reconnecting";
type SupportSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ServerEvent = keyof ServerToClientEvents;
export type ServerPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

const POLL_INTERVAL_MS = 15_000;
const VIEWERS_LIST_TIMEOUT_MS = 10_000;
const RECONNECT_AFTER_REFUSAL_MS = 3_000;

type Handler = (payload: never) => void;

let socket: SupportSocket | null = null;
let currentToken: string | null = null;
let status: ConnectionStatus = "offline";
let pollTimer: ReturnType<typeof setInterval> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
const statusListeners = new Set<() => void>();
const eventHandlers = new Map<ServerEvent, Set<Handler>>();
const resyncListeners = new Set<() => void | Promise<unknown>>();
const unauthenticatedListeners = new Set<(serverMessage?: string) => void>();
// Rooms and presence to restore after a reconnect (the server forgets them with the old socket).
const joined = new Map<string, number>();
const viewing = new Set<string>();

function setStatus(next: ConnectionStatus): void {
  if (status === next) return;
  status = next;
  if (next === "reconnecting" && !pollTimer) pollTimer = setInterval(resync, POLL_INTERVAL_MS);
  if (next !== "reconnecting" && pollTimer) {
    clearInterval(pollTimer);
    pollTimer = undefined;
  }
  statusListeners.forEach((l) => l());
}

function resync(): void {
  resyncListeners.forEach((l) => {
    try {
      const r = l();
      if (r && typeof r.catch === "function") r.catch(() => {});
    } catch {
      // one failing catch-up must not stop the others; the next poll or reconnect retries
    }
  });
}

/** Opens the connection for this token (a no-op when it is already open for it). */
export function connectRealtime(token: string, origin: string = window.location.origin): void {
  if (socket && currentToken === token) return;
  disconnectRealtime();
  currentToken = token;
  setStatus("connecting");
  const s: SupportSocket = io(origin + SUPPORT_NAMESPACE, {
    auth: { token },
    transports: ["websocket", "polling"],
  });
  socket = s;

  s.on("connect", () => {
    for (const ticketId of joined.keys()) s.emit("ticket:join", { ticketId }, () => {});
    for (const ticketId of viewing) s.emit("viewing", { ticketId, isViewing: true });
    setStatus("live");
    resync();
  });
  s.on("disconnect", (reason) => {
    setStatus("reconnecting");
    // A server-side disconnect is not retried by socket.io itself.
    if (reason === "io server disconnect") scheduleReconnect(s);
  });
  s.on("connect_error", (err) => {
    if (err.message === "UNAUTHENTICATED") {
      // The server says why in `data.message` when there is more to say (a deactivated account).
      const why = (err as Error & { data?: { message?: unknown } }).data?.message;
      unauthenticatedListeners.forEach((l) => l(typeof why === "string" ? why : undefined));
      return;
    }
    setStatus("reconnecting");
    // A refusal by the namespace middleware is not retried automatically; transport errors are.
    if (!s.active) scheduleReconnect(s);
  });
  s.onAny((event: ServerEvent, payload: unknown) => {
    eventHandlers.get(event)?.forEach((h) => (h as (p: unknown) => void)(payload));
  });
}

function scheduleReconnect(s: SupportSocket): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    if (socket === s && !s.connected) s.connect();
  }, RECONNECT_AFTER_REFUSAL_MS);
}

export function disconnectRealtime(): void {
  clearTimeout(retryTimer);
  if (socket) {
    socket.removeAllListeners();
    socket.offAny();
    socket.disconnect();
  }
  socket = null;
  currentToken = null;
  // `joined` and `viewing` stay: the components that asked for them release them when they unmount,
  // and on a page load they ask before the session has opened the connection.
  setStatus("offline");
}

export function getConnectionStatus(): ConnectionStatus {
  return status;
}

export function subscribeConnectionStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => {
    statusListeners.delete(listener);
  };
}

/** Listen to a server event on the current and any future connection. */
export function onRealtimeEvent<E extends ServerEvent>(
  event: E,
  handler: (payload: ServerPayload<E>) => void,
): () => void {
  let set = eventHandlers.get(event);
  if (!set) eventHandlers.set(event, (set = new Set()));
  set.add(handler);
  return () => {
    set.delete(handler);
  };
}

/** Run `fn` after every (re)connect and every 15 s while disconnected. */
export function onResync(fn: () => void | Promise<unknown>): () => void {
  resyncListeners.add(fn);
  return () => {
    resyncListeners.delete(fn);
  };
}

/** The server refused our token at the handshake (expired, or the server restarted with a new secret). */
export function onRealtimeUnauthenticated(fn: (serverMessage?: string) => void): () => void {
  unauthenticatedListeners.add(fn);
  return () => {
    unauthenticatedListeners.delete(fn);
  };
}

/** Follow a ticket's room (typing and read receipts). Reference-counted; restored after reconnects. */
export function joinTicket(ticketId: string): () => void {
  joined.set(ticketId, (joined.get(ticketId) ?? 0) + 1);
  if (joined.get(ticketId) === 1 && socket?.connected) socket.emit("ticket:join", { ticketId }, () => {});
  let left = false;
  return () => {
    if (left) return;
    left = true;
    const n = (joined.get(ticketId) ?? 1) - 1;
    if (n > 0) return void joined.set(ticketId, n);
    joined.delete(ticketId);
    if (socket?.connected) socket.emit("ticket:leave", { ticketId }, () => {});
  };
}

/**
 * `internal`: an admin types an internal note, which the server relays to admins only. The flag goes
 * only when true, so a reply's typing (and every stop: the server sends it wherever its start went) is
 * the payload it always was.
 */
export function sendTyping(ticketId: string, isTyping: boolean, internal = false): void {
  if (socket?.connected) socket.emit("typing", { ticketId, isTyping, ...(internal ? { internal } : {}) });
}

export function sendViewing(ticketId: string, isViewing: boolean): void {
  if (isViewing) viewing.add(ticketId);
  else viewing.delete(ticketId);
  if (socket?.connected) socket.emit("viewing", { ticketId, isViewing });
}

/**
 * Admins: every ticket someone has open now, with who; null when not connected, refused or unanswered.
 * The server also pushes these lists on connect, but only to handlers registered by then.
 */
export function requestViewers(): Promise<TicketViewers[] | null> {
  const s = socket;
  if (!s?.connected) return Promise.resolve(null);
  return new Promise((resolve) => {
    // Unanswered in time (a connection that died meanwhile): null, and the next resync asks again.
    const timer = setTimeout(() => resolve(null), VIEWERS_LIST_TIMEOUT_MS);
    s.emit("viewers:list", {}, (ack) => {
      clearTimeout(timer);
      resolve(ack.ok ? ack.tickets : null);
    });
  });
}
