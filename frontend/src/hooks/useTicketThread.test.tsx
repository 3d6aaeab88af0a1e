import type { ReactNode } from "react";
import { act, renderHook, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ApiError } from "../services/api/client";
import type { Message, NewMessage } from "../services/api/support";
import { makeMessage } from "../../test/fixtures";

const api = vi.hoisted(() => ({
  listMessages: vi.fn(),
  postMessage: vi.fn(),
  markRead: vi.fn(),
}));
vi.mock("../services/api/support", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  ...api,
}));

const socketHandlers = vi.hoisted(() => new Map<string, (payload: unknown) => void>());
vi.mock("../services/realtime/socket", () => ({
  joinTicket: () => () => {},
  sendTyping: vi.fn(),
  sendViewing: vi.fn(),
  onResync: () => () => {},
  onRealtimeEvent: (event: string, handler: (p: unknown) => void) => {
    socketHandlers.set(event, handler);
    return () => socketHandlers.delete(event);
  },
}));

const { useTicketThread } = await import("./useTicketThread");

function wrapper({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={new QueryClient()}>{children}</QueryClientProvider>;
}

function setup(initial: Message[] = []) {
  api.listMessages.mockResolvedValue(initial);
  api.markRead.mockResolvedValue(undefined);
  return renderHook(
    () => useTicketThread({ ticketId: "t1", side: "shop", me: { id: "demo-acme", name: "Sam" } }),
    {
      wrapper,
    },
  );
}

function serverCopy(input: NewMessage): Message {
  return makeMessage({ body: input.body, clientMessageId: input.clientMessageId ?? null, senderName: "Sam" });
}

beforeEach(() => {
  vi.clearAllMocks();
  socketHandlers.clear();
});

test("when a message is sent, then it shows at once and the server's copy replaces it, even if the socket echo came first", async () => {
  let resolvePost!: (m: Message) => void;
  api.postMessage.mockImplementation(() => new Promise((r) => (resolvePost = r)));
  const { result } = setup();
  await waitFor(() => expect(result.current.state).toBe("ready"));

  act(() => result.current.send("Where is my payout?"));
  expect(result.current.items).toHaveLength(1);
  expect(result.current.items[0]).toMatchObject({ body: "Where is my payout?", delivery: "sending" });

  const sent = api.postMessage.mock.calls[0]![1] as NewMessage;
  const copy = serverCopy(sent);
  act(() => socketHandlers.get("message:created")!(copy));
  expect(result.current.items).toHaveLength(1);
  expect(result.current.items[0]).toMatchObject({ id: copy.id, delivery: "sent" });

  await act(async () => resolvePost(copy));
  expect(result.current.items).toHaveLength(1);
});

test("when a send fails, then the message stays with an error, and Retry re-posts the same clientMessageId", async () => {
  api.postMessage.mockRejectedValueOnce(new ApiError(0, "NETWORK", "Cannot reach the server."));
  const { result } = setup();
  await waitFor(() => expect(result.current.state).toBe("ready"));

  act(() => result.current.send("Hello?"));
  await waitFor(() => expect(result.current.items[0]).toMatchObject({ delivery: "failed" }));
  expect(result.current.items[0]!.error).toBe("Not sent: no connection.");

  const first = api.postMessage.mock.calls[0]![1] as NewMessage;
  api.postMessage.mockImplementationOnce(async (_id: string, input: NewMessage) => serverCopy(input));
  act(() => result.current.retry(first.clientMessageId!));
  await waitFor(() => expect(result.current.items[0]).toMatchObject({ delivery: "sent" }));
  const second = api.postMessage.mock.calls[1]![1] as NewMessage;
  expect(second.clientMessageId).toBe(first.clientMessageId);
  expect(result.current.items).toHaveLength(1);
});

test("when the same message arrives twice from the socket, then it is shown once", async () => {
  const { result } = setup();
  await waitFor(() => expect(result.current.state).toBe("ready"));
  const m = makeMessage({ ticketId: "t1", senderType: "admin", senderName: "Ada", senderId: "demo-admin" });
  act(() => socketHandlers.get("message:created")!(m));
  act(() => socketHandlers.get("message:created")!(m));
  expect(result.current.items.map((i) => i.id)).toEqual([m.id]);
});

test("when the other side's message is on screen, then it is marked read up to that message", async () => {
  const incoming = makeMessage({
    ticketId: "t1",
    senderType: "admin",
    senderName: "Ada",
    senderId: "demo-admin",
  });
  setup([incoming]);
  await waitFor(() => expect(api.markRead).toHaveBeenCalledWith("t1", incoming.id));
});

test("when the admin reads our message, then Seen goes under it; typing from the admin is shown until they stop", async () => {
  const mine = makeMessage({ ticketId: "t1", senderType: "shop" });
  const { result } = setup([mine]);
  await waitFor(() => expect(result.current.state).toBe("ready"));
  expect(result.current.seenKey).toBeNull();
  act(() =>
    socketHandlers.get("message:read")!({
      ticketId: "t1",
      readerType: "admin",
      upToMessageId: mine.id,
      readAt: new Date().toISOString(),
    }),
  );
  expect(result.current.seenKey).toBe(mine.id);

  const typing = { ticketId: "t1", userId: "demo-admin", name: "Ada", senderType: "admin" };
  act(() => socketHandlers.get("typing")!({ ...typing, isTyping: true }));
  expect(result.current.typingNames).toEqual(["Ada"]);
  act(() => socketHandlers.get("typing")!({ ...typing, isTyping: false }));
  expect(result.current.typingNames).toEqual([]);
});
