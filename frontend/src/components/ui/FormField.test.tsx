import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SubmitButton } from "./FormField";

function Form({ busy, onSubmit }: { busy: boolean; onSubmit: () => void }) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label>
        Subject
        <input />
      </label>
      <SubmitButton busy={busy} label="Create ticket" busyLabel="Creating…" />
    </form>
  );
}

test("when the form is busy, then its button keeps the focus, says so, and Enter (on it or in a field) submits nothing", async () => {
  const user = userEvent.setup();
  const onSubmit = vi.fn();
  const { rerender } = render(<Form busy={false} onSubmit={onSubmit} />);
  screen.getByRole("button", { name: "Create ticket" }).focus();
  await user.keyboard("{Enter}");
  expect(onSubmit).toHaveBeenCalledTimes(1);

  rerender(<Form busy onSubmit={onSubmit} />);
  const button = screen.getByRole("button", { name: "Creating…" });
  // Not `disabled`: a browser takes the focus off a disabled button and leaves it on <body>.
  expect(button).not.toBeDisabled();
  expect(button).toHaveAttribute("aria-disabled", "true");
  expect(button).toHaveFocus();
  await user.keyboard("{Enter}");
  await user.click(button);
  await user.type(screen.getByRole("textbox", { name: "Subject" }), "Payout{Enter}");
  expect(onSubmit).toHaveBeenCalledTimes(1);

  rerender(<Form busy={false} onSubmit={onSubmit} />);
  expect(screen.getByRole("button", { name: "Create ticket" })).not.toHaveAttribute("aria-disabled");
  await user.type(screen.getByRole("textbox", { name: "Subject" }), "{Enter}");
  expect(onSubmit).toHaveBeenCalledTimes(2);
});
