import { useState } from "react";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import ChatMessage from "./ChatMessage";
import type { ThreadItem } from "../../types/thread";

function item(over: Partial<ThreadItem> = {}): ThreadItem {
  return {
    key: "m1",
    id: "m1",
    clientMessageId: "c1",
    body: "Where is my payout?",
    senderType: "shop",
    senderName: "Sam (Acme)",
    createdAt: new Date().toISOString(),
    internal: false,
    delivery: "sent",
    ...over,
  };
}

const inList = (ui: React.ReactElement) => render(<ul>{ui}</ul>);

test("when a message is shown, then its text starts with who sent it (no aria-label that would hide the body)", () => {
  inList(<ChatMessage message={item()} mine={false} />);
  const li = screen.getByRole("listitem");
  // VoiceOver reads a labelled item's label instead of its content: the sender is a hidden prefix instead.
  expect(li).not.toHaveAttribute("aria-label");
  // (The avatar's initials before it are aria-hidden.)
  expect(li).toHaveTextContent(/Message from Sam \(Acme\)just nowWhere is my payout\?$/);
  expect(within(li).getByText("Message from", { exact: false })).toHaveClass("sr-only");
});

test("when the message is an internal note, then it is introduced as one", () => {
  inList(<ChatMessage message={item({ internal: true, senderType: "admin", senderName: "Ada" })} mine />);
  const li = screen.getByRole("listitem");
  expect(li).toHaveTextContent(/Internal note from Adajust now/);
  expect(within(li).getByText(/admins only/)).toBeInTheDocument();
});

test("when a message is still sending, then it says so and has no Retry", () => {
  inList(<ChatMessage message={item({ delivery: "sending" })} mine onRetry={() => {}} />);
  expect(screen.getByText("Sending…")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Retry" })).not.toBeInTheDocument();
});

test("when a send failed, then the message stays with its error and Retry re-sends the same clientMessageId", async () => {
  const onRetry = vi.fn();
  inList(
    <ChatMessage
      message={item({ delivery: "failed", error: "Not sent: no connection." })}
      mine
      onRetry={onRetry}
    />,
  );
  expect(screen.getByText("Where is my payout?")).toBeInTheDocument();
  expect(screen.getByRole("alert")).toHaveTextContent("Not sent: no connection.");
  await userEvent.click(screen.getByRole("button", { name: "Retry" }));
  expect(onRetry).toHaveBeenCalledWith("c1");
});

test("when the other side has read it, then Seen appears under it", () => {
  inList(<ChatMessage message={item()} mine seen />);
  expect(screen.getByText("Seen")).toBeInTheDocument();
});

test("when Retry is pressed, then the focus goes to the message it re-sends, not to the page", async () => {
  // As in the thread: Retry turns the message back to "sending", and the button goes away.
  function Thread() {
    const [delivery, setDelivery] = useState<ThreadItem["delivery"]>("failed");
    return (
      <ul>
        <ChatMessage
          message={item({ delivery, error: "Not sent: no connection." })}
          mine
          onRetry={() => setDelivery("sending")}
        />
      </ul>
    );
  }
  render(<Thread />);
  screen.getByRole("button", { name: "Retry" }).focus();
  await userEvent.keyboard("{Enter}");
  expect(screen.queryByRole("button", { name: "Retry" })).not.toBeInTheDocument();
  expect(screen.getByRole("listitem")).toHaveFocus();
  expect(screen.getByRole("listitem")).toHaveTextContent("Sending…");
});
