/**
 * The queue's filter block: search, status and sort always in view; the other filters behind a
 * "Filters" disclosure that says how many are on.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { makeTicket } from "../../../../test/fixtures";
import { server } from "../../../../test/msw";
import { adminQueueHandlers } from "../../../../test/handlers";
import { renderRoute } from "../../../../test/render";
import AdminSupportTab from "./AdminSupportTab";

const ME = { id: "admin-me", name: "Me", role: "admin" as const };

function renderQueue(path: string) {
  server.use(...adminQueueHandlers({ tickets: [makeTicket({ subject: "Where is my payout" })] }));
  return renderRoute(<AdminSupportTab />, path, { as: ME });
}

test("when no secondary filter is in the URL, then Filters starts collapsed and search, status and sort stay in view", async () => {
  const user = userEvent.setup();
  const { params } = renderQueue("/admin");
  await screen.findByRole("button", { name: /Where is my payout/ });
  const toggle = screen.getByRole("button", { name: /^Filters/ });
  expect(toggle).toHaveAttribute("aria-expanded", "false");
  expect(screen.getByRole("searchbox", { name: "Search tickets" })).toBeInTheDocument();
  expect(screen.getByRole("combobox", { name: "Filter by Status" })).toBeInTheDocument();
  expect(screen.getByRole("combobox", { name: "Sort by" })).toBeInTheDocument();
  expect(screen.queryByRole("combobox", { name: "Filter by Priority" })).not.toBeInTheDocument();
  expect(screen.queryByRole("textbox", { name: "Filter by tag" })).not.toBeInTheDocument();

  // Keyboard: the disclosure is a button; Enter opens it and its panel holds the other filters.
  toggle.focus();
  await user.keyboard("{Enter}");
  expect(toggle).toHaveAttribute("aria-expanded", "true");
  const panel = document.getElementById(toggle.getAttribute("aria-controls")!)!;
  await user.selectOptions(within(panel).getByRole("combobox", { name: "Filter by Priority" }), "high");
  await user.selectOptions(within(panel).getByRole("combobox", { name: "Filter by Source" }), "visitor");
  await waitFor(() => expect(params().get("source")).toBe("visitor"));
  expect(params().get("priority")).toBe("high");

  // Collapsed again, the button says how many filters are on.
  await user.click(toggle);
  expect(toggle).toHaveAttribute("aria-expanded", "false");
  expect(toggle).toHaveAccessibleName("Filters, 2 active");
  expect(screen.queryByRole("combobox", { name: "Filter by Priority" })).not.toBeInTheDocument();
});

test("when the URL carries a secondary filter, then Filters starts open; Clear filters resets only those", async () => {
  const user = userEvent.setup();
  const { params } = renderQueue("/admin?status=open&priority=urgent&tag=vip&q=refund");
  await screen.findByRole("button", { name: /Where is my payout/ });
  const toggle = screen.getByRole("button", { name: /^Filters/ });
  expect(toggle).toHaveAttribute("aria-expanded", "true");
  expect(screen.getByRole("combobox", { name: "Filter by Priority" })).toHaveValue("urgent");
  expect(screen.getByRole("textbox", { name: "Filter by tag" })).toHaveValue("vip");

  await user.click(screen.getByRole("button", { name: "Clear filters" }));
  await waitFor(() => expect(params().get("priority")).toBeNull());
  expect(params().get("tag")).toBeNull();
  expect(params().get("status")).toBe("open");
  expect(params().get("q")).toBe("refund");
  expect(toggle).toHaveAccessibleName("Filters");
});

// Layout: jsdom measures nothing, so this checks what keeps the sort box unclipped in Chromium (it
// showed "Recently upda…" at 1280 and 390 px): short labels, and a box that does not shrink below
// its longest option while the status box takes the rest of the row (which wraps when narrow).
test("the Sort by box keeps the width of its short options; the status box gives way", async () => {
  renderQueue("/admin?q=refund");
  await screen.findByRole("button", { name: /Where is my payout/ });
  const sort = screen.getByRole("combobox", { name: "Sort by" });
  const labels = within(sort)
    .getAllByRole("option")
    .map((o) => o.textContent ?? "");
  expect(labels).toEqual(["Relevance", "Last updated", "Newest first", "Priority", "Due soonest"]);
  for (const label of labels) expect(label.length).toBeLessThanOrEqual(12);

  expect(sort.parentElement).toHaveClass("shrink-0");
  expect(sort.parentElement).not.toHaveClass("flex-1");
  const status = screen.getByRole("combobox", { name: "Filter by Status" });
  expect(status.parentElement).toHaveClass("flex-1", "min-w-32");
  expect(status.parentElement!.parentElement).toHaveClass("flex-wrap");
});
