/**
 * "Send and resolve" in the admin's reply box: the conversation pane with its real pieces over the msw
 * API; the socket service is the one part replaced (the test plays a colleague's reply).
 */
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { onlineManager } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import { server } from "../../../../test/msw";
import { serverSends } from "../../../../test/fake-socket";
import { colleagueReply, renderConversation } from "../../../../test/conversation";

vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { default: TicketConversation } = await import("./TicketConversation");
const setup = (opts?: Parameters<typeof renderConversation>[1]) =>
  renderConversation(TicketConversation, opts);

/** What the sends and ticket changes were, in order: "POST <body>" or "PATCH <status>". */
async function writesOf(writes: ReturnType<typeof setup>["writes"], count: number) {
  await waitFor(() => expect(writes()).toHaveLength(count));
  // The bodies are read asynchronously by recordRequests.
  await waitFor(() => expect(writes().every((w) => w.body !== undefined)).toBe(true));
  return writes().map((w) => {
    const body = w.body as { body?: string; status?: string };
    return w.method === "POST" ? `POST ${body.body}` : `PATCH ${body.status}`;
  });
}

test("when Send and resolve is clicked, then the reply is posted (with its clientMessageId) and only once it is in, the ticket is resolved", async () => {
  let answer!: () => void;
  const answered = new Promise<void>((r) => (answer = r));
  const { writes } = setup({ ticket: { status: "open" }, beforePost: () => answered });
  const box = await screen.findByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "Refund sent, closing this.");
  await userEvent.click(screen.getByRole("button", { name: "Send and resolve" }));

  // While the server has not answered the reply, nothing is resolved.
  expect(await writesOf(writes, 1)).toEqual(["POST Refund sent, closing this."]);
  await new Promise((r) => setTimeout(r, 100));
  expect(writes()).toHaveLength(1);
  answer();
  expect(await writesOf(writes, 2)).toEqual(["POST Refund sent, closing this.", "PATCH resolved"]);
  // The same path as Send: a retry of it could never double the reply.
  expect((writes()[0]!.body as { clientMessageId?: unknown }).clientMessageId).toMatch(/\S/);
  expect(box).toHaveValue("");
  await waitFor(() =>
    expect(screen.getByRole("status", { name: "Send and resolve" })).toHaveTextContent(
      /Reply sent and ticket #\d+ resolved/,
    ),
  );
  // Resolved now: the choice is not offered again.
  await waitFor(() =>
    expect(screen.queryByRole("button", { name: "Send and resolve" })).not.toBeInTheDocument(),
  );
});

test("when Ctrl+Shift+Enter is pressed in the reply box, then it sends and resolves; Enter alone only sends", async () => {
  const { writes } = setup();
  const box = await screen.findByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "Just a reply{Enter}");
  expect(await writesOf(writes, 1)).toEqual(["POST Just a reply"]);

  await userEvent.type(box, "Done here{Control>}{Shift>}{Enter}{/Shift}{/Control}");
  expect(await writesOf(writes, 3)).toEqual(["POST Just a reply", "POST Done here", "PATCH resolved"]);
});

test("when Cmd+Shift+Enter is pressed (a Mac), then it sends and resolves too", async () => {
  const { writes } = setup();
  const box = await screen.findByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "Done{Meta>}{Shift>}{Enter}{/Shift}{/Meta}");
  expect(await writesOf(writes, 2)).toEqual(["POST Done", "PATCH resolved"]);
});

test("when the resolve is refused (409 INVALID_TRANSITION), then the reply stays sent and the admin is told why", async () => {
  const { writes } = setup({
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
  const box = await screen.findByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "Here is your label");
  await userEvent.click(screen.getByRole("button", { name: "Send and resolve" }));

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent(
    "Your reply was sent, but the ticket was not resolved: A ticket cannot go from closed to resolved here.",
  );
  expect(await writesOf(writes, 2)).toEqual(["POST Here is your label", "PATCH resolved"]);
  // The reply is in the thread as sent (no Retry), and the box is empty.
  const thread = screen.getByRole("list", { name: "Conversation" });
  expect(within(thread).getByText("Here is your label")).toBeInTheDocument();
  expect(within(thread).queryByRole("button", { name: /retry/i })).not.toBeInTheDocument();
  expect(box).toHaveValue("");

  await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("when the reply cannot be sent, then the ticket is not resolved and the admin is told", async () => {
  const { ticket, writes } = setup();
  server.use(http.post(`/api/tickets/${ticket.id}/messages`, () => HttpResponse.error()));
  await userEvent.type(await screen.findByRole("textbox", { name: "Reply" }), "Lost in the void");
  await userEvent.click(screen.getByRole("button", { name: "Send and resolve" }));

  // The thread says "Not sent" on the message (with Retry); the box says what became of the resolve.
  const told = await screen.findByText(/^Your reply was not sent, so the ticket was not resolved\./);
  expect(told).toHaveAttribute("role", "alert");
  expect(screen.getByRole("button", { name: /retry/i })).toBeInTheDocument();
  expect(writes().filter((w) => w.method === "PATCH")).toEqual([]);
});

test("when offline, then the reply waits in the outbox and the resolve waits for it: both go, in order, once online", async () => {
  const { writes } = setup();
  const box = await screen.findByRole("textbox", { name: "Reply" });
  try {
    act(() => onlineManager.setOnline(false));
    await userEvent.type(box, "Written on the train");
    await userEvent.click(screen.getByRole("button", { name: "Send and resolve" }));
    expect(await screen.findByText("Written on the train")).toBeInTheDocument();
    expect(writes()).toEqual([]);

    act(() => onlineManager.setOnline(true));
    expect(await writesOf(writes, 2)).toEqual(["POST Written on the train", "PATCH resolved"]);
  } finally {
    onlineManager.setOnline(true);
  }
});

test("when a colleague replied while the admin wrote, then Send and resolve asks first; Send anyway sends and resolves", async () => {
  const { ticket, writes } = setup();
  const box = await screen.findByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "Closing this");
  serverSends("message:created", colleagueReply(ticket.id));
  await screen.findByText("Sam replied while you were writing.");

  await userEvent.keyboard("{Control>}{Shift>}{Enter}{/Shift}{/Control}");
  const ask = await screen.findByRole("alertdialog");
  expect(ask).toHaveTextContent("send yours and resolve the ticket anyway?");
  expect(writes()).toEqual([]);

  await userEvent.click(within(ask).getByRole("button", { name: "Send anyway" }));
  expect(await writesOf(writes, 2)).toEqual(["POST Closing this", "PATCH resolved"]);
});

test("when the box is an internal note, or the ticket is resolved or closed, or the viewer is the shop, then Send and resolve is not offered", async () => {
  const admin = setup();
  await screen.findByRole("button", { name: "Send and resolve" });
  await userEvent.click(screen.getByRole("button", { name: "Internal note" }));
  expect(screen.queryByRole("button", { name: "Send and resolve" })).not.toBeInTheDocument();
  // Nor its keys: a note goes as a note, nothing is resolved.
  await userEvent.type(
    screen.getByRole("textbox", { name: "Internal note" }),
    "VIP{Control>}{Shift>}{Enter}{/Shift}{/Control}",
  );
  expect(admin.writes().filter((w) => w.method === "PATCH")).toEqual([]);
  admin.view.unmount();

  const resolved = setup({ ticket: { status: "resolved" } });
  await screen.findByRole("textbox", { name: "Reply" });
  expect(screen.queryByRole("button", { name: "Send and resolve" })).not.toBeInTheDocument();
  resolved.view.unmount();

  const closed = setup({ ticket: { status: "closed" } });
  await screen.findByText("Closed.");
  expect(screen.queryByRole("button", { name: "Send and resolve" })).not.toBeInTheDocument();
  closed.view.unmount();

  const shop = setup({ side: "shop" });
  const box = await screen.findByRole("textbox", { name: "Reply" });
  expect(screen.queryByRole("button", { name: "Send and resolve" })).not.toBeInTheDocument();
  await userEvent.type(box, "Thanks{Control>}{Shift>}{Enter}{/Shift}{/Control}");
  expect(shop.writes().filter((w) => w.method === "PATCH")).toEqual([]);
});
