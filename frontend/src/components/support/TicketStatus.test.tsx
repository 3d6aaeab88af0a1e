import { render, screen } from "@testing-library/react";
import TicketStatus, { PriorityBadge, UnreadBadge } from "./TicketStatus";

test("when a status is shown, then its name is readable as text, not only as a colour", () => {
  render(<TicketStatus status="in_progress" />);
  expect(screen.getByText("In progress")).toBeInTheDocument();
});

test("when a priority is shown, then screen readers hear it as a priority", () => {
  render(<PriorityBadge priority="urgent" />);
  expect(screen.getByText(/Urgent/)).toHaveTextContent("Urgent priority");
});

test("when nothing is unread, then no unread badge is drawn", () => {
  const { container } = render(<UnreadBadge count={0} />);
  expect(container).toBeEmptyDOMElement();
});

test("when more than 99 messages are unread, then the badge says 99+", () => {
  render(<UnreadBadge count={150} />);
  expect(screen.getByText("99+")).toHaveTextContent("99+ unread");
});
