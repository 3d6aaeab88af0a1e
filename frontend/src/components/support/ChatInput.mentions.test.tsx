/**
 * @mentions in the note box: "@" in a note opens the same picker as "/" (colleagues instead of saved
 * replies); the picked colleagues still named in the note go with it as `mentions`.
 */
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MENTIONS_MAX } from "@parley/contract";
import ChatInput from "./ChatInput";
import type { Mentionable } from "../../features/messages/mentions";

afterEach(() => localStorage.clear());

const ANA: Mentionable = { id: "admin-ana", name: "Ana Lima", email: "ana@parley.test", active: true };
const SAM: Mentionable = { id: "admin-sam", name: "Sam Ortiz", email: "sam@parley.test", active: true };
const NONAME: Mentionable = { id: "admin-ops", name: null, email: "ops@parley.test", active: true };
const GONE: Mentionable = { id: "admin-bo", name: "Bo Gone", email: "bo@parley.test", active: false };
const TEAM = [ANA, SAM, NONAME, GONE];

function renderNoteBox(props: Partial<Parameters<typeof ChatInput>[0]> = {}) {
  const onSend = vi.fn();
  const view = render(<ChatInput onSend={onSend} allowInternal admins={TEAM} {...props} />);
  return { onSend, view };
}

async function noteBox() {
  await userEvent.click(screen.getByRole("button", { name: "Internal note" }));
  return screen.getByRole("textbox", { name: "Internal note" });
}

test("when @ is typed in a note, then the active colleagues are offered, the list narrows as you type, and Enter inserts @Name", async () => {
  renderNoteBox();
  const box = await noteBox();
  expect(box).toHaveAccessibleDescription(/@ to mention a colleague/);

  await userEvent.type(box, "Can @");
  const list = screen.getByRole("listbox", { name: "Colleagues" });
  expect(box).toHaveAttribute("aria-controls", list.id);
  // Bo was deactivated: never offered. Someone without a name is offered by email.
  expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual([
    "Ana Limaana@parley.test",
    "Sam Ortizsam@parley.test",
    "ops@parley.test",
  ]);
  expect(screen.getByText(/3 colleagues: Up and Down to choose/)).toBeInTheDocument();

  await userEvent.type(box, "sa");
  expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["Sam Ortizsam@parley.test"]);
  expect(box).toHaveAttribute("aria-activedescendant", screen.getByRole("option").id);
  await userEvent.keyboard("{Enter}");
  expect(box).toHaveValue("Can @Sam Ortiz ");
  expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
  await userEvent.type(box, "check?");
  expect(box).toHaveValue("Can @Sam Ortiz check?");
});

test("when the arrows move the highlight, then Enter picks that colleague; a mouse pick works too, and an email stands for a missing name", async () => {
  renderNoteBox();
  const box = await noteBox();
  await userEvent.type(box, "@");
  const [ana, sam] = screen.getAllByRole("option");
  expect(ana).toHaveAttribute("aria-selected", "true");
  await userEvent.keyboard("{ArrowDown}");
  expect(sam).toHaveAttribute("aria-selected", "true");
  expect(box).toHaveAttribute("aria-activedescendant", sam!.id);
  await userEvent.keyboard("{Enter}");
  expect(box).toHaveValue("@Sam Ortiz ");

  await userEvent.type(box, "and @ops");
  await userEvent.click(screen.getByRole("option", { name: "ops@parley.test" }));
  expect(box).toHaveValue("@Sam Ortiz and @ops@parley.test ");
  expect(box).toHaveFocus();
});

test("when Escape closes the colleague picker, then the text stays and Enter sends the note as written", async () => {
  const { onSend } = renderNoteBox();
  const box = await noteBox();
  await userEvent.type(box, "ping @nobody{Enter}");
  // As with a mistyped /shortcut: Enter on a match-less "@" is refused, and says how to send it anyway.
  expect(onSend).not.toHaveBeenCalled();
  expect(screen.getByRole("alert")).toHaveTextContent("No colleague matches @nobody.");
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
  expect(box).toHaveValue("ping @nobody");
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(onSend).toHaveBeenCalledWith("ping @nobody", { internal: true }));
});

test("when the note is sent, then it carries the ids of the picked colleagues still named in it; a deleted @Name drops its id", async () => {
  const { onSend } = renderNoteBox();
  const box = await noteBox();
  await userEvent.type(box, "@ana{Enter}and @sam{Enter}see the refund log");
  expect(box).toHaveValue("@Ana Lima and @Sam Ortiz see the refund log");
  await userEvent.keyboard("{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenCalledWith("@Ana Lima and @Sam Ortiz see the refund log", {
      internal: true,
      mentions: ["admin-ana", "admin-sam"],
    }),
  );

  onSend.mockClear();
  await userEvent.type(box, "@ana{Enter}and @sam{Enter}");
  // Sam's name is deleted again ("@Sam Ortiz " is 11 characters): he is no longer mentioned.
  await userEvent.keyboard("{Backspace}".repeat(11));
  await userEvent.type(box, "only");
  expect(box).toHaveValue("@Ana Lima and only");
  await userEvent.keyboard("{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenCalledWith("@Ana Lima and only", { internal: true, mentions: ["admin-ana"] }),
  );
});

test("when the box is a public reply, then @ opens nothing and no mentions are sent, even with colleagues picked in the note", async () => {
  const { onSend } = renderNoteBox({ draftId: "t1" });
  const note = await noteBox();
  await userEvent.type(note, "@ana{Enter}");
  expect(note).toHaveValue("@Ana Lima ");

  await userEvent.click(screen.getByRole("button", { name: "Reply to shop" }));
  const reply = screen.getByRole("textbox", { name: "Reply" });
  await waitFor(() => expect(reply).toHaveValue(""));
  await userEvent.type(reply, "Thanks @Ana Lima");
  expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
  expect(reply).not.toHaveAttribute("aria-autocomplete");
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(onSend).toHaveBeenCalledWith("Thanks @Ana Lima", { internal: false }));

  // The note kept its text and its mention.
  await userEvent.click(screen.getByRole("button", { name: "Internal note" }));
  await waitFor(() =>
    expect(screen.getByRole("textbox", { name: "Internal note" })).toHaveValue("@Ana Lima "),
  );
  await userEvent.type(screen.getByRole("textbox", { name: "Internal note" }), "ok?{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenLastCalledWith("@Ana Lima ok?", { internal: true, mentions: ["admin-ana"] }),
  );
});

test("when the note box is reloaded, then the picked colleagues come back with the draft", async () => {
  const first = renderNoteBox({ draftId: "t1" });
  await userEvent.type(await noteBox(), "@sam{Enter}please look");
  first.view.unmount();

  const { onSend } = renderNoteBox({ draftId: "t1" });
  const box = await noteBox();
  await waitFor(() => expect(box).toHaveValue("@Sam Ortiz please look"));
  await userEvent.type(box, "{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenCalledWith("@Sam Ortiz please look", {
      internal: true,
      mentions: ["admin-sam"],
    }),
  );
});

test("when a note already names the most colleagues it may, then @ offers nobody more and says why", async () => {
  const many = Array.from({ length: MENTIONS_MAX + 1 }, (_, i): Mentionable => ({
    id: `admin-${i}`,
    name: `Agent${i}`,
    email: null,
    active: true,
  }));
  const onSend = vi.fn<(body: string, opts: { mentions?: string[] }) => void>();
  renderNoteBox({ admins: many, onSend });
  const box = await noteBox();
  for (let i = 0; i < MENTIONS_MAX; i++) await userEvent.type(box, `@agent${i}{Enter}`);
  await userEvent.type(box, "@agent10");
  expect(screen.queryByRole("option")).not.toBeInTheDocument();
  expect(screen.getByText(`A note can mention at most ${MENTIONS_MAX} colleagues.`)).toBeInTheDocument();
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(onSend).toHaveBeenCalledTimes(1));
  expect(onSend.mock.calls[0]![1].mentions).toHaveLength(MENTIONS_MAX);
});

test("when a note comes back refused for a mention, then its text is in the note box with the good mentions, and the alert names who could not be mentioned", async () => {
  const onReturned = vi.fn();
  const { onSend } = renderNoteBox({
    draftId: "t1",
    admins: [ANA, { ...SAM, active: false }],
    returned: {
      key: "c1",
      body: "@Ana Lima @Sam Ortiz the payout bounced",
      mentions: ["admin-ana", "admin-sam"],
      refused: ["admin-sam"],
    },
    onReturned,
  });
  const box = screen.getByRole("textbox", { name: "Internal note" });
  expect(box).toHaveValue("@Ana Lima @Sam Ortiz the payout bounced");
  expect(onReturned).toHaveBeenCalledWith("c1");
  expect(screen.getByRole("alert")).toHaveTextContent(
    "Not sent: Sam Ortiz can no longer be mentioned (not an active admin). Your note is back in the box; send it again to post it without alerting them.",
  );

  await userEvent.type(box, "{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenCalledWith("@Ana Lima @Sam Ortiz the payout bounced", {
      internal: true,
      mentions: ["admin-ana"],
    }),
  );
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("when a colleague's name is typed in full in a note, in any case, then it is sent as a mention as a picked one is", async () => {
  const { onSend } = renderNoteBox();
  const box = await noteBox();
  // "@sam" opens the list; the space closes it, and the rest of the name is typed by hand.
  await userEvent.type(box, "@sam ortiz and @ana{Enter}please check");
  expect(box).toHaveValue("@sam ortiz and @Ana Lima please check");
  await userEvent.keyboard("{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenCalledWith("@sam ortiz and @Ana Lima please check", {
      internal: true,
      mentions: ["admin-sam", "admin-ana"],
    }),
  );
});

test("when a note's @word names no active colleague, then nothing is mentioned", async () => {
  const { onSend } = renderNoteBox();
  const box = await noteBox();
  // "@Samuel" is not Sam Ortiz, Bo was deactivated, and "@Ana" alone is not Ana Lima's name.
  await userEvent.type(box, "@Samuel, @Bo Gone and @Ana: see the log{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenCalledWith("@Samuel, @Bo Gone and @Ana: see the log", { internal: true }),
  );
});

test("when a note holds email addresses, then they mention nobody, even where a colleague's name follows the @", async () => {
  const ANA_SHORT: Mentionable = { id: "admin-ana-s", name: "Ana", email: null, active: true };
  const { onSend } = renderNoteBox({ admins: [...TEAM, ANA_SHORT] });
  const box = await noteBox();
  await userEvent.type(box, "mail ops@parley.test, bob@ana.io or @ana@acme.io now{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenCalledWith("mail ops@parley.test, bob@ana.io or @ana@acme.io now", {
      internal: true,
    }),
  );
});

test("when Tab is pressed in the open colleague list, then it picks the highlighted one as Enter does; after Escape, Tab leaves the box", async () => {
  const { onSend } = renderNoteBox();
  const box = await noteBox();
  await userEvent.type(box, "ask @");
  await userEvent.keyboard("{ArrowDown}{Tab}");
  expect(box).toHaveValue("ask @Sam Ortiz ");
  expect(box).toHaveFocus();
  expect(screen.queryByRole("listbox")).not.toBeInTheDocument();

  // Escape closes the list and keeps the text; Tab then moves on, picking nothing.
  await userEvent.type(box, "and @an");
  expect(screen.getAllByRole("option")).toHaveLength(1);
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
  expect(box).toHaveValue("ask @Sam Ortiz and @an");
  await userEvent.tab();
  expect(box).not.toHaveFocus();
  expect(box).toHaveValue("ask @Sam Ortiz and @an");
  expect(onSend).not.toHaveBeenCalled();
});

test("when a returned note names a refused colleague the team list still shows, then sending it again does not alert them", async () => {
  const { onSend } = renderNoteBox({
    draftId: "t1",
    returned: {
      key: "c2",
      body: "@Ana Lima @Sam Ortiz the payout bounced",
      mentions: ["admin-ana", "admin-sam"],
      refused: ["admin-sam"],
    },
  });
  const box = screen.getByRole("textbox", { name: "Internal note" });
  await userEvent.type(box, "{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenCalledWith("@Ana Lima @Sam Ortiz the payout bounced", {
      internal: true,
      mentions: ["admin-ana"],
    }),
  );
});
