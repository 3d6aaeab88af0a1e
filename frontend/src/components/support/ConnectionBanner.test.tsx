import { render, screen } from "@testing-library/react";
import ConnectionBanner from "./ConnectionBanner";

test("when the connection drops and comes back, then one status region, there from the start, says so in turn", () => {
  const { rerender } = render(<ConnectionBanner status="live" />);
  const region = screen.getByRole("status");
  expect(region).toBeEmptyDOMElement();

  rerender(<ConnectionBanner status="reconnecting" />);
  expect(screen.getByRole("status")).toBe(region);
  expect(region).toHaveTextContent("Reconnecting… Live updates are paused");

  rerender(<ConnectionBanner status="live" />);
  expect(screen.getByRole("status")).toBe(region);
  expect(region).toHaveTextContent("Connected again: live updates are back.");
  expect(screen.queryByText(/Reconnecting/)).not.toBeInTheDocument();
});
