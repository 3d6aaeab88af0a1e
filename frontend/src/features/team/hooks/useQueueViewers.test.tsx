import type { ReactNode } from "react";
import { renderHook, waitFor } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { testQueryClient } from "../../../../test/render";
import {
  reconnect,
  resync,
  serverAnswersViewers,
  serverSends,
  setConnectionStatus,
  socketCalls,
} from "../../../../test/fake-socket";

// The socket service is the one part replaced: the test plays the server (pushes, answers, reconnects).
vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { useQueueViewers } = await import("./useQueueViewers");

const ME = "admin-me";

function setup() {
  const client = testQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderHook(() => useQueueViewers(ME), { wrapper });
}

test("when the queue mounts after the socket connected (the connect-time lists went to nobody), then it asks and shows who already has each ticket open", async () => {
  serverAnswersViewers([
    { ticketId: "t184", viewers: [{ userId: "admin-bea", name: "Bea Agent" }] },
    { ticketId: "t185", viewers: [{ userId: ME, name: "Me" }] },
  ]);
  const { result } = setup();
  await waitFor(() => expect(result.current("t184")).toEqual([{ userId: "admin-bea", name: "Bea Agent" }]));
  expect(result.current("t185")).toEqual([]); // only I view it
  expect(socketCalls.requestViewers).toHaveBeenCalledTimes(1);
});

test("when the socket reconnects, then the lists are replaced by the server's current ones; live changes still apply", async () => {
  serverAnswersViewers([{ ticketId: "t1", viewers: [{ userId: "admin-ada", name: "Ada" }] }]);
  const { result } = setup();
  await waitFor(() => expect(result.current("t1")).toHaveLength(1));

  serverSends("ticket:viewers", {
    ticketId: "t2",
    viewers: [{ userId: "admin-bea", name: "Bea" }],
  });
  await waitFor(() => expect(result.current("t2")).toEqual([{ userId: "admin-bea", name: "Bea" }]));

  // Meanwhile Ada left t1 and Grace opened t3.
  serverAnswersViewers([
    { ticketId: "t2", viewers: [{ userId: "admin-bea", name: "Bea" }] },
    { ticketId: "t3", viewers: [{ userId: "admin-grace", name: "Grace" }] },
  ]);
  await reconnect();
  await waitFor(() => expect(result.current("t1")).toEqual([]));
  expect(result.current("t2")).toHaveLength(1);
  expect(result.current("t3")).toEqual([{ userId: "admin-grace", name: "Grace" }]);

  // While disconnected nobody can keep them current: dropped.
  setConnectionStatus("reconnecting");
  await resync();
  await waitFor(() => expect(result.current("t2")).toEqual([]));
});
