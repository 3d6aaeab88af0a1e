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

test("when a change is being saved, then the controls show the new value, disabled, until the server answers", () => {
  const ticket = makeTicket({ status: "open", priority: "low", assigneeId: null });
  const { rerender } = render(
    <TicketControls
      ticket={ticket}
      admins={admins}
      meId="me"
      saving={{ priority: "urgent" }}
      onChange={() => {}}
    />,
  );
  expect(screen.getByLabelText("Priority")).toHaveValue("urgent");
  expect(screen.getByLabelText("Priority")).toBeDisabled();
  expect(screen.getByLabelText("Status")).toHaveValue("open");

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
  expect(screen.getByLabelText("Priority")).not.toBeDisabled();
});
