import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { NO_FILTERS } from "../admin-queue-filters";
import AdminQueueFilters from "./AdminQueueFilters";

function renderFilters(choice = NO_FILTERS) {
  return render(
    <AdminQueueFilters
      choice={choice}
      filters={{}}
      q=""
      meId="me"
      admins={[]}
      shops={[]}
      onChange={() => {}}
    />,
  );
}

test("when Escape is pressed in the open Filters panel, then it closes and the focus goes back to its button", async () => {
  const user = userEvent.setup();
  renderFilters();
  const toggle = screen.getByRole("button", { name: /^Filters/ });
  await user.click(toggle);
  expect(toggle).toHaveAttribute("aria-expanded", "true");

  await user.click(screen.getByRole("textbox", { name: "Filter by tag" }));
  await user.keyboard("{Escape}");
  expect(toggle).toHaveAttribute("aria-expanded", "false");
  expect(toggle).toHaveFocus();
  expect(screen.queryByRole("textbox", { name: "Filter by tag" })).not.toBeInTheDocument();

  // From the button itself too.
  await user.keyboard("{Enter}");
  expect(toggle).toHaveAttribute("aria-expanded", "true");
  await user.keyboard("{Escape}");
  expect(toggle).toHaveAttribute("aria-expanded", "false");
});

test("when Escape is pressed in the order-id search box with text in it, then it clears first and closes on the next", async () => {
  const user = userEvent.setup();
  renderFilters();
  const toggle = screen.getByRole("button", { name: /^Filters/ });
  await user.click(toggle);
  const box = screen.getByRole("searchbox", { name: /Order or context id/ });
  await user.type(box, "A-1001");
  await user.keyboard("{Escape}");
  expect(toggle).toHaveAttribute("aria-expanded", "true");
  await user.clear(box);
  await user.keyboard("{Escape}");
  expect(toggle).toHaveAttribute("aria-expanded", "false");
  expect(toggle).toHaveFocus();
});
