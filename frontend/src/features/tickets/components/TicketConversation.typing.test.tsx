/**
 * Who is writing what, in the conversation pane: a colleague's internal note ("Sam is writing a note…",
 * in the thread, where the note will appear) apart from a colleague's reply ("Sam is also replying…", by
 * the reply box) and the shop's typing. The socket service is the one part replaced: the test plays the
 * server's `typing` events (docs/realtime.md, "Typing an internal note") and reads what the app sends.
 */
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { TypingEvent } from "@parley/contract";
import { serverSends, socketCalls } from "../../../../test/fake-socket";
import { colleagueReply, renderConversation } from "../../../../test/conversation";

vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { default: TicketConversation } = await import("./TicketConversation");
const setup = (opts?: Parameters<typeof renderConversation>[1]) =>
  renderConversation(TicketConversation, opts);

/**
 * The thread and the reply box are up. From then on each assertion is immediate (serverSends runs inside
 * act): an indicator also fades by itself after 6 s, so a waiting assertion could pass by the fade.
 */
async function ready() {
  await screen.findByText("My parcel is lost");
  await screen.findByRole("textbox", { name: "Reply" });
}

/** A colleague's typing as the server relays it: a note's with `internal: true`, a reply's without. */
const colleague = (ticketId: string, userId: string, name: string) => ({
  starts: (kind: "note" | "reply"): TypingEvent => ({
    ticketId,
    userId,
    name,
    senderType: "admin",
    isTyping: true,
    ...(kind === "note" ? { internal: true as const } : {}),
  }),
  stops: (kind: "note" | "reply"): TypingEvent => ({
    ticketId,
    userId,
    name,
    senderType: "admin",
    isTyping: false,
    ...(kind === "note" ? { internal: true as const } : {}),
  }),
});

test("when a colleague types an internal note, then the admin's thread says they are writing a note, and nothing says they reply", async () => {
  const { ticket } = setup();
  await ready();
  serverSends("typing", colleague(ticket.id, "admin-sam", "Sam").starts("note"));

  expect(screen.getByText("Sam is writing a note…")).toBeInTheDocument();
  expect(screen.queryByText(/also replying/)).not.toBeInTheDocument();
  expect(screen.queryByText(/is typing/)).not.toBeInTheDocument();
});

test("when one colleague writes a note, another a reply, and the shop types, then each reads as what it is", async () => {
  const { ticket } = setup();
  await ready();
  serverSends("typing", colleague(ticket.id, "admin-sam", "Sam").starts("note"));
  serverSends("typing", colleague(ticket.id, "admin-lee", "Lee").starts("reply"));
  serverSends("typing", {
    ticketId: ticket.id,
    userId: "shop-1",
    name: "Acme",
    senderType: "shop",
    isTyping: true,
  });

  expect(screen.getByText("Sam is writing a note…")).toBeInTheDocument();
  expect(screen.getByText("Lee is also replying…")).toBeInTheDocument();
  expect(screen.getByText("Acme is typing…")).toBeInTheDocument();
  expect(screen.queryByText(/Sam and Lee/)).not.toBeInTheDocument();
});

test("when a colleague switches from the note to a reply and back, then the indicator follows them; their stop or their note clears it", async () => {
  const { ticket } = setup();
  await ready();
  const sam = colleague(ticket.id, "admin-sam", "Sam");

  serverSends("typing", sam.starts("note"));
  expect(screen.getByText("Sam is writing a note…")).toBeInTheDocument();

  // The server relays the switch as the typist's new start (a reply's: no flag).
  serverSends("typing", sam.starts("reply"));
  expect(screen.getByText("Sam is also replying…")).toBeInTheDocument();
  expect(screen.queryByText(/writing a note/)).not.toBeInTheDocument();

  serverSends("typing", sam.starts("note"));
  expect(screen.getByText("Sam is writing a note…")).toBeInTheDocument();
  expect(screen.queryByText(/also replying/)).not.toBeInTheDocument();

  serverSends("typing", sam.stops("note"));
  expect(screen.queryByText(/writing a note/)).not.toBeInTheDocument();

  serverSends("typing", sam.starts("note"));
  expect(screen.getByText("Sam is writing a note…")).toBeInTheDocument();
  serverSends("message:created", colleagueReply(ticket.id, { internal: true, body: "Payout held" }));
  expect(screen.getByText("Payout held")).toBeInTheDocument();
  expect(screen.queryByText(/writing a note/)).not.toBeInTheDocument();
});

test("when the admin types in the note box, then the typing goes out as a note's; back in the reply box, as a reply's", async () => {
  const { ticket } = setup();
  await screen.findByRole("textbox", { name: "Reply" });
  await userEvent.click(screen.getByRole("button", { name: "Internal note" }));
  await userEvent.type(screen.getByRole("textbox", { name: "Internal note" }), "VIP");
  await userEvent.click(screen.getByRole("button", { name: "Reply to shop" }));
  await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Hi");

  const sent = socketCalls.sendTyping.mock.calls.map(([id, isTyping, internal]) => [
    id,
    isTyping,
    internal ?? false,
  ]);
  expect(sent).toEqual([
    [ticket.id, true, true],
    [ticket.id, false, false],
    [ticket.id, true, false],
  ]);
});

test("when a shop's thread hears a note's typing (the server never sends one), then it shows nothing of it; a reply's typing shows as before", async () => {
  const { ticket } = setup({ side: "shop" });
  await ready();
  serverSends("typing", colleague(ticket.id, "admin-kim", "Kim").starts("note"));
  serverSends("typing", colleague(ticket.id, "admin-ada", "Ada").starts("reply"));

  expect(screen.getByText("Ada is typing…")).toBeInTheDocument();
  expect(screen.queryByText(/Kim/)).not.toBeInTheDocument();
});
