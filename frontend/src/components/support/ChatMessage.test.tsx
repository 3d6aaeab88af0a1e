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

test("when a message is shown, then it names the sender and shows the body", () => {
  inList(<ChatMessage message={item()} mine={false} />);
  const li = screen.getByRole("listitem", { name: "Message from Sam (Acme)" });
  expect(within(li).getByText("Where is my payout?")).toBeInTheDocument();
  expect(within(li).getByText("just now")).toBeInTheDocument();
});

test("when the message is an internal note, then it is labelled as one", () => {
  inList(<ChatMessage message={item({ internal: true, senderType: "admin", senderName: "Ada" })} mine />);
  const li = screen.getByRole("listitem", { name: "Internal note from Ada" });
  expect(within(li).getByText(/Internal note/)).toBeInTheDocument();
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
