/**
 * The collision warning armed by a catch-up: a colleague's reply that reaches the thread after a
 * reconnect (the thread's refetch), not by a live `message:created`, warns all the same. The conversation
 * pane with its real pieces over msw; the socket service is the shared fake (the test plays the reconnect).
 */
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Message } from "@parley/contract";
import { makeMessage } from "../../../../test/fixtures";
import { server } from "../../../../test/msw";
import { reconnect, serverSends, setConnectionStatus } from "../../../../test/fake-socket";
import { colleagueReply, ME, renderConversation } from "../../../../test/conversation";

vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { default: TicketConversation } = await import("./TicketConversation");

async function draft(text: string) {
  const box = await screen.findByRole("textbox", { name: "Reply" });
  await userEvent.type(box, text);
  return box;
}

/** The connection drops; while it is down the server gets `missed`; it comes back and the thread catches up. */
async function missedWhileDown(ticketId: string, missed: Message[]) {
  setConnectionStatus("reconnecting");
  // What the catch-up (`after=` the last message seen) answers: only what was missed.
  server.use(http.get(`/api/tickets/${ticketId}/messages`, () => HttpResponse.json({ items: missed })));
  await reconnect();
  for (const m of missed) await screen.findByText(m.body);
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

/**
 * This browser's clock set `minutes` off the server's (ahead when positive). Messages the test makes carry
 * explicit times from before the skew: those stand for the server's clock.
 */
function skewBrowserClock(minutes: number) {
  vi.setSystemTime(Date.now() + minutes * 60_000);
}
afterEach(() => vi.useRealTimers());

test("when a colleague's reply arrives in the catch-up after a reconnect while my reply is unsent, then the warning names them and Send asks first", async () => {
  const { ticket, posts } = renderConversation(TicketConversation);
  const box = await draft("We will look into it");
  await missedWhileDown(ticket.id, [colleagueReply(ticket.id)]);

  expect(await screen.findByText("Sam replied while you were writing.")).toBeInTheDocument();
  expect(screen.getByRole("status", { name: "Reply warnings" })).toHaveTextContent(
    "Sam replied to this ticket while you were writing.",
  );
  await userEvent.type(box, "{Enter}");
  expect(
    await screen.findByRole("alertdialog", { name: "Sam replied while you were writing" }),
  ).toBeInTheDocument();
  expect(box).toHaveValue("We will look into it");
  expect(posts()).toHaveLength(0);
});

test("when the same reply comes both live and in the catch-up, then it is counted once", async () => {
  const { ticket } = renderConversation(TicketConversation);
  await draft("On it");
  const sams = colleagueReply(ticket.id);
  serverSends("message:created", sams);
  await screen.findByText("Sam replied while you were writing.");
  // The catch-up starts before the live copy's id, so it brings that reply again, with one more.
  await missedWhileDown(ticket.id, [sams]);
  expect(screen.getByRole("button", { name: "See the reply" })).toBeInTheDocument();

  await missedWhileDown(ticket.id, [sams, colleagueReply(ticket.id, { body: "And a label" })]);
  expect(await screen.findByRole("button", { name: "See the replies" })).toBeInTheDocument();
});

test("when the catch-up brings my own reply (another tab), a colleague's note or the shop's message, then no warning and Send goes at once", async () => {
  const { ticket, posts } = renderConversation(TicketConversation);
  const box = await draft("Draft");
  await missedWhileDown(ticket.id, [
    colleagueReply(ticket.id, { senderId: ME.id, senderName: ME.name, body: "From my other tab" }),
    colleagueReply(ticket.id, { internal: true, body: "Note: VIP" }),
    makeMessage({ ticketId: ticket.id, body: "Any news?" }),
  ]);

  expect(screen.queryByText(/replied while you were writing/)).not.toBeInTheDocument();
  await userEvent.type(box, "{Enter}");
  await waitFor(() => expect(posts()).toHaveLength(1));
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});

test("when the catch-up brings a colleague's reply written before my draft began, then it does not warn", async () => {
  const { ticket, posts } = renderConversation(TicketConversation);
  const box = await draft("Draft");
  await missedWhileDown(ticket.id, [colleagueReply(ticket.id, { createdAt: minutesAgo(5) })]);

  expect(screen.queryByText(/replied while you were writing/)).not.toBeInTheDocument();
  await userEvent.type(box, "{Enter}");
  await waitFor(() => expect(posts()).toHaveLength(1));
});

test("when there is no draft while the catch-up lands, then nothing warns, nor later when a draft begins", async () => {
  const { ticket, posts } = renderConversation(TicketConversation);
  await screen.findByRole("textbox", { name: "Reply" });
  await missedWhileDown(ticket.id, [colleagueReply(ticket.id)]);
  const box = await draft("Now I write");
  // Any later change of the thread (here the shop's message) looks at it all again.
  serverSends("message:created", makeMessage({ ticketId: ticket.id, body: "Hello?" }));
  await screen.findByText("Hello?");

  expect(screen.queryByText(/replied while you were writing/)).not.toBeInTheDocument();
  await userEvent.type(box, "{Enter}");
  await waitFor(() => expect(posts()).toHaveLength(1));
});

test("when the server's clock runs ahead, then a colleague's reply already in the thread when the draft began does not warn", async () => {
  const ahead = new Date(Date.now() + 10 * 60_000).toISOString();
  const { ticket } = renderConversation(TicketConversation, {
    messages: [
      { senderType: "admin", senderId: "admin-sam", senderName: "Sam", body: "Earlier", createdAt: ahead },
    ],
  });
  await screen.findByText("Earlier");
  await draft("Draft");
  await missedWhileDown(ticket.id, [
    makeMessage({ ticketId: ticket.id, body: "Any news?", createdAt: ahead }),
  ]);

  expect(screen.queryByText(/replied while you were writing/)).not.toBeInTheDocument();
});

test("when this browser's clock runs minutes ahead of the server's, then a colleague's reply written just after my draft began still warns", async () => {
  const { ticket, posts } = renderConversation(TicketConversation);
  await screen.findByText("My parcel is lost");
  const serverNow = Date.now();
  skewBrowserClock(5);
  const box = await draft("We will look into it");
  await missedWhileDown(ticket.id, [
    colleagueReply(ticket.id, { createdAt: new Date(serverNow + 1_000).toISOString() }),
  ]);

  expect(await screen.findByText("Sam replied while you were writing.")).toBeInTheDocument();
  await userEvent.type(box, "{Enter}");
  expect(
    await screen.findByRole("alertdialog", { name: "Sam replied while you were writing" }),
  ).toBeInTheDocument();
  expect(posts()).toHaveLength(0);
});

// Written a minute before the shop's message by the server's clock: "later" than a browser running behind.
test.each([
  ["ahead", 5],
  ["behind", -5],
])(
  "when this browser's clock runs %s, then a catch-up reply older than the newest message my draft began from does not warn",
  async (_how, minutes) => {
    const serverNow = Date.now();
    const { ticket, posts } = renderConversation(TicketConversation, {
      messages: [{ body: "Any news?", createdAt: new Date(serverNow).toISOString() }],
    });
    await screen.findByText("Any news?");
    skewBrowserClock(minutes);
    const box = await draft("Draft");
    await missedWhileDown(ticket.id, [
      colleagueReply(ticket.id, { createdAt: new Date(serverNow - 60_000).toISOString() }),
    ]);

    expect(screen.queryByText(/replied while you were writing/)).not.toBeInTheDocument();
    await userEvent.type(box, "{Enter}");
    await waitFor(() => expect(posts()).toHaveLength(1));
  },
);
