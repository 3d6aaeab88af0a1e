import { renderHook } from "@testing-library/react";
import { makeTicket } from "../../../../test/fixtures";
import { sessionWrapper, testQueryClient } from "../../../../test/render";
import { setToken } from "../../../services/api/client";
import { queueKey, type QueueData } from "../api/queue-cache";
import { serverSends } from "../../../../test/fake-socket";

// The socket service is the one part replaced: the test plays the server's events.
vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { useLiveTickets } = await import("./useTickets");

afterEach(() => {
  localStorage.clear();
  setToken(null);
});

describe.each(["admin", "shop"] as const)("signed in on the %s side", (side) => {
  test("when someone else on the same side reads a ticket, then the queue's unread badge clears live", () => {
    setToken("t0k3n");
    localStorage.setItem("parley.user", JSON.stringify({ id: "me", role: side, shopId: null, name: "Me" }));
    const client = testQueryClient();
    const t = makeTicket({ unreadCount: 1, lastMessageAt: "2026-01-01T10:00:00.000Z" });
    client.setQueryData<QueueData>(queueKey({}), {
      pages: [{ items: [t], nextCursor: null }],
      pageParams: [null],
    });
    const wrapper = sessionWrapper(client);
    renderHook(() => useLiveTickets("me"), { wrapper });
    const unread = () => client.getQueryData<QueueData>(queueKey({}))!.pages[0]!.items[0]!.unreadCount;

    const other = side === "admin" ? "shop" : "admin";
    serverSends("message:read", {
      ticketId: t.id,
      readerType: other,
      upToMessageId: "m1",
      readAt: "2026-01-01T10:05:00.000Z",
      unreadCount: 0,
    });
    expect(unread()).toBe(1);
    serverSends("message:read", {
      ticketId: t.id,
      readerType: side,
      upToMessageId: "m1",
      readAt: "2026-01-01T10:05:00.000Z",
      unreadCount: 0,
    });
    expect(unread()).toBe(0);
  });
});
