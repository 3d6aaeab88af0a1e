/**
 * "Send and resolve" written offline, then a reload before it went: the reply waits in the outbox with
 * the intention to resolve, and once the reloaded page sends it, the ticket is resolved as online. So too
 * online, a reload after the server took the reply but before the resolve was answered. The
 * conversation pane with its real pieces over msw; a "reload" is a new page (query client, components)
 * over the same localStorage, which is where the outbox lives.
 */
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { onlineManager } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import type { Ticket } from "@parley/contract";
import { server } from "../../../../test/msw";
import { renderConversation, type ConversationOptions } from "../../../../test/conversation";
import { outboxDraftKey, writeDraft } from "../../messages/drafts";

vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { default: TicketConversation } = await import("./TicketConversation");

type Page = ReturnType<typeof renderConversation>;

/** What the sends and ticket changes were, in order: "POST <body>" or "PATCH <status>". */
async function writesOf(writes: Page["writes"], count: number) {
  await waitFor(() => expect(writes()).toHaveLength(count));
  // The bodies are read asynchronously by recordRequests.
  await waitFor(() => expect(writes().every((w) => w.body !== undefined)).toBe(true));
  return writes().map((w) => {
    const body = w.body as { body?: string; status?: string };
    return w.method === "POST" ? `POST ${body.body}` : `PATCH ${body.status}`;
  });
}

/** Whether the reply queued first names the intention to resolve. */
const queuedToResolve = (ticket: Ticket) =>
  (outboxOf(ticket) as Record<string, unknown>[] | null)?.[0]?.resolveAfterSend === true;

const outboxOf = (ticket: Ticket) =>
  JSON.parse(localStorage.getItem(outboxDraftKey(ticket.id)) ?? "null") as unknown;

/** Offline, the admin writes `text` and presses `button`; the page is closed before it could go. */
async function queuedOfflineThenClosed(button: "Send" | "Send and resolve", text: string) {
  const first = renderConversation(TicketConversation);
  const box = await screen.findByRole("textbox", { name: "Reply" });
  act(() => onlineManager.setOnline(false));
  await userEvent.type(box, text);
  await userEvent.click(screen.getByRole("button", { name: button }));
  expect(await screen.findByText(text)).toBeInTheDocument();
  await waitFor(() => expect(localStorage.getItem(outboxDraftKey(first.ticket.id))).toContain(text));
  expect(first.writes()).toEqual([]);
  first.view.unmount();
  return first.ticket;
}

/** The page opens again (a reload), online, on the same ticket. */
function reopened(ticket: Ticket, opts: ConversationOptions = {}) {
  act(() => onlineManager.setOnline(true));
  return renderConversation(TicketConversation, { ...opts, ticket: { ...ticket, ...opts.ticket } });
}

afterEach(() => onlineManager.setOnline(true));

test("when Send and resolve is queued offline and the page reloads before it went, then the reloaded page sends the reply and then resolves the ticket", async () => {
  const ticket = await queuedOfflineThenClosed("Send and resolve", "Written on the train");
  expect(outboxOf(ticket)).toEqual([
    expect.objectContaining({ body: "Written on the train", resolveAfterSend: true }),
  ]);

  const page = reopened(ticket);
  expect(await writesOf(page.writes, 2)).toEqual(["POST Written on the train", "PATCH resolved"]);
  await waitFor(() =>
    expect(screen.getByRole("status", { name: "Send and resolve" })).toHaveTextContent(
      `Reply sent and ticket #${ticket.number} resolved.`,
    ),
  );
  await waitFor(() => expect(outboxOf(ticket)).toBeNull());
  // Once: the closed page's queued copy did not go as well.
  expect(page.writes()).toHaveLength(2);
});

test("when the reloaded page's resolve is refused, then the reply stays sent and the admin is told why, as online", async () => {
  const ticket = await queuedOfflineThenClosed("Send and resolve", "Here is your label");
  const page = reopened(ticket, {
    patch: () =>
      HttpResponse.json(
        {
          error: {
            code: "INVALID_TRANSITION",
            message: "A ticket cannot go from closed to resolved here.",
            requestId: "r1",
          },
        },
        { status: 409 },
      ),
  });

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent(
    "Your reply was sent, but the ticket was not resolved: A ticket cannot go from closed to resolved here. Change its status in the ticket details if it should be resolved.",
  );
  expect(await writesOf(page.writes, 2)).toEqual(["POST Here is your label", "PATCH resolved"]);
  const thread = screen.getByRole("list", { name: "Conversation" });
  expect(within(thread).getByText("Here is your label")).toBeInTheDocument();
});

test("when a plain Send is queued offline and the page reloads, then the reply goes and the ticket is left as it was", async () => {
  const ticket = await queuedOfflineThenClosed("Send", "Just a reply");
  expect(queuedToResolve(ticket)).toBe(false);

  const page = reopened(ticket);
  expect(await writesOf(page.writes, 1)).toEqual(["POST Just a reply"]);
  await waitFor(() => expect(outboxOf(ticket)).toBeNull());
  await new Promise((r) => setTimeout(r, 100));
  expect(page.writes().filter((w) => w.method === "PATCH")).toEqual([]);
});

test("when a Send and resolve failed and the admin was told it was not resolved, then the reply sent again after a reload does not resolve", async () => {
  const first = renderConversation(TicketConversation);
  server.use(http.post(`/api/tickets/${first.ticket.id}/messages`, () => HttpResponse.error()));
  await userEvent.type(await screen.findByRole("textbox", { name: "Reply" }), "Lost in the void");
  await userEvent.click(screen.getByRole("button", { name: "Send and resolve" }));
  await screen.findByText(/^Your reply was not sent, so the ticket was not resolved\./);
  await waitFor(() =>
    expect(outboxOf(first.ticket)).toEqual([expect.objectContaining({ body: "Lost in the void" })]),
  );
  expect(queuedToResolve(first.ticket)).toBe(false);
  first.view.unmount();

  const page = reopened(first.ticket);
  expect(await writesOf(page.writes, 1)).toEqual(["POST Lost in the void"]);
  await new Promise((r) => setTimeout(r, 100));
  expect(page.writes().filter((w) => w.method === "PATCH")).toEqual([]);
});

test("when the shop's outbox names resolveAfterSend (a shop cannot resolve), then its reply is only sent", async () => {
  const ticket = { id: "70000000-0000-4000-8000-000000000001" } as const;
  writeDraft(outboxDraftKey(ticket.id), [
    {
      clientMessageId: "c-1",
      body: "Thanks!",
      internal: false,
      createdAt: new Date().toISOString(),
      resolveAfterSend: true,
    },
  ]);
  const page = renderConversation(TicketConversation, { side: "shop", ticket });
  expect(await writesOf(page.writes, 1)).toEqual(["POST Thanks!"]);
  await new Promise((r) => setTimeout(r, 100));
  expect(page.writes().filter((w) => w.method === "PATCH")).toEqual([]);
});

/**
 * Online, the admin sends and resolves; the server takes the reply but the page is closed before the
 * resolve was answered (`stage`: the POST is answered and the PATCH held, or the POST itself is held).
 * Returns the reply the server has.
 */
async function sentThenClosedBeforeResolve(stage: "resolve" | "reply", text: string) {
  const first = renderConversation(TicketConversation, {
    ...(stage === "reply" ? { beforePost: () => new Promise<void>(() => {}) } : {}),
  });
  if (stage === "resolve")
    server.use(http.patch(`/api/tickets/${first.ticket.id}`, () => new Promise<Response>(() => {})));
  await userEvent.type(await screen.findByRole("textbox", { name: "Reply" }), text);
  await userEvent.click(screen.getByRole("button", { name: "Send and resolve" }));
  const expected = stage === "resolve" ? [`POST ${text}`, "PATCH resolved"] : [`POST ${text}`];
  expect(await writesOf(first.writes, expected.length)).toEqual(expected);
  const { clientMessageId } = first.writes()[0]!.body as { clientMessageId: string };
  first.view.unmount();
  const reply = {
    senderType: "admin" as const,
    senderId: "admin-me",
    senderName: "Me",
    body: text,
    clientMessageId,
  };
  return { ticket: first.ticket, reply };
}

test("when the reply is in but the page reloads before the resolve was answered, then the reloaded page resolves once and does not post the reply again", async () => {
  const { ticket, reply } = await sentThenClosedBeforeResolve("resolve", "Refund on its way");
  expect(outboxOf(ticket)).toEqual([
    expect.objectContaining({ clientMessageId: reply.clientMessageId, resolveAfterSend: true }),
  ]);

  const page = reopened(ticket, { messages: [reply] });
  expect(await writesOf(page.writes, 1)).toEqual(["PATCH resolved"]);
  await waitFor(() =>
    expect(screen.getByRole("status", { name: "Send and resolve" })).toHaveTextContent(
      `Reply sent and ticket #${ticket.number} resolved.`,
    ),
  );
  await waitFor(() => expect(outboxOf(ticket)).toBeNull());
  await new Promise((r) => setTimeout(r, 100));
  expect(page.writes()).toHaveLength(1);
});

test("when the server took the reply but the page reloaded before its answer, then the reloaded page finds it in the thread and resolves, without posting it again", async () => {
  const { ticket, reply } = await sentThenClosedBeforeResolve("reply", "Label attached");

  const page = reopened(ticket, { messages: [reply] });
  expect(await writesOf(page.writes, 1)).toEqual(["PATCH resolved"]);
  await waitFor(() => expect(outboxOf(ticket)).toBeNull());
  await new Promise((r) => setTimeout(r, 100));
  expect(page.writes()).toHaveLength(1);
  const thread = screen.getByRole("list", { name: "Conversation" });
  expect(within(thread).getAllByText("Label attached")).toHaveLength(1);
});

test("when the shop wrote again before the reloaded page could resolve, then the ticket is left open and the admin is told why", async () => {
  const { ticket, reply } = await sentThenClosedBeforeResolve("resolve", "Refund on its way");
  const later = new Date(Date.now() + 60_000).toISOString();

  const page = reopened(ticket, { messages: [reply, { body: "It has not arrived", createdAt: later }] });
  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent(
    "Your reply was sent, but the ticket was not resolved: the shop wrote again since. Change its status in the ticket details if it should be resolved.",
  );
  await waitFor(() => expect(outboxOf(ticket)).toBeNull());
  expect(page.writes()).toEqual([]);
});
