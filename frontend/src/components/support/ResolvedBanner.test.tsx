import { render, screen } from "@testing-library/react";
import ResolvedBanner from "./ResolvedBanner";

test("when the open ticket is resolved, then the note appears inside a status region that was already there", () => {
  const { rerender } = render(<ResolvedBanner resolved={false} />);
  const region = screen.getByRole("status");
  expect(region).toBeEmptyDOMElement();
  rerender(<ResolvedBanner resolved />);
  expect(screen.getByRole("status")).toBe(region);
  expect(region).toHaveTextContent("Support marked this ticket as resolved. Reply if you still need help");
});
