import { useState } from "react";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ErrorState, SkeletonList } from "./ListStates";

/** A container whose list failed to load; "Try again" loads it (as a refetch that succeeds would). */
function Loader({ landing }: { landing: boolean }) {
  const [state, setState] = useState<"error" | "loading" | "ready">("error");
  // As a refetch with no data yet: a skeleton first, then the list.
  const retry = () => {
    setState("loading");
    setTimeout(() => setState("ready"), 0);
  };
  const content =
    state === "loading" ? (
      <SkeletonList label="Loading results" />
    ) : state === "ready" ? (
      <ul aria-label="Results">
        <li>
          <button type="button">First result</button>
        </li>
      </ul>
    ) : (
      <ErrorState message="The list could not be loaded." onRetry={retry} />
    );
  return (
    <div>
      <input aria-label="Search" />
      <p className="sr-only" aria-live="polite" />
      {landing ? (
        <div tabIndex={-1} data-testid="frame">
          {content}
        </div>
      ) : (
        content
      )}
    </div>
  );
}

test("when Try again loads the list inside a frame made focusable, then the focus goes to that frame, not <body>", async () => {
  render(<Loader landing />);
  const retry = screen.getByRole("button", { name: "Try again" });
  retry.focus();
  await userEvent.keyboard("{Enter}");
  await screen.findByRole("button", { name: "First result" });
  expect(screen.getByTestId("frame")).toHaveFocus();
});

test("when Try again shows a skeleton, then the content, and nothing around is focusable, then the focus goes to the first control of what loaded", async () => {
  render(<Loader landing={false} />);
  screen.getByRole("button", { name: "Try again" }).focus();
  await userEvent.keyboard("{Enter}");
  await screen.findByRole("button", { name: "First result" });
  expect(screen.getByRole("button", { name: "First result" })).toHaveFocus();
});

test("when the error goes away without Try again (the reader moved on), then the focus is left alone", async () => {
  const { rerender } = render(<ErrorState message="Failed." onRetry={() => {}} />);
  screen.getByRole("button", { name: "Try again" }).focus();
  rerender(<p>Elsewhere</p>);
  await Promise.resolve();
  expect(document.body).toHaveFocus();
});

test("when a list loads, then its skeleton's live region says so in words, not only in a label that is not announced", () => {
  render(<SkeletonList label="Loading tickets" />);
  const region = screen.getByRole("status", { name: "Loading tickets" });
  expect(region).toHaveTextContent("Loading tickets");
  expect(screen.getByText("Loading tickets")).toHaveClass("sr-only");
});
