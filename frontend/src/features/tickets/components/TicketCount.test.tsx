import { render, screen } from "@testing-library/react";
import TicketCount, { ticketCountText } from "./TicketCount";

describe("the queue's ticket count", () => {
  test("when the count is exact, then it says how many tickets, one ticket in the singular", () => {
    expect(ticketCountText({ count: 312, capped: false })).toBe("312 tickets");
    expect(ticketCountText({ count: 1, capped: false })).toBe("1 ticket");
    expect(ticketCountText({ count: 0, capped: false })).toBe("0 tickets");
    expect(ticketCountText({ count: 1234, capped: false })).toBe("1,234 tickets");
  });

  test("when the count reached the cap, then it says at least that many", () => {
    expect(ticketCountText({ count: 10_000, capped: true })).toBe("10,000+ tickets");
    render(<TicketCount count={{ count: 10_000, capped: true }} pending={false} />);
    expect(screen.getByTestId("ticket-count")).toHaveTextContent("10,000+ tickets");
  });

  test("when the count is loading, then a quiet placeholder says so to screen readers only", () => {
    render(<TicketCount count={undefined} pending />);
    const label = screen.getByTestId("ticket-count");
    expect(label).toHaveTextContent("Counting tickets…");
    expect(screen.getByText("Counting tickets…")).toHaveClass("sr-only");
    expect(label).not.toHaveTextContent(/\d/);
  });

  test("when the count failed, then nothing is shown (the list reports its own errors)", () => {
    const { container } = render(<TicketCount count={undefined} pending={false} />);
    expect(container).toBeEmptyDOMElement();
  });
});
