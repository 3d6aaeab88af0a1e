import { render, screen } from "@testing-library/react";
import TicketHeader from "./TicketHeader";
import { makeTicket } from "../../../test/fixtures";

test("when a subject is written right to left, then the heading leaves its direction to the browser (dir=auto), so its closing punctuation ends it", () => {
  render(<TicketHeader ticket={makeTicket({ subject: "طلبي لم يصل!" })} />);
  expect(screen.getByRole("heading", { name: "طلبي لم يصل!" })).toHaveAttribute("dir", "auto");
});
