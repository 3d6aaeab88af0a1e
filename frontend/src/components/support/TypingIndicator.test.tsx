import { render, screen } from "@testing-library/react";
import TypingIndicator from "./TypingIndicator";

test("when a colleague writes a note, then the indicator says they are writing a note, not typing", () => {
  render(<TypingIndicator names={[]} notes={["Sam"]} />);
  expect(screen.getByText("Sam is writing a note…")).toBeInTheDocument();
  expect(screen.queryByText(/typing/)).not.toBeInTheDocument();
});

test("when two or more colleagues write notes, then they are named as for typing, or counted as several", () => {
  const { rerender } = render(<TypingIndicator names={[]} notes={["Sam", "Lee"]} />);
  expect(screen.getByText("Sam and Lee are writing notes…")).toBeInTheDocument();
  rerender(<TypingIndicator names={[]} notes={["Sam", "Lee", "Kim"]} />);
  expect(screen.getByText("Several colleagues are writing notes…")).toBeInTheDocument();
});

test("when the shop types while a colleague writes a note, then both are said, each in its own words", () => {
  const { container } = render(<TypingIndicator names={["Acme"]} notes={["Sam"]} />);
  expect(screen.getByText("Acme is typing…")).toBeInTheDocument();
  expect(screen.getByText("Sam is writing a note…")).toBeInTheDocument();
  expect(container).toHaveTextContent("Acme is typing… Sam is writing a note…");
});

test("when a note starts beside someone typing, then the one polite live region keeps the typing sentence as it was (only the note is new to read out)", () => {
  const { container, rerender } = render(<TypingIndicator names={["Acme"]} />);
  const regions = container.querySelectorAll("[aria-live]");
  expect(regions).toHaveLength(1);
  expect(regions[0]).toHaveAttribute("aria-live", "polite");
  const typing = screen.getByText("Acme is typing…");

  rerender(<TypingIndicator names={["Acme"]} notes={["Sam"]} />);
  expect(screen.getByText("Sam is writing a note…")).toBeInTheDocument();
  expect(screen.getByText("Acme is typing…")).toBe(typing);
  rerender(<TypingIndicator names={["Acme"]} notes={[]} />);
  expect(screen.getByText("Acme is typing…")).toBe(typing);
  expect(screen.queryByText(/writing a note/)).not.toBeInTheDocument();
});
