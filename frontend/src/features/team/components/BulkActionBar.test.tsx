import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { BulkResult } from "@parley/contract";
import BulkActionBar, { BULK_CONFIRM_OVER, skipReason } from "./BulkActionBar";

const base = {
  scopeLabel: "every ticket matching these filters",
  count: 3,
  busy: false,
  progress: null,
  result: null,
  error: null,
};

test("when nothing is chosen, then Apply is disabled; when status and tags are chosen, then Apply sends exactly those", async () => {
  const onApply = vi.fn();
  render(<BulkActionBar {...base} onApply={onApply} onCancel={() => {}} />);
  const apply = screen.getByRole("button", { name: "Apply" });
  expect(apply).toBeDisabled();
  await userEvent.selectOptions(screen.getByRole("combobox", { name: "Status" }), "resolved");
  await userEvent.type(screen.getByRole("textbox", { name: "Tags (comma separated)" }), "Outage, vip");
  await userEvent.click(apply);
  expect(onApply).toHaveBeenCalledWith({ status: "resolved", addTags: ["outage", "vip"] });
});

test("while the job runs, then its progress from the socket shows; afterwards the refusals are listed per ticket", () => {
  const { rerender } = render(
    <BulkActionBar
      {...base}
      busy
      progress={{ jobId: "j", done: 500, total: 2000, finished: false }}
      onApply={() => {}}
      onCancel={() => {}}
    />,
  );
  expect(screen.getByRole("status")).toHaveTextContent("500 of 2000 (25%)");
  expect(screen.getByRole("button", { name: "Apply" })).toBeDisabled();
  rerender(
    <BulkActionBar
      {...base}
      result={{
        jobId: "j",
        updated: 1999,
        skipped: [
          {
            id: "0b7c1d2e-aaaa-bbbb-cccc-000000000000",
            code: "INVALID_TRANSITION",
            number: 183,
            status: "closed",
          },
        ],
      }}
      onApply={() => {}}
      onCancel={() => {}}
    />,
  );
  expect(screen.getByRole("status")).toHaveTextContent("1999 updated, 1 skipped");
  expect(screen.getByRole("status")).toHaveTextContent("#183");
  expect(screen.getByRole("status")).not.toHaveTextContent("0b7c1d2e");
});

test("when a job's result arrives, then every choice is back to Keep; a failed job keeps them for a retry", async () => {
  const onApply = vi.fn();
  const bar = (after: { result?: BulkResult; error?: string }) => (
    <BulkActionBar {...base} {...after} onApply={onApply} onCancel={() => {}} />
  );
  const { rerender } = render(bar({}));
  const status = screen.getByRole("combobox", { name: "Status" });
  const priority = screen.getByRole("combobox", { name: "Priority" });
  const tags = screen.getByRole("textbox", { name: "Tags (comma separated)" });
  await userEvent.selectOptions(status, "closed");
  await userEvent.selectOptions(priority, "urgent");
  await userEvent.selectOptions(screen.getByRole("combobox", { name: "Add or remove tags" }), "remove");
  await userEvent.type(tags, "vip");

  rerender(bar({ error: "Network error" }));
  expect(priority).toHaveValue("urgent");

  rerender(bar({ result: { jobId: "j", updated: 3, skipped: [] } }));
  expect(status).toHaveValue("");
  expect(priority).toHaveValue("");
  expect(tags).toHaveValue("");
  expect(screen.getByRole("combobox", { name: "Add or remove tags" })).toHaveValue("add");
  expect(screen.getByRole("button", { name: "Apply" })).toBeDisabled();
});

test("when the options are listed, then priorities read as statuses do: capitalised, with the contract's values", () => {
  render(<BulkActionBar {...base} onApply={() => {}} onCancel={() => {}} />);
  const options = (name: string) =>
    within(screen.getByRole("combobox", { name }))
      .getAllByRole("option")
      .map((o) => [(o as HTMLOptionElement).value, o.textContent]);
  expect(options("Priority")).toEqual([
    ["", "Keep"],
    ["low", "Low"],
    ["medium", "Medium"],
    ["high", "High"],
    ["urgent", "Urgent"],
  ]);
  expect(options("Status")).toContainEqual(["in_progress", "In progress"]);
});

test("when tickets are assigned, then Me, Unassigned and each colleague are offered, and the choice is sent as assigneeId", async () => {
  const onApply = vi.fn();
  render(
    <BulkActionBar
      {...base}
      meId="me"
      assignees={[
        { id: "me", name: "Ada Admin" },
        { id: "bea", name: "Bea Agent" },
      ]}
      onApply={onApply}
      onCancel={() => {}}
    />,
  );
  const assignee = screen.getByRole("combobox", { name: "Assignee" });
  expect(
    within(assignee)
      .getAllByRole("option")
      .map((o) => o.textContent),
  ).toEqual(["Keep", "Me", "Unassigned", "Bea Agent"]);
  await userEvent.selectOptions(assignee, "Bea Agent");
  await userEvent.click(screen.getByRole("button", { name: "Apply" }));
  expect(onApply).toHaveBeenLastCalledWith({ assigneeId: "bea" });
  await userEvent.selectOptions(assignee, "Unassigned");
  await userEvent.click(screen.getByRole("button", { name: "Apply" }));
  expect(onApply).toHaveBeenLastCalledWith({ assigneeId: null });
  await userEvent.selectOptions(assignee, "Me");
  await userEvent.click(screen.getByRole("button", { name: "Apply" }));
  expect(onApply).toHaveBeenLastCalledWith({ assigneeId: "me" });
});

test("when more than a few tickets would change, then Apply says how many and asks first; Back changes nothing", async () => {
  const onApply = vi.fn();
  const bar = (count: number | null) => (
    <BulkActionBar {...base} count={count} onApply={onApply} onCancel={() => {}} />
  );
  const { rerender } = render(bar(null));
  await userEvent.selectOptions(screen.getByRole("combobox", { name: "Status" }), "resolved");
  // Not counted yet: nothing can be applied blind.
  expect(screen.getByRole("button", { name: "Apply" })).toBeDisabled();

  rerender(bar(300));
  await userEvent.click(screen.getByRole("button", { name: "Apply" }));
  expect(onApply).not.toHaveBeenCalled();
  const confirm = screen.getByRole("group", { name: "Confirm the change" });
  expect(confirm).toHaveTextContent("Change 300 tickets: Status → Resolved?");
  expect(confirm).toHaveTextContent("Each shop is told of its ticket's new status.");
  expect(within(confirm).getByRole("button", { name: "Change 300 tickets" })).toHaveFocus();
  await userEvent.click(within(confirm).getByRole("button", { name: "Back" }));
  expect(onApply).not.toHaveBeenCalled();
  expect(screen.queryByRole("group", { name: "Confirm the change" })).not.toBeInTheDocument();
  // Back hands focus to Apply (it was disabled while asking), and so does Escape.
  expect(screen.getByRole("button", { name: "Apply" })).toHaveFocus();
  await userEvent.keyboard("{Enter}");
  expect(screen.getByRole("button", { name: "Change 300 tickets" })).toHaveFocus();
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("group", { name: "Confirm the change" })).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Apply" })).toHaveFocus();
  expect(onApply).not.toHaveBeenCalled();

  await userEvent.click(screen.getByRole("button", { name: "Apply" }));
  await userEvent.click(screen.getByRole("button", { name: "Change 300 tickets" }));
  expect(onApply).toHaveBeenCalledExactlyOnceWith({ status: "resolved" });

  // A few tickets go at once; none at all cannot be applied.
  rerender(bar(BULK_CONFIRM_OVER));
  await userEvent.click(screen.getByRole("button", { name: "Apply" }));
  expect(onApply).toHaveBeenCalledTimes(2);
  rerender(bar(0));
  expect(screen.getByRole("button", { name: "Apply" })).toBeDisabled();
});

test("when a job is done, then it reports updated, skipped and already-as-chosen, each skipped ticket by number with the reason", async () => {
  const onOpen = vi.fn();
  const { rerender } = render(
    <BulkActionBar
      {...base}
      count={5}
      total={5}
      ticketOf={(id) => (id === "a" ? { subject: "Duplicate charge" } : undefined)}
      onOpenTicket={onOpen}
      onApply={() => {}}
      onCancel={() => {}}
    />,
  );
  await userEvent.selectOptions(screen.getByRole("combobox", { name: "Status" }), "in_progress");
  await userEvent.click(screen.getByRole("button", { name: "Apply" }));
  rerender(
    <BulkActionBar
      {...base}
      count={5}
      total={5}
      ticketOf={(id) => (id === "a" ? { subject: "Duplicate charge" } : undefined)}
      onOpenTicket={onOpen}
      result={{
        jobId: "j",
        updated: 1,
        skipped: [
          { id: "a", code: "INVALID_TRANSITION", number: 183, status: "closed" },
          { id: "b", code: "INVALID_TRANSITION", number: 184, status: "open" },
          { id: "c", code: "NOT_FOUND", number: null, status: null },
        ],
      }}
      onApply={() => {}}
      onCancel={() => {}}
    />,
  );
  const status = screen.getByRole("status");
  expect(status).toHaveTextContent("1 updated, 3 skipped, 1 already as chosen");
  const items = within(status)
    .getAllByRole("listitem")
    .map((li) => li.textContent);
  expect(items).toEqual([
    "#183 Duplicate charge: Closed → In progress is not allowed",
    "#184: it was merged into another ticket: change that one",
    "A ticket: it no longer exists",
  ]);
  await userEvent.click(within(status).getByRole("button", { name: "#183" }));
  expect(onOpen).toHaveBeenCalledWith("a");
});

test("skip reasons: tags over the limit and codes the bar does not know are said too", () => {
  const skipped = (code: string) => ({ id: "x", code, number: 1, status: "open" as const });
  expect(skipReason(skipped("VALIDATION_FAILED"), { addTags: ["a"] })).toMatch(/more than \d+ tags/);
  expect(skipReason(skipped("SOMETHING_NEW"), null)).toBe("refused (SOMETHING_NEW)");
});
