/**
 * A stand-in for the socket service (src/services/realtime/socket.ts) for component and hook tests:
 * the test plays the server (its events, the connection dropping and coming back, the answer to
 * `viewers:list`) without a socket.io server. The real socket.io connection is exercised by the
 * backend's socket tests and the E2E suite; here it would only add timing.
 *
 * In a test file (vi.mock is hoisted above the imports, so the factory imports the fake itself):
 *
 *   vi.mock("…/services/realtime/socket", async () =>
 *     (await import("…/test/fake-socket")).fakeSocketModule());
 *
 * then import `serverSends`, `reconnect`, … from this file, and the code under test with `await
 * import(…)` (or statically: the factory does not depend on import order). Every test starts connected
 * ("live"), with no listeners and no recorded calls: the fake resets itself before each test.
 */
import { act } from "@testing-library/react";
import type { TicketViewers } from "@parley/contract";
import type * as SocketService from "../src/services/realtime/socket";
import type { ConnectionStatus, ServerEvent, ServerPayload } from "../src/services/realtime/socket";

type Handler = (payload: never) => void;

const state = {
  status: "live" as ConnectionStatus,
  statusListeners: new Set<() => void>(),
  handlers: new Map<ServerEvent, Set<Handler>>(),
  resyncs: new Set<() => void | Promise<unknown>>(),
  /** What the server answers to `viewers:list` (null: refused or unanswered). */
  viewers: null as TicketViewers[] | null,
  /** Answers to `viewers:list` not yet awaited by `viewersAnswered`. */
  pendingAnswers: new Set<Promise<unknown>>(),
};

function setStatus(next: ConnectionStatus): void {
  if (state.status === next) return;
  state.status = next;
  state.statusListeners.forEach((l) => l());
}

function listen<T>(set: Set<T>, item: T): () => void {
  set.add(item);
  return () => {
    set.delete(item);
  };
}

/**
 * The fake module: the real one's exports, same signatures. What the client sends (joins, typing,
 * viewing, viewers:list, connect) is recorded by vi.fn, so a test can assert on it.
 */
const fakeModule = {
  connectRealtime: vi.fn<typeof SocketService.connectRealtime>(),
  disconnectRealtime: vi.fn<typeof SocketService.disconnectRealtime>(),
  getConnectionStatus: () => state.status,
  subscribeConnectionStatus: (listener: () => void) => listen(state.statusListeners, listener),
  onRealtimeEvent<E extends ServerEvent>(event: E, handler: (payload: ServerPayload<E>) => void) {
    let set = state.handlers.get(event);
    if (!set) state.handlers.set(event, (set = new Set()));
    return listen<Handler>(set, handler);
  },
  onResync: (fn: () => void | Promise<unknown>) => listen(state.resyncs, fn),
  // Never refuses the token: socket.test.ts and SessionProvider's test cover a refusal.
  onRealtimeUnauthenticated: (): (() => void) => () => {},
  joinTicket: vi.fn<typeof SocketService.joinTicket>(() => () => {}),
  sendTyping: vi.fn<typeof SocketService.sendTyping>(),
  sendViewing: vi.fn<typeof SocketService.sendViewing>(),
  // Like the real one: no answer (null) unless connected.
  requestViewers: vi.fn<typeof SocketService.requestViewers>(() => {
    const answer = Promise.resolve(state.status === "live" ? state.viewers : null);
    state.pendingAnswers.add(answer);
    return answer;
  }),
} satisfies typeof SocketService;

/** The `vi.mock` factory's result for the socket service. */
export function fakeSocketModule(): typeof SocketService {
  return fakeModule;
}

/** The fake's recorded calls (e.g. `expect(socketCalls.requestViewers).toHaveBeenCalledTimes(1)`). */
export const socketCalls = fakeModule;

/** The server pushes `event` to this client: every handler registered for it runs, inside act(). */
export function serverSends<E extends ServerEvent>(event: E, payload: ServerPayload<E>): void {
  const handlers = state.handlers.get(event);
  // A test that plays an event nobody listens to proves nothing: say so rather than pass.
  if (!handlers?.size) throw new Error(`nobody listens to ${event}`);
  act(() => handlers.forEach((h) => (h as (p: ServerPayload<E>) => void)(payload)));
}

/** What the server will answer to `viewers:list` from now on (null: refused or unanswered). */
export function serverAnswersViewers(viewers: TicketViewers[] | null): void {
  state.viewers = viewers;
}

/**
 * Resolves once the answers to every `viewers:list` asked so far have been handled. On a real socket an
 * answer arrives before any push the server sends after it; here it is a promise, so a test that plays
 * pushes right after the queue mounts waits for the mount's request first.
 */
export async function viewersAnswered(): Promise<void> {
  const answers = [...state.pendingAnswers];
  state.pendingAnswers.clear();
  await act(async () => {
    await Promise.all(answers);
  });
}

/** The connection changes state (e.g. "reconnecting" when it drops), as AppShell's dot would show. */
export function setConnectionStatus(status: ConnectionStatus): void {
  act(() => setStatus(status));
}

/** Every catch-up callback, all at once as the real service runs them; a failing one fails the test. */
async function runResyncs(): Promise<void> {
  await Promise.all([...state.resyncs].map(async (fn) => fn()));
}

/** The catch-up callbacks run, as every 15 s while disconnected; resolves once they have all finished. */
export async function resync(): Promise<void> {
  await act(runResyncs);
}

/** The socket (re)connects: live again, and every catch-up callback runs. */
export async function reconnect(): Promise<void> {
  await act(async () => {
    setStatus("live");
    await runResyncs();
  });
}

// Before each test rather than after: unmounting the last test's components still calls the fake.
beforeEach(() => {
  state.status = "live";
  state.statusListeners.clear();
  state.handlers.clear();
  state.resyncs.clear();
  state.viewers = null;
  state.pendingAnswers.clear();
  for (const fn of Object.values(fakeModule)) if (vi.isMockFunction(fn)) fn.mockClear();
});
