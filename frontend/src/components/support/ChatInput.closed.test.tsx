import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import ChatInput from "./ChatInput";

afterEach(() => localStorage.clear());

const CLOSED = "This ticket is closed. Reopen it to send another message.";

test("when the ticket is closed while the user is typing, then the words stay on screen as kept, the note takes the focus, and the words are back in the box on reopening", async () => {
  const user = userEvent.setup();
  const { rerender } = render(<ChatInput onSend={vi.fn()} draftId="t-closed" showKeptDraft />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await user.type(box, "Half a sentence about the refund");
  expect(box).toHaveFocus();

  // The other side closed it: the box gives way to the reason.
  rerender(<ChatInput onSend={vi.fn()} draftId="t-closed" showKeptDraft disabled disabledReason={CLOSED} />);
  const note = screen.getByRole("note");
  expect(note).toHaveTextContent(CLOSED);
  expect(note).toHaveTextContent("Your unsent reply is kept");
  expect(note).toHaveTextContent("Half a sentence about the refund");
  expect(note).toHaveFocus();

  rerender(<ChatInput onSend={vi.fn()} draftId="t-closed" showKeptDraft />);
  expect(screen.getByRole("textbox", { name: "Reply" })).toHaveValue("Half a sentence about the refund");
});

test("when a closed ticket's box held nothing, or its words are shown elsewhere, then only the reason shows", async () => {
  const user = userEvent.setup();
  const { rerender, unmount } = render(<ChatInput onSend={vi.fn()} draftId="t-merged" />);
  await user.type(screen.getByRole("textbox", { name: "Reply" }), "Shown by the merged panel");
  rerender(<ChatInput onSend={vi.fn()} draftId="t-merged" disabled disabledReason={CLOSED} />);
  expect(screen.getByRole("note")).toHaveTextContent(new RegExp(`^${CLOSED}$`));

  unmount();
  render(<ChatInput onSend={vi.fn()} draftId="t-empty" showKeptDraft disabled disabledReason={CLOSED} />);
  expect(screen.getByRole("note")).toHaveTextContent(new RegExp(`^${CLOSED}$`));
});
