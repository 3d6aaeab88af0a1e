import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { BulkResult } from "@parley/contract";
import BulkActionBar from "./BulkActionBar";

const base = {
  scopeLabel: "every ticket matching these filters",
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
        skipped: [{ id: "0b7c1d2e-aaaa-bbbb-cccc-000000000000", code: "INVALID_TRANSITION" }],
      }}
      onApply={() => {}}
      onCancel={() => {}}
    />,
  );
  expect(screen.getByRole("status")).toHaveTextContent("1999 updated, 1 skipped");
  expect(screen.getByRole("status")).toHaveTextContent("0b7c1d2e: not allowed from its status");
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
