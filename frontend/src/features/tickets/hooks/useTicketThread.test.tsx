import type { ReactNode } from "react";
import { act, renderHook, waitFor } from "@testing-library/react";
import { onlineManager, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import type { Message, PostMessageBody } from "@parley/contract";
import { makeMessage } from "../../../../test/fixtures";
import { recordRequests, server } from "../../../../test/msw";
import { testQueryClient } from "../../../../test/render";
import { messagesHandler } from "../../../../test/handlers";
import { reconnect, serverSends } from "../../../../test/fake-socket";

// The socket service is the one part replaced: the test plays the server's events and reconnects.
vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { useTicketThread, outboxKey } = await import("./useTicketThread");
const { claimDrafts } = await import("../../messages/drafts");

/** The ticket's messages on the "server"; GET pages through them like the real endpoint (after=, limit=). */
function thread(initial: Message[]) {
  const stored = [...initial];
  server.use(
    messagesHandler("t1", stored),
    http.post("/api/tickets/t1/read", () => new HttpResponse(null, { status: 204 })),
  );
  return { stored, sent: recordRequests() };
}

function postAnswers(answer: (input: PostMessageBody) => Promise<Response> | Response) {
  server.use(
    http.post("/api/tickets/t1/messages", async ({ request }) =>
      answer((await request.json()) as PostMessageBody),
    ),
  );
}

function setup(side: "shop" | "admin" = "shop", client: QueryClient = testQueryClient()) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderHook(() => useTicketThread({ ticketId: "t1", side, me: { id: "demo-acme", name: "Sam" } }), {
    wrapper,
  });
}

const serverCopy = (input: PostMessageBody) =>
  makeMessage({ body: input.body, clientMessageId: input.clientMessageId ?? null, senderName: "Sam" });

test("when a message is sent, then it shows at once and the server's copy replaces it, even if the socket echo came first", async () => {
  thread([]);
  let release!: () => void;
  let posted!: PostMessageBody;
  postAnswers(async (input) => {
    posted = input;
    await new Promise<void>((r) => (release = r));
    return HttpResponse.json(serverCopy(input), { status: 201 });
  });
  const { result } = setup();
  await waitFor(() => expect(result.current.state).toBe("ready"));

  act(() => result.current.send("Where is my payout?"));
  await waitFor(() => expect(result.current.items).toHaveLength(1));
  expect(result.current.items[0]).toMatchObject({ body: "Where is my payout?", delivery: "sending" });

  await waitFor(() => expect(posted).toBeDefined());
  const copy = serverCopy(posted);
  serverSends("message:created", copy);
  await waitFor(() => expect(result.current.items[0]).toMatchObject({ id: copy.id, delivery: "sent" }));
  expect(result.current.items).toHaveLength(1);

  release();
  await waitFor(() => expect(result.current.items.map((i) => i.delivery)).toEqual(["sent"]));
});

test("when a send fails, then the message stays with an error, and Retry re-posts the same clientMessageId", async () => {
  thread([]);
  const attempts: PostMessageBody[] = [];
  postAnswers((input) => {
    attempts.push(input);
    return attempts.length === 1
      ? HttpResponse.error()
      : HttpResponse.json(serverCopy(input), { status: 201 });
  });
  const { result } = setup();
  await waitFor(() => expect(result.current.state).toBe("ready"));

  act(() => result.current.send("Hello?"));
  await waitFor(() => expect(result.current.items[0]).toMatchObject({ delivery: "failed" }));
  expect(result.current.items[0]!.error).toBe("Not sent: no connection.");

  act(() => result.current.retry(attempts[0]!.clientMessageId!));
  await waitFor(() => expect(result.current.items[0]).toMatchObject({ delivery: "sent" }));
  expect(attempts.map((a) => a.clientMessageId)).toEqual([
    attempts[0]!.clientMessageId,
    attempts[0]!.clientMessageId,
  ]);
  expect(result.current.items).toHaveLength(1);
});

test("when the same message arrives twice from the socket, then it is shown once", async () => {
  thread([]);
  const { result } = setup();
  await waitFor(() => expect(result.current.state).toBe("ready"));
  const m = makeMessage({ ticketId: "t1", senderType: "admin", senderName: "Ada", senderId: "demo-admin" });
  serverSends("message:created", m);
  serverSends("message:created", m);
  await waitFor(() => expect(result.current.items.map((i) => i.id)).toEqual([m.id]));
});

test("when the connection comes back, then only the messages after the last fetched one are asked for, and none is doubled", async () => {
  // Already read by the admin: an unread one of ours would be asked for again, for its receipt.
  const first = makeMessage({
    ticketId: "t1",
    createdAt: "2026-01-01T00:00:01.000Z",
    readAt: "2026-01-01T00:00:01.500Z",
  });
  const { stored, sent } = thread([first]);
  const { result } = setup();
  await waitFor(() => expect(result.current.items).toHaveLength(1));

  // While the socket was down, two messages were written; the socket delivered only the second.
  const missed = makeMessage({ ticketId: "t1", senderType: "admin", createdAt: "2026-01-01T00:00:02.000Z" });
  const delivered = makeMessage({
    ticketId: "t1",
    senderType: "admin",
    createdAt: "2026-01-01T00:00:03.000Z",
  });
  stored.push(missed, delivered);
  serverSends("message:created", delivered);
  await reconnect();

  await waitFor(() =>
    expect(result.current.items.map((i) => i.id)).toEqual([first.id, missed.id, delivered.id]),
  );
  const gets = sent.filter((r) => r.method === "GET");
  expect(gets.map((r) => r.query.get("after"))).toEqual([null, first.id]);
});

test("when the other side's message is on screen, then it is marked read up to that message", async () => {
  const incoming = makeMessage({
    ticketId: "t1",
    senderType: "admin",
    senderName: "Ada",
    senderId: "demo-admin",
  });
  const { sent } = thread([incoming]);
  setup();
  await waitFor(() =>
    expect(sent.find((r) => r.path === "/api/tickets/t1/read")?.body).toEqual({ upToMessageId: incoming.id }),
  );
});

test("when the admin reads our message, then Seen goes under it; typing from the admin is shown until they stop", async () => {
  const mine = makeMessage({ ticketId: "t1", senderType: "shop" });
  thread([mine]);
  const { result } = setup();
  await waitFor(() => expect(result.current.state).toBe("ready"));
  expect(result.current.seenKey).toBeNull();
  serverSends("message:read", {
    ticketId: "t1",
    readerType: "admin",
    upToMessageId: mine.id,
    readAt: new Date().toISOString(),
    unreadCount: 0,
  });
  await waitFor(() => expect(result.current.seenKey).toBe(mine.id));

  const typing = { ticketId: "t1", userId: "demo-admin", name: "Ada", senderType: "admin" as const };
  serverSends("typing", { ...typing, isTyping: true });
  expect(result.current.typingNames).toEqual(["Ada"]);
  serverSends("typing", { ...typing, isTyping: false });
  expect(result.current.typingNames).toEqual([]);
});

test("when another admin opens the ticket, then the viewers list names them", async () => {
  thread([]);
  const { result } = setup("admin");
  await waitFor(() => expect(result.current.state).toBe("ready"));
  expect(result.current.viewers).toEqual([]);
  serverSends("ticket:viewers", { ticketId: "t1", viewers: [{ userId: "bob", name: null }] });
  await waitFor(() => expect(result.current.viewers).toEqual([{ id: "bob", name: "Another admin" }]));
});

describe("the outbox (issue 15)", () => {
  afterEach(() => localStorage.clear());

  test("when a send failed and the page reloads, then the message is kept and sent again with the same clientMessageId, once", async () => {
    thread([]);
    postAnswers(() => HttpResponse.error());
    const first = setup();
    await waitFor(() => expect(first.result.current.state).toBe("ready"));
    act(() => first.result.current.send("Kept across a reload"));
    await waitFor(() => expect(first.result.current.items[0]).toMatchObject({ delivery: "failed" }));
    const cmid = first.result.current.items[0]!.clientMessageId!;
    await waitFor(() => expect(localStorage.getItem(outboxKey("t1"))).toContain(cmid));
    first.unmount();

    // "Reload": a fresh query client; the server is reachable again.
    const { stored } = thread([]);
    const posts: PostMessageBody[] = [];
    postAnswers((input) => {
      posts.push(input);
      const copy = serverCopy(input);
      stored.push(copy);
      return HttpResponse.json(copy, { status: 201 });
    });
    const second = setup();
    await waitFor(() =>
      expect(second.result.current.items).toEqual([
        expect.objectContaining({ delivery: "sent", body: "Kept across a reload" }),
      ]),
    );
    expect(posts.map((p) => p.clientMessageId)).toEqual([cmid]);
    await waitFor(() => expect(localStorage.getItem(outboxKey("t1"))).toBeNull());
  });

  test("when the outbox holds another user's unsent reply, then it is never sent with this user's token", async () => {
    thread([]);
    postAnswers(() => HttpResponse.error());
    claimDrafts("ada");
    const ada = setup("admin");
    await waitFor(() => expect(ada.result.current.state).toBe("ready"));
    act(() => ada.result.current.send("Ada's reply, queued"));
    await waitFor(() => expect(localStorage.getItem(outboxKey("t1"))).toContain("Ada's reply, queued"));
    ada.unmount();

    // Ada's session expired; Bea signs in on the same browser and opens the ticket.
    claimDrafts("bea");
    const { stored } = thread([]);
    const posts: PostMessageBody[] = [];
    postAnswers((input) => {
      posts.push(input);
      stored.push(serverCopy(input));
      return HttpResponse.json(serverCopy(input), { status: 201 });
    });
    const bea = setup("admin");
    await waitFor(() => expect(bea.result.current.state).toBe("ready"));
    await new Promise((r) => setTimeout(r, 50));
    expect(posts).toEqual([]);
    expect(bea.result.current.items).toEqual([]);
    expect(Object.keys(localStorage).filter((k) => k.startsWith("parley:outbox:"))).toEqual([]);
    claimDrafts(null);
  });

  test("when the connection comes back, then failed sends are retried by themselves", async () => {
    thread([]);
    let online = false;
    postAnswers((input) =>
      online ? HttpResponse.json(serverCopy(input), { status: 201 }) : HttpResponse.error(),
    );
    const { result } = setup();
    await waitFor(() => expect(result.current.state).toBe("ready"));
    act(() => result.current.send("Sent after reconnect"));
    await waitFor(() => expect(result.current.items[0]).toMatchObject({ delivery: "failed" }));
    online = true;
    await reconnect();
    await waitFor(() =>
      expect(result.current.items[0]).toMatchObject({ delivery: "sent", body: "Sent after reconnect" }),
    );
  });

  test("when a send fails and the other side replies afterwards, then the reply is shown below the failed message", async () => {
    thread([]);
    postAnswers(() => HttpResponse.error());
    const { result } = setup();
    await waitFor(() => expect(result.current.state).toBe("ready"));
    act(() => result.current.send("My message that failed"));
    await waitFor(() => expect(result.current.items[0]).toMatchObject({ delivery: "failed" }));
    serverSends(
      "message:created",
      makeMessage({
        senderType: "admin",
        senderId: "ada",
        senderName: "Ada",
        body: "A newer reply",
        createdAt: new Date(Date.now() + 1000).toISOString(),
      }),
    );
    await waitFor(() =>
      expect(result.current.items.map((i) => i.body)).toEqual(["My message that failed", "A newer reply"]),
    );
  });
});

test("when the browser is offline, then a reply and a read receipt wait (Sending…, in the outbox) and go once it is online, though the app's other mutations fail at once", async () => {
  const incoming = () =>
    makeMessage({ ticketId: "t1", senderType: "admin", senderName: "Ada", senderId: "demo-admin" });
  const { sent } = thread([]);
  postAnswers((input) => HttpResponse.json(serverCopy(input), { status: 201 }));
  // As main.tsx sets it up: forms fail fast offline.
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false, networkMode: "always" } },
  });
  const { result } = setup("shop", client);
  await waitFor(() => expect(result.current.state).toBe("ready"));
  try {
    act(() => onlineManager.setOnline(false));
    const reply = incoming();
    serverSends("message:created", reply);
    act(() => result.current.send("Still there?"));
    await waitFor(() => expect(result.current.items.at(-1)).toMatchObject({ delivery: "sending" }));
    await waitFor(() => expect(localStorage.getItem(outboxKey("t1"))).toContain("Still there?"));
    expect(sent.filter((r) => r.method === "POST")).toEqual([]);

    act(() => onlineManager.setOnline(true));
    await waitFor(() => expect(result.current.items.at(-1)).toMatchObject({ delivery: "sent" }));
    await waitFor(() =>
      expect(sent.find((r) => r.path === "/api/tickets/t1/read")?.body).toEqual({ upToMessageId: reply.id }),
    );
    expect(sent.filter((r) => r.path === "/api/tickets/t1/messages" && r.method === "POST")).toHaveLength(1);
  } finally {
    onlineManager.setOnline(true);
  }
});
