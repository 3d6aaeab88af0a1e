/**
 * The admin's reply box when a colleague answers the same ticket: the conversation pane with its real
 * pieces (thread, composer, collision warning) over the msw API; the socket service is the one part
 * replaced, so the test plays the server's `message:created` and `typing` events.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { makeMessage } from "../../../../test/fixtures";
import { serverSends } from "../../../../test/fake-socket";
import { colleagueReply, ME, renderConversation } from "../../../../test/conversation";

vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { default: TicketConversation } = await import("./TicketConversation");
const setup = (opts?: Parameters<typeof renderConversation>[1]) =>
  renderConversation(TicketConversation, opts);

async function draft(text: string) {
  const box = await screen.findByRole("textbox", { name: "Reply" });
  await userEvent.type(box, text);
  return box;
}

test("when a colleague's public reply arrives while my reply is unsent, then a warning names them and Enter asks before sending; Send anyway sends it", async () => {
  const { ticket, posts } = setup();
  const box = await draft("We will look into it");
  serverSends("message:created", colleagueReply(ticket.id));

  expect(await screen.findByText("Sam replied while you were writing.")).toBeInTheDocument();
  expect(screen.getByRole("status", { name: "Reply warnings" })).toHaveTextContent(
    "Sam replied to this ticket while you were writing.",
  );

  await userEvent.type(box, "{Enter}");
  const ask = await screen.findByRole("alertdialog", { name: "Sam replied while you were writing" });
  // The safer answer has the focus: a second hurried Enter shows Sam's reply instead of sending.
  expect(within(ask).getByRole("button", { name: "Review" })).toHaveFocus();
  expect(box).toHaveValue("We will look into it");
  expect(posts()).toHaveLength(0);

  await userEvent.click(within(ask).getByRole("button", { name: "Send anyway" }));
  await waitFor(() => expect(posts()).toHaveLength(1));
  await waitFor(() => expect(posts()[0]!.body).toMatchObject({ body: "We will look into it" }));
  expect(box).toHaveValue("");
  expect(box).toHaveFocus();
  // Sent: the warning is gone with the draft.
  expect(screen.queryByText("Sam replied while you were writing.")).not.toBeInTheDocument();
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});

test("when Review is chosen, then the focus goes to the colleague's reply, the draft stays, and the next Send goes without asking", async () => {
  const { ticket, posts } = setup();
  const box = await draft("Refund on its way");
  const sams = colleagueReply(ticket.id);
  serverSends("message:created", sams);
  await screen.findByText("Sam replied while you were writing.");

  await userEvent.type(box, "{Enter}");
  await userEvent.keyboard("{Enter}"); // Enter on the focused Review button
  const item = await screen.findByText("Refund issued, sorry!");
  await waitFor(() => expect(item.closest("li")).toHaveFocus());
  expect(box).toHaveValue("Refund on its way");
  expect(posts()).toHaveLength(0);

  // Seen: the warning stays until the draft goes, but no longer stops the send.
  expect(screen.getByText("Sam replied while you were writing.")).toBeInTheDocument();
  await userEvent.type(box, " (as Sam said){Enter}");
  await waitFor(() => expect(posts()).toHaveLength(1));
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});

test("when Escape is pressed in the confirmation, then the focus is back in the box with the draft, and the next Send asks again", async () => {
  const { ticket, posts } = setup();
  const box = await draft("Checking with the carrier");
  serverSends("message:created", colleagueReply(ticket.id));
  await userEvent.click(await screen.findByRole("button", { name: "Send" }));
  await screen.findByRole("alertdialog");

  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(box).toHaveFocus();
  expect(box).toHaveValue("Checking with the carrier");

  await userEvent.keyboard("{Enter}");
  expect(await screen.findByRole("alertdialog")).toBeInTheDocument();
  expect(posts()).toHaveLength(0);
});

test("when the draft is emptied, then the warning goes; a later reply with no draft warns of nothing", async () => {
  const { ticket } = setup();
  const box = await draft("Hm");
  serverSends("message:created", colleagueReply(ticket.id));
  await screen.findByText("Sam replied while you were writing.");

  await userEvent.clear(box);
  await waitFor(() => expect(screen.queryByText(/replied while you were writing/)).not.toBeInTheDocument());
  serverSends("message:created", colleagueReply(ticket.id, { body: "One more thing" }));
  await screen.findByText("One more thing");
  expect(screen.queryByText(/replied while you were writing/)).not.toBeInTheDocument();
});

test("when the message is mine (another tab), a colleague's internal note or the shop's, then no warning", async () => {
  const { ticket, posts } = setup();
  const box = await draft("Draft");
  serverSends("message:created", colleagueReply(ticket.id, { senderId: ME.id, body: "From my other tab" }));
  serverSends("message:created", colleagueReply(ticket.id, { internal: true, body: "Note: VIP" }));
  serverSends("message:created", makeMessage({ ticketId: ticket.id, body: "Any news?" }));
  await screen.findByText("Any news?");
  expect(screen.queryByText(/replied while you were writing/)).not.toBeInTheDocument();

  await userEvent.type(box, "{Enter}");
  await waitFor(() => expect(posts()).toHaveLength(1));
});

test("when only an internal note is being written, then a colleague's reply warns of nothing and the note goes at once", async () => {
  const { ticket, posts } = setup();
  await screen.findByRole("textbox", { name: "Reply" });
  await userEvent.click(screen.getByRole("button", { name: "Internal note" }));
  const note = screen.getByRole("textbox", { name: "Internal note" });
  await userEvent.type(note, "Customer is a VIP");
  serverSends("message:created", colleagueReply(ticket.id));
  await screen.findByText("Refund issued, sorry!");

  expect(screen.queryByText(/replied while you were writing/)).not.toBeInTheDocument();
  await userEvent.type(note, "{Enter}");
  await waitFor(() => expect(posts()[0]?.body).toMatchObject({ body: "Customer is a VIP", internal: true }));
});

test("when a reply draft waits behind the note tab, then a colleague's reply still arms the warning for it", async () => {
  const { ticket, posts } = setup();
  await draft("Half an answer");
  await userEvent.click(screen.getByRole("button", { name: "Internal note" }));
  serverSends("message:created", colleagueReply(ticket.id));
  expect(await screen.findByText("Sam replied while you were writing.")).toBeInTheDocument();

  await userEvent.click(screen.getByRole("button", { name: "Reply to shop" }));
  const box = screen.getByRole("textbox", { name: "Reply" });
  await waitFor(() => expect(box).toHaveValue("Half an answer"));
  await userEvent.type(box, "{Enter}");
  expect(await screen.findByRole("alertdialog")).toBeInTheDocument();
  expect(posts()).toHaveLength(0);
});

test("when a colleague types a reply, then the box says they are also replying and the thread does not call it the shop's typing", async () => {
  const { ticket } = setup();
  await screen.findByRole("textbox", { name: "Reply" });
  const typing = { ticketId: ticket.id, userId: "admin-sam", name: "Sam", senderType: "admin" as const };
  serverSends("typing", { ...typing, isTyping: true });
  expect(await screen.findByText("Sam is also replying…")).toBeInTheDocument();
  expect(screen.queryByText("Sam is typing…")).not.toBeInTheDocument();

  // The shop's typing stays in the thread.
  serverSends("typing", {
    ticketId: ticket.id,
    userId: "shop-1",
    name: "Acme",
    senderType: "shop",
    isTyping: true,
  });
  expect(await screen.findByText("Acme is typing…")).toBeInTheDocument();
  expect(screen.queryByText(/Acme is also replying/)).not.toBeInTheDocument();

  serverSends("typing", { ...typing, isTyping: false });
  await waitFor(() => expect(screen.queryByText("Sam is also replying…")).not.toBeInTheDocument());
});
