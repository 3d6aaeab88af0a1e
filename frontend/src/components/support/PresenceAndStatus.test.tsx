import { render, screen } from "@testing-library/react";
import ConnectionBanner, { LiveIndicator } from "./ConnectionBanner";
import ViewersBar from "./ViewersBar";
import TypingIndicator from "./TypingIndicator";
import TicketTimeline from "./TicketTimeline";

test("when the socket is live or still connecting, then no reconnecting banner shows, only an empty status region", () => {
  const { rerender, container } = render(<ConnectionBanner status="live" />);
  expect(container).toHaveTextContent(/^$/);
  expect(screen.getByRole("status")).toBeEmptyDOMElement();
  rerender(<ConnectionBanner status="connecting" />);
  expect(container).toHaveTextContent(/^$/);
});

test("when the socket is down, then the banner says it is reconnecting and polling", () => {
  render(<ConnectionBanner status="reconnecting" />);
  expect(screen.getByRole("status")).toHaveTextContent("Reconnecting… Live updates are paused");
});

test("when the connection state changes, then the header indicator names it in words", () => {
  const { rerender } = render(<LiveIndicator status="live" />);
  expect(screen.getByText("Live")).toBeInTheDocument();
  rerender(<LiveIndicator status="reconnecting" />);
  expect(screen.getByText("Reconnecting…")).toBeInTheDocument();
});

test("when only I view the ticket, then no viewers bar shows; with others, they are named", () => {
  const me = { id: "me", name: "Ada" };
  const { rerender, container } = render(<ViewersBar viewers={[me]} meId="me" />);
  expect(container).toBeEmptyDOMElement();
  rerender(<ViewersBar viewers={[me, { id: "bob", name: "Bob" }]} meId="me" />);
  expect(screen.getByRole("status")).toHaveTextContent("Bob is also viewing this ticket");
});

test("when people type, then the indicator names one or two of them", () => {
  const { rerender } = render(<TypingIndicator names={["Ada"]} />);
  expect(screen.getByText("Ada is typing…")).toBeInTheDocument();
  rerender(<TypingIndicator names={["Ada", "Bob"]} />);
  expect(screen.getByText("Ada and Bob are typing…")).toBeInTheDocument();
});

test("when the timeline has events, then each reads as a sentence with the actor's name", () => {
  const at = new Date().toISOString();
  render(
    <TicketTimeline
      state="ready"
      nameOf={(id) => (id === "me" ? "You" : id === "shop" ? "Acme" : "Bob")}
      events={[
        { type: "created", actorId: "shop", from: null, to: null, createdAt: at },
        { type: "assignee", actorId: "me", from: null, to: "bob", createdAt: at },
        { type: "assignee", actorId: "bob", from: "bob", to: "me", createdAt: at },
        { type: "status", actorId: "me", from: "open", to: "in_progress", createdAt: at },
        { type: "priority", actorId: "me", from: "medium", to: "urgent", createdAt: at },
      ]}
    />,
  );
  const items = screen.getAllByRole("listitem").map((li) => li.querySelector("p")!.textContent);
  expect(items).toEqual([
    "Acme opened the ticket",
    "You assigned it to Bob",
    // "You" starts a sentence only: further in, the viewer is "you".
    "Bob assigned it to you",
    "You changed status from Open to In progress",
    "You changed priority from Medium to Urgent",
  ]);
});
