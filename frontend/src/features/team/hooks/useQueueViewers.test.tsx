import type { ReactNode } from "react";
import { act, renderHook, waitFor } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import type { TicketViewers } from "@parley/contract";
import { testQueryClient } from "../../../../test/render";

// The socket service is the one part replaced: the test plays the server (pushes, answers, reconnects).
const socket = vi.hoisted(() => ({
  handlers: new Map<string, (payload: unknown) => void>(),
  resyncs: new Set<() => unknown>(),
  /** What the server answers to viewers:list now; null: not connected. */
  current: null as TicketViewers[] | null,
  asked: 0,
}));
vi.mock("../../../services/realtime/socket", () => ({
  onResync: (fn: () => unknown) => {
    socket.resyncs.add(fn);
    return () => socket.resyncs.delete(fn);
  },
  onRealtimeEvent: (event: string, handler: (p: unknown) => void) => {
    socket.handlers.set(event, handler);
    return () => socket.handlers.delete(event);
  },
  requestViewers: () => {
    socket.asked += 1;
    return Promise.resolve(socket.current);
  },
}));

const { useQueueViewers } = await import("./useQueueViewers");

const ME = "admin-me";

function setup() {
  const client = testQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderHook(() => useQueueViewers(ME), { wrapper });
}

beforeEach(() => {
  socket.handlers.clear();
  socket.resyncs.clear();
  socket.current = null;
  socket.asked = 0;
});

test("when the queue mounts after the socket connected (the connect-time lists went to nobody), then it asks and shows who already has each ticket open", async () => {
  socket.current = [
    { ticketId: "t184", viewers: [{ userId: "admin-bea", name: "Bea Agent" }] },
    { ticketId: "t185", viewers: [{ userId: ME, name: "Me" }] },
  ];
  const { result } = setup();
  await waitFor(() => expect(result.current("t184")).toEqual([{ userId: "admin-bea", name: "Bea Agent" }]));
  expect(result.current("t185")).toEqual([]); // only I view it
  expect(socket.asked).toBe(1);
});

test("when the socket reconnects, then the lists are replaced by the server's current ones; live changes still apply", async () => {
  socket.current = [{ ticketId: "t1", viewers: [{ userId: "admin-ada", name: "Ada" }] }];
  const { result } = setup();
  await waitFor(() => expect(result.current("t1")).toHaveLength(1));

  act(() =>
    socket.handlers.get("ticket:viewers")!({
      ticketId: "t2",
      viewers: [{ userId: "admin-bea", name: "Bea" }],
    }),
  );
  await waitFor(() => expect(result.current("t2")).toEqual([{ userId: "admin-bea", name: "Bea" }]));

  // Meanwhile Ada left t1 and Grace opened t3.
  socket.current = [
    { ticketId: "t2", viewers: [{ userId: "admin-bea", name: "Bea" }] },
    { ticketId: "t3", viewers: [{ userId: "admin-grace", name: "Grace" }] },
  ];
  await act(async () => {
    for (const fn of socket.resyncs) await fn();
  });
  await waitFor(() => expect(result.current("t1")).toEqual([]));
  expect(result.current("t2")).toHaveLength(1);
  expect(result.current("t3")).toEqual([{ userId: "admin-grace", name: "Grace" }]);

  // While disconnected nobody can keep them current: dropped.
  socket.current = null;
  await act(async () => {
    for (const fn of socket.resyncs) await fn();
  });
  await waitFor(() => expect(result.current("t2")).toEqual([]));
});
