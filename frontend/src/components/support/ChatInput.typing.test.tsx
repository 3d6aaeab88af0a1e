import { act, createRef } from "react";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import ChatInput, { type ChatInputHandle } from "./ChatInput";

/**
 * An admin's "typing…" reaches the shop only for a reply; a note's typing is announced as a note's
 * (`onTyping(true, true)`: the server relays it to admins only). However the box changes kind (the
 * switch, a keyboard shortcut's focus("note"), a refused note handed back), what was announced is
 * withdrawn at once, and the next keystroke announces the new kind.
 */

test("when an admin typing a reply is moved to the note box by focus, then the typing is withdrawn and the note is announced as a note", async () => {
  const onTyping = vi.fn();
  const handle = createRef<ChatInputHandle>();
  render(<ChatInput onSend={() => {}} onTyping={onTyping} allowInternal handle={handle} />);
  await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "We are on it");
  expect(onTyping.mock.calls).toEqual([[true]]);

  act(() => handle.current?.focus("note"));
  expect(onTyping.mock.calls).toEqual([[true], [false]]);
  await userEvent.type(screen.getByRole("textbox", { name: "Internal note" }), "Check the payout log");
  expect(onTyping.mock.calls).toEqual([[true], [false], [true, true]]);
});

test("when a refused note comes back while the admin types a reply, then the reply's typing is withdrawn", async () => {
  const onTyping = vi.fn();
  const { rerender } = render(<ChatInput onSend={() => {}} onTyping={onTyping} allowInternal />);
  await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Hello");
  expect(onTyping.mock.calls).toEqual([[true]]);

  const returned = { key: "n1", body: "Ask @Ada about it", mentions: [], refused: ["Ada"] };
  rerender(<ChatInput onSend={() => {}} onTyping={onTyping} allowInternal returned={returned} />);
  expect(await screen.findByRole("textbox", { name: "Internal note" })).toBeInTheDocument();
  expect(onTyping.mock.calls).toEqual([[true], [false]]);
});

test("when an admin goes back from the note to the reply, then the note's typing is withdrawn and the reply's announced on the first keystroke", async () => {
  const onTyping = vi.fn();
  const handle = createRef<ChatInputHandle>();
  render(<ChatInput onSend={() => {}} onTyping={onTyping} allowInternal handle={handle} />);
  act(() => handle.current?.focus("note"));
  await userEvent.type(screen.getByRole("textbox", { name: "Internal note" }), "Internal");
  expect(onTyping.mock.calls).toEqual([[true, true]]);

  act(() => handle.current?.focus("reply"));
  expect(onTyping.mock.calls).toEqual([[true, true], [false]]);
  await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Hi");
  expect(onTyping.mock.calls).toEqual([[true, true], [false], [true]]);
});
