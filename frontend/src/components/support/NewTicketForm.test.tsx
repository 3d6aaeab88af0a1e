import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { BODY_MAX, SUBJECT_MAX } from "@parley/contract";
import NewTicketForm from "./NewTicketForm";
import { ApiError } from "../../services/api/client";
import { NEW_TICKET_DRAFT_KEY } from "../../features/messages/drafts";

afterEach(() => localStorage.clear());

test("when the form is filled in, then it submits subject, message, priority and category", async () => {
  const onSubmit = vi.fn().mockResolvedValue(undefined);
  render(<NewTicketForm onSubmit={onSubmit} />);
  // Sentences are pasted, not typed key by key: the test must not depend on how fast the machine types.
  await userEvent.click(screen.getByLabelText("Subject"));
  await userEvent.paste("  Payout missing ");
  await userEvent.click(screen.getByLabelText("Message"));
  await userEvent.paste("October payout never arrived.");
  await userEvent.selectOptions(screen.getByLabelText("Priority"), "High");
  await userEvent.selectOptions(screen.getByLabelText("Category"), "payouts");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  await waitFor(() => expect(onSubmit).toHaveBeenCalled());
  expect(onSubmit).toHaveBeenCalledWith({
    subject: "Payout missing",
    message: "October payout never arrived.",
    priority: "high",
    category: "payouts",
    // The draft's idempotency key (a repeat of the draft files nothing).
    clientMessageId: expect.any(String) as string,
  });
});

test("when the form opens beside the list, then the caret is in Subject, not left on the button that opened it", async () => {
  render(<NewTicketForm onSubmit={vi.fn()} />);
  await waitFor(() => expect(screen.getByLabelText("Subject")).toHaveFocus());
});

test("when the subject or message is missing, then nothing is submitted and the fields say why", async () => {
  const onSubmit = vi.fn();
  render(<NewTicketForm onSubmit={onSubmit} />);
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  await waitFor(() =>
    expect(screen.getByLabelText("Subject")).toHaveAccessibleDescription("Add a short subject."),
  );
  expect(onSubmit).not.toHaveBeenCalled();
  expect(screen.getByLabelText("Message")).toHaveAccessibleDescription("Describe the problem.");
});

test("when the subject is typed, then the suggestions get the draft so far", async () => {
  render(
    <NewTicketForm
      onSubmit={vi.fn()}
      renderSuggestions={(draft) => <output data-testid="draft">{draft}</output>}
    />,
  );
  await userEvent.type(screen.getByLabelText("Subject"), "refund");
  expect(screen.getByTestId("draft").textContent).toBe("refund\n");
});

test("when suggestions come and go while the shop types, then they are under the message, so the field being typed in never moves", async () => {
  render(
    <NewTicketForm
      onSubmit={vi.fn()}
      renderSuggestions={(draft) => (draft.trim() ? <section aria-label="Suggested answers" /> : null)}
    />,
  );
  await userEvent.type(screen.getByLabelText("Message"), "refund");
  const suggestions = screen.getByRole("region", { name: "Suggested answers" });
  for (const field of [screen.getByLabelText("Subject"), screen.getByLabelText("Message")])
    expect(field.compareDocumentPosition(suggestions) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
});

test("when the same words are tried again, then every try carries the same clientMessageId; changed words, another form or the next draft get a new one", async () => {
  const keys = () => onSubmit.mock.calls.map(([input]) => input.clientMessageId);
  const offline = new ApiError(0, "NETWORK", "Cannot reach the server. Check your connection.");
  const onSubmit = vi
    .fn<(input: { clientMessageId?: string }) => Promise<void>>()
    .mockRejectedValueOnce(offline)
    .mockRejectedValueOnce(offline)
    .mockRejectedValueOnce(offline)
    .mockResolvedValue(undefined);
  const first = render(<NewTicketForm onSubmit={onSubmit} />);
  await userEvent.type(screen.getByLabelText("Subject"), "Help");
  await userEvent.click(screen.getByLabelText("Message"));
  await userEvent.paste("Something broke");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Cannot reach the server");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
  // The words change after a failed try: another ticket to the server, not a replay of the first words.
  await userEvent.type(screen.getByLabelText("Subject"), " now");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(3));
  // The draft comes back in another form (another tab, or Cancel and New ticket): its own key, so two
  // tabs never file under one key (the server would answer the second with the first one's ticket).
  first.unmount();
  render(<NewTicketForm onSubmit={onSubmit} />);
  expect(screen.getByLabelText("Subject")).toHaveValue("Help now");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  await waitFor(() => expect(localStorage.getItem(NEW_TICKET_DRAFT_KEY)).toBeNull());
  const [a, b, c, d] = keys();
  expect(a).toEqual(expect.any(String));
  expect(b).toBe(a);
  expect(new Set([a, c, d]).size).toBe(3);
});

test("when the subject or message is longer than the server takes, then the subject stops at its limit and the message says how long it is", async () => {
  const onSubmit = vi.fn();
  render(<NewTicketForm onSubmit={onSubmit} />);
  await userEvent.click(screen.getByLabelText("Subject"));
  await userEvent.paste("s".repeat(SUBJECT_MAX + 50));
  expect(screen.getByLabelText("Subject")).toHaveValue("s".repeat(SUBJECT_MAX));
  await userEvent.click(screen.getByLabelText("Message"));
  await userEvent.paste("m".repeat(BODY_MAX + 1));
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  // The reply box's words: how long it is and how long it may be.
  await waitFor(() =>
    expect(screen.getByLabelText("Message")).toHaveAccessibleDescription(
      "Too long: 10,001 of 10,000 characters.",
    ),
  );
  expect(onSubmit).not.toHaveBeenCalled();
});

test("when only invisible characters are typed, then the contract's rule refuses the subject", async () => {
  const onSubmit = vi.fn();
  render(<NewTicketForm onSubmit={onSubmit} />);
  await userEvent.type(screen.getByLabelText("Subject"), "\u200b\u200b");
  await userEvent.click(screen.getByLabelText("Message"));
  await userEvent.paste("Something broke");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  await waitFor(() => expect(screen.getByLabelText("Subject")).toHaveAttribute("aria-invalid", "true"));
  expect(onSubmit).not.toHaveBeenCalled();
});

test("when the server refuses the ticket, then its message is shown and the form stays filled", async () => {
  const onSubmit = vi.fn().mockRejectedValue(new Error("Too many requests. Try again shortly."));
  render(<NewTicketForm onSubmit={onSubmit} />);
  await userEvent.type(screen.getByLabelText("Subject"), "Help");
  await userEvent.click(screen.getByLabelText("Message"));
  await userEvent.paste("Something broke");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests");
  expect(screen.getByLabelText("Subject")).toHaveValue("Help");
  expect(screen.getByRole("button", { name: "Create ticket" })).toBeEnabled();
});

test("when the new-ticket form is half filled and the page reloads, then the draft is back; creating the ticket clears it", async () => {
  localStorage.clear();
  const first = render(<NewTicketForm onSubmit={async () => {}} />);
  await userEvent.type(screen.getByRole("textbox", { name: "Subject" }), "Payout missing");
  await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "October payout never came");
  first.unmount();

  const onSubmit = vi.fn(async () => {});
  render(<NewTicketForm onSubmit={onSubmit} />);
  expect(screen.getByRole("textbox", { name: "Subject" })).toHaveValue("Payout missing");
  expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("October payout never came");
  expect(localStorage.getItem(NEW_TICKET_DRAFT_KEY)).toContain("October payout never came");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  await waitFor(() => expect(onSubmit).toHaveBeenCalled());
  await waitFor(() => expect(localStorage.getItem(NEW_TICKET_DRAFT_KEY)).toBeNull());
});

/** Fills the form and submits it while the server cannot be reached. */
async function submitOffline() {
  const onSubmit = vi
    .fn()
    .mockRejectedValue(new ApiError(0, "NETWORK", "Cannot reach the server. Check your connection."));
  render(<NewTicketForm onSubmit={onSubmit} />);
  await userEvent.type(screen.getByLabelText("Subject"), "Help");
  await userEvent.click(screen.getByLabelText("Message"));
  await userEvent.paste("Something broke");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Cannot reach the server");
}

test("when the server could not be reached and the shop edits the form, then the stale connection alert goes", async () => {
  await submitOffline();
  await userEvent.type(screen.getByLabelText("Message"), "!");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("when the server could not be reached and the browser is back online, then the connection alert goes", async () => {
  await submitOffline();
  act(() => void window.dispatchEvent(new Event("online")));
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("when the server refused the ticket and the shop edits the form, then its reason stays until the next submit", async () => {
  const onSubmit = vi.fn().mockRejectedValue(new Error("Too many requests. Try again shortly."));
  render(<NewTicketForm onSubmit={onSubmit} />);
  await userEvent.type(screen.getByLabelText("Subject"), "Help");
  await userEvent.click(screen.getByLabelText("Message"));
  await userEvent.paste("Something broke");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests");
  await userEvent.type(screen.getByLabelText("Message"), "!");
  act(() => void window.dispatchEvent(new Event("online")));
  expect(screen.getByRole("alert")).toHaveTextContent("Too many requests");
});
