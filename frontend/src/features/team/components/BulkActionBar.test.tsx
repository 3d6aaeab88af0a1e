import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
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
