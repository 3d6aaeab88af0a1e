import { render, screen } from "@testing-library/react";
import ChatInput from "./ChatInput";
import { SendButtons } from "./SendButtons";

// Layout: jsdom measures nothing, so this checks what keeps the pair on one row at 390 px in Chromium
// (checked there: "Send" stacked above a "Send and resolve" broken over three lines): the pair starts a
// row of its own under the box on a phone, side by side, and neither label wraps.
test("when Send and resolve is offered, then on a phone the pair takes its own row, side by side, each on one line", () => {
  render(<SendButtons internal={false} waiting={false} disabled={false} onSendAndResolve={() => {}} />);
  const resolve = screen.getByRole("button", { name: "Send and resolve" });
  const group = resolve.parentElement!;
  expect(group).toContainElement(screen.getByRole("button", { name: "Send" }));
  expect(group).toHaveClass("flex", "basis-full", "sm:basis-auto");
  expect(group.className).not.toMatch(/(^|\s)flex-col(\s|$)/);
  expect(resolve).toHaveClass("whitespace-nowrap", "h-11");
  expect(resolve.className).not.toMatch(/(^|\s)(w-min|text-xs)(\s|$)/);
});

test("when only Send is offered (a note, a shop's reply), then it stays beside the box", () => {
  render(<SendButtons internal waiting={false} disabled={false} />);
  const group = screen.getByRole("button", { name: "Add note" }).parentElement!;
  expect(group).not.toHaveClass("basis-full");
});

test("when the reply box offers Send and resolve, then its row may wrap on a phone and the box never forces it", () => {
  render(<ChatInput onSend={() => {}} allowInternal allowResolve />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  const row = box.parentElement!;
  expect(row).toContainElement(screen.getByRole("button", { name: "Send and resolve" }));
  expect(row).toHaveClass("flex-wrap", "sm:flex-nowrap");
  expect(box).toHaveClass("min-w-0", "flex-1");
});
