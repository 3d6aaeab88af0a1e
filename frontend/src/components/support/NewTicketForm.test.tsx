import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import NewTicketForm from "./NewTicketForm";

// The suggestions component belongs to the FAQ work; here we only check what the form hands it.
vi.mock("./FaqSuggestions", () => ({
  default: ({ draft, deflectionSessionId }: { draft: string; deflectionSessionId: string }) => (
    <output data-testid="suggestions" data-session={deflectionSessionId}>
      {draft}
    </output>
  ),
}));

test("when the form is filled in, then it submits subject, message, priority and category", async () => {
  const onSubmit = vi.fn().mockResolvedValue(undefined);
  render(<NewTicketForm onSubmit={onSubmit} deflectionSessionId="s1" />);
  await userEvent.type(screen.getByLabelText("Subject"), "  Payout missing ");
  await userEvent.type(screen.getByLabelText("Message"), "October payout never arrived.");
  await userEvent.selectOptions(screen.getByLabelText("Priority"), "High");
  await userEvent.selectOptions(screen.getByLabelText("Category"), "payouts");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  expect(onSubmit).toHaveBeenCalledWith({
    subject: "Payout missing",
    message: "October payout never arrived.",
    priority: "high",
    category: "payouts",
  });
});

test("when the subject or message is missing, then nothing is submitted and the fields say why", async () => {
  const onSubmit = vi.fn();
  render(<NewTicketForm onSubmit={onSubmit} deflectionSessionId="s1" />);
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  expect(onSubmit).not.toHaveBeenCalled();
  expect(screen.getByLabelText("Subject")).toHaveAccessibleDescription("Add a short subject.");
  expect(screen.getByLabelText("Message")).toHaveAccessibleDescription("Describe the problem.");
});

test("when the subject is typed, then the FAQ suggestions get the draft and the form session id", async () => {
  render(<NewTicketForm onSubmit={vi.fn()} deflectionSessionId="session-42" />);
  await userEvent.type(screen.getByLabelText("Subject"), "refund");
  const suggestions = screen.getByTestId("suggestions");
  expect(suggestions.textContent).toBe("refund\n");
  expect(suggestions).toHaveAttribute("data-session", "session-42");
});

test("when the server refuses the ticket, then its message is shown and the form stays filled", async () => {
  const onSubmit = vi.fn().mockRejectedValue(new Error("Too many requests. Try again shortly."));
  render(<NewTicketForm onSubmit={onSubmit} deflectionSessionId="s1" />);
  await userEvent.type(screen.getByLabelText("Subject"), "Help");
  await userEvent.type(screen.getByLabelText("Message"), "Something broke");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests");
  expect(screen.getByLabelText("Subject")).toHaveValue("Help");
  expect(screen.getByRole("button", { name: "Create ticket" })).toBeEnabled();
});
