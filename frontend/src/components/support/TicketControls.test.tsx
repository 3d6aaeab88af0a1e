import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import TicketControls from "./TicketControls";
import { allowedTransitions } from "@parley/contract";
import { makeTicket } from "../../../test/fixtures";

const admins = [
  { id: "me", name: "Ada Admin" },
  { id: "bob", name: "Bob Admin" },
];

function optionLabels(select: HTMLElement) {
  return within(select)
    .getAllByRole("option")
    .map((o) => o.textContent);
}

test("when a ticket is open, then the status control offers only the moves the lifecycle allows", () => {
  render(
    <TicketControls ticket={makeTicket({ status: "open" })} admins={admins} meId="me" onChange={() => {}} />,
  );
  expect(optionLabels(screen.getByLabelText("Status"))).toEqual([
    "Open",
    "In progress",
    "Resolved",
    "Closed",
  ]);
});

test("when a ticket is closed, then the only move is to reopen it", () => {
  render(
    <TicketControls
      ticket={makeTicket({ status: "closed" })}
      admins={admins}
      meId="me"
      onChange={() => {}}
    />,
  );
  expect(optionLabels(screen.getByLabelText("Status"))).toEqual(["Closed", "Reopen"]);
});

test("when Assign to me is clicked, then the ticket is assigned to the signed-in admin", async () => {
  const onChange = vi.fn();
  render(<TicketControls ticket={makeTicket()} admins={admins} meId="me" onChange={onChange} />);
  await userEvent.click(screen.getByRole("button", { name: "Assign to me" }));
  expect(onChange).toHaveBeenCalledWith({ assigneeId: "me" });
});

test("when another admin is picked, then the ticket is assigned to them; Unassigned clears it", async () => {
  const onChange = vi.fn();
  render(
    <TicketControls
      ticket={makeTicket({ assigneeId: "me" })}
      admins={admins}
      meId="me"
      onChange={onChange}
    />,
  );
  expect(screen.queryByRole("button", { name: "Assign to me" })).not.toBeInTheDocument();
  await userEvent.selectOptions(screen.getByLabelText("Assignee"), "Bob Admin");
  expect(onChange).toHaveBeenLastCalledWith({ assigneeId: "bob" });
  await userEvent.selectOptions(screen.getByLabelText("Assignee"), "Unassigned");
  expect(onChange).toHaveBeenLastCalledWith({ assigneeId: null });
});

test("when the priority changes, then the new priority is reported", async () => {
  const onChange = vi.fn();
  render(<TicketControls ticket={makeTicket()} admins={admins} meId="me" onChange={onChange} />);
  await userEvent.selectOptions(screen.getByLabelText("Priority"), "Urgent");
  expect(onChange).toHaveBeenCalledWith({ priority: "urgent" });
});

test("when a shop looks at its ticket, then it may close it from any status and reopen a resolved one", () => {
  expect(allowedTransitions("in_progress", "shop")).toEqual(["closed"]);
  expect(allowedTransitions("resolved", "shop")).toEqual(["open", "closed"]);
  expect(allowedTransitions("closed", "shop")).toEqual(["open"]);
});

test("when a ticket was merged into another, then nothing offers to reopen or change it, and it says why", () => {
  render(
    <TicketControls
      ticket={makeTicket({ status: "closed", mergedIntoId: "target" })}
      admins={admins}
      meId="me"
      onChange={() => {}}
    />,
  );
  const status = screen.getByLabelText("Status");
  expect(optionLabels(status)).toEqual(["Closed"]);
  expect(status).toBeDisabled();
  expect(screen.getByLabelText("Priority")).toBeDisabled();
  expect(screen.getByLabelText("Assignee")).toBeDisabled();
  expect(screen.queryByRole("button", { name: "Assign to me" })).not.toBeInTheDocument();
  expect(screen.getByText(/merged into another ticket/)).toBeInTheDocument();
});

test("when a change is being saved, then the controls show the new value, busy, until the server answers", async () => {
  const ticket = makeTicket({ status: "open", priority: "low", assigneeId: null });
  const onChange = vi.fn();
  const { rerender } = render(
    <TicketControls
      ticket={ticket}
      admins={admins}
      meId="me"
      saving={{ priority: "urgent" }}
      onChange={onChange}
    />,
  );
  expect(screen.getByLabelText("Priority")).toHaveValue("urgent");
  expect(screen.getByLabelText("Status")).toHaveValue("open");
  // Busy, not `disabled` (which would drop the focus to <body>): another pick meanwhile is ignored.
  expect(screen.getByLabelText("Priority").closest("[aria-busy]")).toHaveAttribute("aria-busy", "true");
  await userEvent.selectOptions(screen.getByLabelText("Priority"), "High");
  await userEvent.click(screen.getByRole("button", { name: "Assign to me" }));
  expect(onChange).not.toHaveBeenCalled();
  expect(screen.getByLabelText("Priority")).toHaveValue("urgent");

  rerender(
    <TicketControls
      ticket={ticket}
      admins={admins}
      meId="me"
      saving={{ assigneeId: "bob" }}
      onChange={() => {}}
    />,
  );
  expect(screen.getByLabelText("Assignee")).toHaveValue("bob");
  expect(screen.getByLabelText("Priority")).toHaveValue("low");

  rerender(<TicketControls ticket={ticket} admins={admins} meId="me" onChange={() => {}} />);
  expect(screen.getByLabelText("Assignee")).toHaveValue("");
  expect(screen.getByLabelText("Priority").closest("[aria-busy]")).toBeNull();
});

test("when the Priority select saves a change from the keyboard, then it keeps the focus while it saves and after", async () => {
  const user = userEvent.setup();
  const ticket = makeTicket({ priority: "low" });
  const onChange = vi.fn();
  const { rerender } = render(
    <TicketControls ticket={ticket} admins={admins} meId="me" onChange={onChange} />,
  );
  const priority = screen.getByLabelText("Priority");
  await user.selectOptions(priority, "Urgent");
  expect(onChange).toHaveBeenCalledWith({ priority: "urgent" });

  rerender(
    <TicketControls
      ticket={ticket}
      admins={admins}
      meId="me"
      saving={{ priority: "urgent" }}
      onChange={onChange}
    />,
  );
  expect(priority).not.toBeDisabled();
  expect(priority).toHaveFocus();
  rerender(
    <TicketControls
      ticket={{ ...ticket, priority: "urgent" }}
      admins={admins}
      meId="me"
      onChange={onChange}
    />,
  );
  expect(priority).toHaveFocus();
  expect(priority).toHaveValue("urgent");
});

test("when Assign to me is pressed from the keyboard, then it keeps the focus while saving, and once it goes the Assignee box takes it", async () => {
  const user = userEvent.setup();
  const ticket = makeTicket({ assigneeId: null });
  const onChange = vi.fn();
  const { rerender } = render(
    <TicketControls ticket={ticket} admins={admins} meId="me" onChange={onChange} />,
  );
  const assign = screen.getByRole("button", { name: "Assign to me" });
  assign.focus();
  await user.keyboard("{Enter}");
  expect(onChange).toHaveBeenCalledWith({ assigneeId: "me" });

  rerender(
    <TicketControls
      ticket={ticket}
      admins={admins}
      meId="me"
      saving={{ assigneeId: "me" }}
      onChange={onChange}
    />,
  );
  expect(assign).toHaveAttribute("aria-disabled", "true");
  expect(assign).toHaveFocus();
  await user.keyboard("{Enter}");
  expect(onChange).toHaveBeenCalledTimes(1);

  rerender(
    <TicketControls ticket={{ ...ticket, assigneeId: "me" }} admins={admins} meId="me" onChange={onChange} />,
  );
  expect(screen.queryByRole("button", { name: "Assign to me" })).not.toBeInTheDocument();
  expect(screen.getByLabelText("Assignee")).toHaveFocus();
  expect(screen.getByLabelText("Assignee")).toHaveValue("me");
});
