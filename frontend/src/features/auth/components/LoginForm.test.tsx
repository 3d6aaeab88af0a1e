import { render, screen } from "@testing-library/react";
import LoginForm from "./LoginForm";

test("when a sign-in starts, then a polite status that was there before says it is signing in", () => {
  const props = { onSignIn: () => {}, error: null };
  const { rerender } = render(<LoginForm {...props} busy={false} />);
  // Mounted and quiet before the sign-in: a region that appears together with its text is often not read.
  const region = screen.getByRole("status");
  expect(region).toBeEmptyDOMElement();

  rerender(<LoginForm {...props} busy />);
  expect(screen.getByRole("status")).toBe(region);
  expect(region).toHaveTextContent("Signing in…");
});
