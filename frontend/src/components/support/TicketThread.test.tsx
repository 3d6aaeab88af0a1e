import { render, screen, fireEvent } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import TicketThread from "./TicketThread";
import type { ThreadItem } from "../../types/thread";

const msg = (i: number, over: Partial<ThreadItem> = {}): ThreadItem => ({
  key: `m${i}`,
  id: `m${i}`,
  clientMessageId: null,
  body: `Message ${i}`,
  senderType: "shop",
  senderName: "Sam",
  createdAt: new Date(Date.UTC(2026, 11, 1, 10, i)).toISOString(),
  internal: false,
  delivery: "sent",
  ...over,
});

/** jsdom has no layout: give the scroller a fixed geometry so "at the end" means something. */
function geometry(el: HTMLElement, scrollHeight: number) {
  Object.defineProperty(el, "scrollHeight", { configurable: true, value: scrollHeight });
  Object.defineProperty(el, "clientHeight", { configurable: true, value: 300 });
}

test("when the reader is up in the history and a message arrives, then the position stays and a pill offers the new one", async () => {
  const items = [msg(1), msg(2), msg(3)];
  const { rerender } = render(<TicketThread items={items} viewerSide="admin" state="ready" />);
  const scroller = screen.getByRole("region", { name: "Conversation messages" });
  expect(scroller).toHaveAttribute("tabindex", "0");

  geometry(scroller, 2000);
  scroller.scrollTop = 100; // reading history
  fireEvent.scroll(scroller);
  rerender(<TicketThread items={[...items, msg(4)]} viewerSide="admin" state="ready" />);
  expect(scroller.scrollTop).toBe(100);
  const pill = screen.getByRole("button", { name: /1 new message/ });

  geometry(scroller, 2400);
  await userEvent.click(pill);
  expect(scroller.scrollTop).toBe(2400);
  expect(screen.queryByRole("button", { name: /new message/ })).not.toBeInTheDocument();
});

test("when the reader is at the end, or sends a message, then the thread follows to the newest", () => {
  const items = [msg(1), msg(2)];
  const { rerender } = render(<TicketThread items={items} viewerSide="admin" state="ready" />);
  const scroller = screen.getByRole("region", { name: "Conversation messages" });
  geometry(scroller, 1000);
  scroller.scrollTop = 700; // at the end (1000 - 300)
  fireEvent.scroll(scroller);
  geometry(scroller, 1200);
  rerender(<TicketThread items={[...items, msg(3)]} viewerSide="admin" state="ready" />);
  expect(scroller.scrollTop).toBe(1200);

  scroller.scrollTop = 50;
  fireEvent.scroll(scroller);
  geometry(scroller, 1400);
  rerender(
    <TicketThread
      items={[...items, msg(3), msg(4, { senderType: "admin", senderName: "Ada" })]}
      viewerSide="admin"
      state="ready"
    />,
  );
  expect(scroller.scrollTop).toBe(1400);
  expect(screen.queryByRole("button", { name: /new message/ })).not.toBeInTheDocument();
});

test("when a thread has a notice and no messages, then the notice replaces the empty state", () => {
  render(<TicketThread items={[]} viewerSide="shop" state="ready" notice={<p>Merged into #42</p>} />);
  expect(screen.getByText("Merged into #42")).toBeInTheDocument();
  expect(screen.queryByText("No messages yet")).not.toBeInTheDocument();
  expect(screen.queryByText("Write the first message below.")).not.toBeInTheDocument();
});

test("when the thread opens, then its history is not read out; a message from the other side that arrives later is", () => {
  const items = [msg(1), msg(2, { senderType: "admin", senderName: "Ada Admin" })];
  const { rerender } = render(<TicketThread items={items} viewerSide="shop" state="ready" />);
  // Mounted (and empty) before anything arrives: a region that appears with its text is often not read.
  const log = screen.getByRole("status", { name: "New messages" });
  expect(log).toBeEmptyDOMElement();

  const own = msg(3, { body: "Any news?" });
  rerender(<TicketThread items={[...items, own]} viewerSide="shop" state="ready" />);
  expect(log).toBeEmptyDOMElement();

  const reply = msg(4, { senderType: "admin", senderName: "Ada Admin", body: "Your refund is on its way." });
  rerender(<TicketThread items={[...items, own, reply]} viewerSide="shop" state="ready" />);
  expect(log).toHaveTextContent("New message from Ada Admin: Your refund is on its way.");
});

test("when several messages from the other side arrive at once, then they are counted, not read one by one", () => {
  const { rerender } = render(<TicketThread items={[msg(1)]} viewerSide="admin" state="ready" />);
  rerender(<TicketThread items={[msg(1), msg(2), msg(3)]} viewerSide="admin" state="ready" />);
  expect(screen.getByRole("status", { name: "New messages" })).toHaveTextContent("2 new messages from Sam");
});

test("when the viewer's own message is sent, then it is announced once, and not again when the thread re-renders", () => {
  const history = [msg(1, { senderType: "admin", senderName: "Ada" })];
  const sending = msg(2, { key: "c:x", id: null, clientMessageId: "x", delivery: "sending" });
  const { rerender } = render(<TicketThread items={[...history, sending]} viewerSide="shop" state="ready" />);
  const log = screen.getByRole("status", { name: "New messages" });
  expect(log).toBeEmptyDOMElement();

  // The server's copy replaces the local one under the same key.
  const sent = { ...sending, id: "m2", delivery: "sent" as const };
  rerender(<TicketThread items={[...history, sent]} viewerSide="shop" state="ready" />);
  expect(log).toHaveTextContent("Message sent.");
  const spoken = log.firstElementChild;

  // The same thread again (a typing indicator, a read receipt): the words stay, not read out anew.
  rerender(
    <TicketThread items={[...history, { ...sent }]} viewerSide="shop" state="ready" typingNames={["Ada"]} />,
  );
  expect(log.firstElementChild).toBe(spoken);
});

/** jsdom has no ResizeObserver: a fake one whose callbacks the test fires by hand. */
function fakeResizeObserver() {
  const callbacks: Array<() => void> = [];
  class FakeResizeObserver {
    constructor(cb: () => void) {
      callbacks.push(cb);
    }
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  vi.stubGlobal("ResizeObserver", FakeResizeObserver);
  return { resize: () => callbacks.forEach((cb) => cb()) };
}

test("when the scroller shrinks (the rating prompt appears) while the reader is at the end, then the newest message stays in view", () => {
  const observer = fakeResizeObserver();
  try {
    render(<TicketThread items={[msg(1), msg(2)]} viewerSide="shop" state="ready" />);
    const scroller = screen.getByRole("region", { name: "Conversation messages" });
    geometry(scroller, 1000);
    scroller.scrollTop = 700; // at the end (1000 - 300)
    fireEvent.scroll(scroller);

    Object.defineProperty(scroller, "clientHeight", { configurable: true, value: 120 });
    observer.resize();
    expect(scroller.scrollTop).toBe(1000);
  } finally {
    vi.unstubAllGlobals();
  }
});

test("when the scroller resizes while the reader is up in the history, then their place is kept", () => {
  const observer = fakeResizeObserver();
  try {
    render(<TicketThread items={[msg(1), msg(2)]} viewerSide="shop" state="ready" />);
    const scroller = screen.getByRole("region", { name: "Conversation messages" });
    geometry(scroller, 1000);
    scroller.scrollTop = 100;
    fireEvent.scroll(scroller);
    observer.resize();
    expect(scroller.scrollTop).toBe(100);
  } finally {
    vi.unstubAllGlobals();
  }
});

test("when the thread has an end (the resolved note, the rating), then it follows the last message inside the scrolled pane", () => {
  render(
    <TicketThread
      items={[msg(1), msg(2)]}
      viewerSide="shop"
      state="ready"
      end={<section aria-label="How did we do?">rate</section>}
    />,
  );
  const scroller = screen.getByTestId("thread-scroller");
  const end = screen.getByRole("region", { name: "How did we do?" });
  expect(scroller).toContainElement(end);
  const last = screen.getByText("Message 2");
  expect(last.compareDocumentPosition(end) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
});
