import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import ChatInput from "./ChatInput";

test("when Enter is pressed, then the trimmed message is sent and the box empties", async () => {
  const onSend = vi.fn();
  render(<ChatInput onSend={onSend} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "  Hello there  {Enter}");
  await waitFor(() => expect(onSend).toHaveBeenCalledWith("Hello there", { internal: false }));
  await waitFor(() => expect(box).toHaveValue(""));
});

test("when Shift+Enter is pressed, then a line break is added and nothing is sent", async () => {
  const onSend = vi.fn();
  render(<ChatInput onSend={onSend} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "line one{Shift>}{Enter}{/Shift}line two");
  expect(onSend).not.toHaveBeenCalled();
  expect(box).toHaveValue("line one\nline two");
});

/** A phone or tablet: the main pointer is a finger (as `(pointer: coarse)` reports it). */
function onTouchScreen(touch: boolean) {
  vi.stubGlobal("matchMedia", (query: string) => ({
    matches: touch && query === "(pointer: coarse)",
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  }));
}

test("when the reply box is on a touch screen, then Return adds a line, Send sends, and the hint fits without Shift+Enter", async () => {
  onTouchScreen(true);
  try {
    const onSend = vi.fn();
    const greeting = {
      id: "c1",
      title: "Greeting",
      body: "Hello!",
      createdBy: null,
      createdAt: "2026-12-01T00:00:00Z",
      updatedAt: "2026-12-01T00:00:00Z",
    };
    render(<ChatInput onSend={onSend} canned={[greeting]} />);
    const box = screen.getByRole("textbox", { name: "Reply" });
    await userEvent.type(box, "First line{Enter}second line");
    expect(onSend).not.toHaveBeenCalled();
    expect(box).toHaveValue("First line\nsecond line");
    expect(box).toHaveAccessibleDescription("Return for a new line · / for saved replies");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(onSend).toHaveBeenCalledWith("First line\nsecond line", { internal: false }));
  } finally {
    vi.unstubAllGlobals();
  }
});

test("when the reply box is on a desktop with a mouse, then Enter still sends and the hint says so", async () => {
  onTouchScreen(false);
  try {
    const onSend = vi.fn();
    render(<ChatInput onSend={onSend} />);
    const box = screen.getByRole("textbox", { name: "Reply" });
    expect(box).toHaveAccessibleDescription("Enter to send · Shift+Enter for a new line");
    await userEvent.type(box, "Hello{Enter}");
    await waitFor(() => expect(onSend).toHaveBeenCalledWith("Hello", { internal: false }));
  } finally {
    vi.unstubAllGlobals();
  }
});

test("when the box is empty or blank, then Enter sends nothing and the button is disabled", async () => {
  const onSend = vi.fn();
  render(<ChatInput onSend={onSend} />);
  await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "   {Enter}");
  expect(onSend).not.toHaveBeenCalled();
  expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
});

test("when the user types, then typing is announced once and withdrawn on send", async () => {
  const onTyping = vi.fn();
  render(<ChatInput onSend={() => {}} onTyping={onTyping} />);
  await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "abc");
  expect(onTyping.mock.calls).toEqual([[true]]);
  await userEvent.click(screen.getByRole("button", { name: "Send" }));
  await waitFor(() => expect(onTyping.mock.calls).toEqual([[true], [false]]));
});

test("when an admin switches to an internal note, then the note is sent as internal and its typing is announced as a note's, never as a reply's", async () => {
  const onSend = vi.fn();
  const onTyping = vi.fn();
  render(<ChatInput onSend={onSend} onTyping={onTyping} allowInternal />);
  await userEvent.click(screen.getByRole("button", { name: "Internal note" }));
  expect(screen.getByRole("button", { name: "Internal note" })).toHaveAttribute("aria-pressed", "true");
  await userEvent.click(screen.getByRole("textbox", { name: "Internal note" }));
  await userEvent.paste("Check the payout log");
  await userEvent.click(screen.getByRole("button", { name: "Add note" }));
  await waitFor(() => expect(onSend).toHaveBeenCalledWith("Check the payout log", { internal: true }));
  expect(onTyping).toHaveBeenCalledWith(true, true);
  expect(onTyping).not.toHaveBeenCalledWith(true);
});

test("when the shop cannot reply, then the reason is shown instead of the box", () => {
  render(<ChatInput onSend={() => {}} disabled disabledReason="This ticket is closed." />);
  expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
  expect(screen.getByText("This ticket is closed.")).toBeInTheDocument();
});

test("when an admin answers a website visitor, then the reply switch says whom the reply reaches", () => {
  const { unmount } = render(<ChatInput onSend={vi.fn()} allowInternal replyTo="visitor" />);
  expect(screen.getByRole("button", { name: "Reply to visitor", pressed: true })).toBeInTheDocument();
  unmount();
  render(<ChatInput onSend={vi.fn()} allowInternal />);
  expect(screen.getByRole("button", { name: "Reply to shop", pressed: true })).toBeInTheDocument();
});

test("when the reply is sent with the Send button from the keyboard, then the focus goes back to the box, not to the page", async () => {
  const onSend = vi.fn();
  render(<ChatInput onSend={onSend} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "Sent by the button");
  await userEvent.tab();
  expect(screen.getByRole("button", { name: "Send" })).toHaveFocus();
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(onSend).toHaveBeenCalledWith("Sent by the button", { internal: false }));
  // The emptied box disables Send: the focus must not be left on it (a browser drops it to <body>).
  await waitFor(() => expect(box).toHaveFocus());
});
