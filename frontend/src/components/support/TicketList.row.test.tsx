import { render, screen } from "@testing-library/react";
import TicketList from "./TicketList";
import { makeTicket } from "../../../test/fixtures";

// Layout: jsdom measures nothing, so this checks the arrangement that keeps the row's time on a line with
// something else in Chromium: in the chips' line, "Due in 13 h" pushed it onto a line of its own (1280 and
// 390 px); on the subject's line, the subject takes the wrap.
test("when a row carries an SLA chip, then its time sits on the subject's line, not in the line of chips", () => {
  const ticket = makeTicket({ subject: "Payout for October is missing", unreadCount: 1 });
  render(
    <TicketList
      tickets={[ticket]}
      state="ready"
      selectedId={null}
      onSelect={() => {}}
      emptyTitle="No tickets"
      badge={() => <span data-testid="chip">Due in 13 h</span>}
    />,
  );
  const subject = screen.getByText("Payout for October is missing");
  const time = screen.getByRole("button", { name: /Payout for October/ }).querySelector("time")!;
  const subjectLine = subject.parentElement!;
  expect(subjectLine).toContainElement(time);
  expect(time).toHaveClass("whitespace-nowrap");
  expect(screen.getByTestId("chip").parentElement).not.toContainElement(time);
});
