import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { CannedResponse } from "@parley/contract";
import ChatInput from "./ChatInput";
import { readDraft, replyDraftKey } from "../../features/messages/drafts";

afterEach(() => localStorage.clear());

const canned: CannedResponse[] = [
  {
    id: "c1",
    title: "Refund timing",
    body: "Hi {{shop.name}}, ticket #{{ticket.number}}: refunds take 5 days. — {{admin.name}}",
    createdBy: null,
    createdAt: "2026-12-01T00:00:00Z",
    updatedAt: "2026-12-01T00:00:00Z",
  },
  {
    id: "c2",
    title: "Payout schedule",
    body: "Payouts go out on {{ticket.subject}} Mondays.",
    createdBy: null,
    createdAt: "2026-12-01T00:00:00Z",
    updatedAt: "2026-12-01T00:00:00Z",
  },
];

test("when a draft is typed and the box is remounted (reload, ticket switch), then the draft is back; sending clears it", async () => {
  const first = render(<ChatInput onSend={() => {}} draftId="t1" />);
  await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Half-written answer");
  first.unmount();

  const other = render(<ChatInput onSend={() => {}} draftId="t2" />);
  expect(screen.getByRole("textbox", { name: "Reply" })).toHaveValue("");
  other.unmount();

  const onSend = vi.fn();
  render(<ChatInput onSend={onSend} draftId="t1" />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  expect(box).toHaveValue("Half-written answer");
  await userEvent.type(box, "{Enter}");
  await waitFor(() => expect(onSend).toHaveBeenCalledWith("Half-written answer", { internal: false }));
  await waitFor(() => expect(localStorage.length).toBe(0));
});

test("when a reply and a note are drafted, then each keeps its own text", async () => {
  render(<ChatInput onSend={() => {}} draftId="t1" allowInternal />);
  await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "to the shop");
  await userEvent.click(screen.getByRole("button", { name: "Internal note" }));
  const note = screen.getByRole("textbox", { name: "Internal note" });
  await waitFor(() => expect(note).toHaveValue(""));
  await userEvent.type(note, "for admins");
  await userEvent.click(screen.getByRole("button", { name: "Reply to shop" }));
  await waitFor(() => expect(screen.getByRole("textbox", { name: "Reply" })).toHaveValue("to the shop"));
});

test("when / is typed, then a searchable picker opens; picking fills the placeholders and shows a preview", async () => {
  const onSend = vi.fn();
  render(
    <ChatInput
      onSend={onSend}
      canned={canned}
      placeholderValues={{ "shop.name": "Acme", "ticket.number": 87, "admin.name": "Ada" }}
    />,
  );
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "/");
  expect(screen.getAllByRole("option")).toHaveLength(2);
  await userEvent.type(box, "pay");
  expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual([
    expect.stringContaining("Payout schedule"),
  ]);
  await userEvent.clear(box);
  await userEvent.type(box, "/refund{Enter}");
  expect(onSend).not.toHaveBeenCalled();
  expect(box).toHaveValue("Hi Acme, ticket #87: refunds take 5 days. — Ada");
  expect(screen.getByRole("region", { name: "Preview" })).toHaveTextContent("Hi Acme, ticket #87");
  await userEvent.type(box, "{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenCalledWith("Hi Acme, ticket #87: refunds take 5 days. — Ada", {
      internal: false,
    }),
  );
});

test("when a placeholder has no value, then the preview says so", async () => {
  render(<ChatInput onSend={() => {}} canned={canned} placeholderValues={{}} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "/payout{ArrowDown}{ArrowUp}{Enter}");
  expect(box).toHaveValue("Payouts go out on {{ticket.subject}} Mondays.");
  expect(screen.getByRole("alert")).toHaveTextContent("No value for {{ticket.subject}}");
});

test("when Escape is pressed in the box, then it leaves the box", async () => {
  const onEscape = vi.fn();
  render(<ChatInput onSend={() => {}} onEscape={onEscape} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.click(box);
  await userEvent.keyboard("{Escape}");
  expect(onEscape).toHaveBeenCalled();
  expect(box).not.toHaveFocus();
});

test("when the picker is open, then the box names the list and the highlighted option, and the arrows move it", async () => {
  render(<ChatInput onSend={() => {}} canned={canned} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  expect(box).toHaveAttribute("aria-autocomplete", "list");
  expect(box).not.toHaveAttribute("aria-activedescendant");

  await userEvent.type(box, "/");
  const list = screen.getByRole("listbox", { name: "Saved replies" });
  expect(box).toHaveAttribute("aria-controls", list.id);
  const [refund, payout] = screen.getAllByRole("option");
  expect(box).toHaveAttribute("aria-activedescendant", refund!.id);
  expect(refund).toHaveAttribute("aria-selected", "true");
  expect(screen.getByText(/2 saved replies: Up and Down to choose/)).toBeInTheDocument();

  await userEvent.keyboard("{ArrowDown}");
  expect(box).toHaveAttribute("aria-activedescendant", payout!.id);
  expect(payout).toHaveAttribute("aria-selected", "true");

  // The id belongs to the saved reply, not to its place: narrowing the list keeps it.
  await userEvent.type(box, "pay");
  expect(screen.getByRole("option")).toHaveAttribute("id", payout!.id);
  expect(box).toHaveAttribute("aria-activedescendant", payout!.id);
});

test("when a reply starts with / and Escape is pressed, then only the picker closes: the text and its draft stay", async () => {
  const onEscape = vi.fn();
  render(<ChatInput onSend={() => {}} canned={canned} draftId="t1" onEscape={onEscape} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "/tmp is broken");
  expect(screen.getByText("No saved reply matches “tmp is broken”.")).toBeInTheDocument();

  await userEvent.keyboard("{Escape}");
  expect(box).toHaveValue("/tmp is broken");
  expect(box).toHaveFocus();
  expect(onEscape).not.toHaveBeenCalled();
  expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
  expect(box).not.toHaveAttribute("aria-controls");

  // Closed stays closed while the reply is written; a second Escape leaves the box as usual.
  await userEvent.type(box, ", see attached");
  expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
  await waitFor(() => expect(readDraft(replyDraftKey("t1", false))).toBe("/tmp is broken, see attached"));
  await userEvent.keyboard("{Escape}");
  expect(onEscape).toHaveBeenCalled();
  expect(box).toHaveValue("/tmp is broken, see attached");
});

test("when the picker shows matches and Tab is pressed, then the highlighted saved reply is picked as Enter does; Shift+Tab, or Tab with no match, moves on", async () => {
  render(<ChatInput onSend={() => {}} canned={canned} placeholderValues={{ "ticket.subject": "all" }} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "/pay");
  await userEvent.tab({ shift: true });
  expect(box).toHaveValue("/pay");
  expect(box).not.toHaveFocus();

  await userEvent.click(box);
  expect(screen.getAllByRole("option")).toHaveLength(1);
  await userEvent.tab();
  expect(box).toHaveValue("Payouts go out on all Mondays.");
  expect(box).toHaveFocus();
  expect(screen.queryByRole("listbox")).not.toBeInTheDocument();

  await userEvent.type(box, " /nothing");
  expect(screen.getByText("No saved reply matches “nothing”.")).toBeInTheDocument();
  await userEvent.tab();
  expect(box).toHaveValue("Payouts go out on all Mondays. /nothing");
  expect(box).not.toHaveFocus();
});

// Audit F1: "/refnud" + Enter went to the shop as a public reply (and counted as the first response).
test("when a /shortcut matches no saved reply and Enter is pressed, then nothing is sent, the text stays and the reason is announced", async () => {
  const onSend = vi.fn();
  render(<ChatInput onSend={onSend} canned={canned} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "/refnud{Enter}");
  expect(onSend).not.toHaveBeenCalled();
  expect(box).toHaveValue("/refnud");
  expect(box).toHaveFocus();
  expect(screen.getByRole("alert")).toHaveTextContent(
    "No saved reply matches /refnud. To send it as written, press Escape and then Enter, or use the Send button.",
  );

  // A second Enter in a hurry does not send it either; editing the shortcut withdraws the message.
  await userEvent.keyboard("{Enter}");
  expect(onSend).not.toHaveBeenCalled();
  await userEvent.type(box, "{Backspace}{Backspace}{Backspace}");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  // Corrected, the shortcut picks its saved reply as before.
  await userEvent.type(box, "und{Enter}");
  expect(box).toHaveValue(
    "Hi {{shop.name}}, ticket #{{ticket.number}}: refunds take 5 days. — {{admin.name}}",
  );
  expect(onSend).not.toHaveBeenCalled();
});

test("when a reply deliberately starts with /, then Escape and Enter, or the Send button, send it as written", async () => {
  const onSend = vi.fn();
  render(<ChatInput onSend={onSend} canned={canned} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "/etc is full{Enter}");
  expect(onSend).not.toHaveBeenCalled();
  await userEvent.keyboard("{Escape}{Enter}");
  await waitFor(() => expect(onSend).toHaveBeenCalledWith("/etc is full", { internal: false }));

  onSend.mockClear();
  await userEvent.type(box, "/tmp is full");
  await userEvent.click(screen.getByRole("button", { name: "Send" }));
  await waitFor(() => expect(onSend).toHaveBeenCalledWith("/tmp is full", { internal: false }));
});

test("when a /shortcut typed after other text matches nothing, then Enter does not send it either; a path inside a word opens nothing", async () => {
  const onSend = vi.fn();
  render(<ChatInput onSend={onSend} canned={canned} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "Thanks! /refnud{Enter}");
  expect(onSend).not.toHaveBeenCalled();
  expect(screen.getByRole("alert")).toHaveTextContent("No saved reply matches /refnud.");

  await userEvent.clear(box);
  await userEvent.type(box, "Use and/or https://shop.example/refunds{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenCalledWith("Use and/or https://shop.example/refunds", { internal: false }),
  );
  // A path (a second "/") is never a shortcut, at the end of a reply or at the start of one.
  for (const text of ["Go to /admin/payouts", "/admin/payouts has it"]) {
    await userEvent.clear(box);
    await userEvent.type(box, `${text}{Enter}`);
    await waitFor(() => expect(onSend).toHaveBeenCalledWith(text, { internal: false }));
  }
});

// Audit F2: a saved reply's {{customer.name}} reached the shop as raw text; the warning did not stop it.
const legacy: CannedResponse = {
  ...canned[0]!,
  id: "c3",
  title: "Customer greeting",
  body: "Hello {{customer.name}}, thanks!",
};

test("when an inserted saved reply still holds a placeholder, then Enter is refused naming it, the focus stays and the placeholder is selected to type over", async () => {
  const onSend = vi.fn();
  render(<ChatInput onSend={onSend} canned={[...canned, legacy]} placeholderValues={{}} />);
  const box = screen.getByRole<HTMLTextAreaElement>("textbox", { name: "Reply" });
  await userEvent.type(box, "/greeting{Enter}");
  expect(box).toHaveValue("Hello {{customer.name}}, thanks!");
  expect(screen.getByRole("alert")).toHaveTextContent("No value for {{customer.name}}");

  await userEvent.keyboard("{Enter}");
  await waitFor(() =>
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Not sent: no value for {{customer.name}}: replace it with the right text or delete it before sending.",
    ),
  );
  expect(onSend).not.toHaveBeenCalled();
  expect(box).toHaveFocus();
  expect(box.value.slice(box.selectionStart, box.selectionEnd)).toBe("{{customer.name}}");

  await userEvent.keyboard("Sam");
  expect(box).toHaveValue("Hello Sam, thanks!");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(onSend).toHaveBeenCalledWith("Hello Sam, thanks!", { internal: false }));
});

test("when a known placeholder has no value, then the Send button is refused too and the focus goes back to the text", async () => {
  const onSend = vi.fn();
  render(<ChatInput onSend={onSend} canned={canned} placeholderValues={{}} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "/payout{Enter}");
  await userEvent.click(screen.getByRole("button", { name: "Send" }));
  await waitFor(() =>
    expect(screen.getByRole("alert")).toHaveTextContent("Not sent: no value for {{ticket.subject}}"),
  );
  expect(onSend).not.toHaveBeenCalled();
  expect(box).toHaveFocus();
});

test("when the agent writes double braces of their own, then they are sent as written; a known placeholder typed by hand is not", async () => {
  const onSend = vi.fn();
  render(<ChatInput onSend={onSend} canned={canned} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  // user-event reads "{{" as a literal "{".
  await userEvent.type(box, "Put {{{{ product.title }} in your theme{Enter}");
  await waitFor(() =>
    expect(onSend).toHaveBeenCalledWith("Put {{ product.title }} in your theme", { internal: false }),
  );

  onSend.mockClear();
  await userEvent.type(box, "Hi {{{{shop.name}}{Enter}");
  await waitFor(() =>
    expect(screen.getByRole("alert")).toHaveTextContent("Not sent: no value for {{shop.name}}"),
  );
  expect(onSend).not.toHaveBeenCalled();
});

// Audit F3: the picker opened only in an empty box, and picking replaced the whole text.
test("when a /shortcut is typed after other text, then the saved reply replaces just the shortcut, and a second one can follow", async () => {
  const onSend = vi.fn();
  render(
    <ChatInput
      onSend={onSend}
      canned={canned}
      placeholderValues={{
        "shop.name": "Acme",
        "ticket.number": 87,
        "ticket.subject": "payout",
        "admin.name": "Ada",
      }}
    />,
  );
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "Hi there, /ref");
  expect(screen.getAllByRole("option")).toHaveLength(1);
  await userEvent.keyboard("{Enter}");
  expect(box).toHaveValue("Hi there, Hi Acme, ticket #87: refunds take 5 days. — Ada");

  // On a new line a shortcut may hold words, as at the start of the box.
  await userEvent.type(box, "{Shift>}{Enter}{/Shift}/payout sch{Enter}");
  expect(box).toHaveValue(
    "Hi there, Hi Acme, ticket #87: refunds take 5 days. — Ada\nPayouts go out on payout Mondays.",
  );
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(onSend).toHaveBeenCalledTimes(1));
});

test("when a /shortcut is typed in the middle of the text, then the saved reply goes in at the caret", async () => {
  render(<ChatInput onSend={() => {}} canned={canned} placeholderValues={{ "ticket.subject": "weekly" }} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "Hi, Thanks!");
  // Back to just after "Hi, ".
  await userEvent.keyboard("{ArrowLeft}".repeat(7));
  await userEvent.keyboard("/pay");
  expect(screen.getAllByRole("option")).toHaveLength(1);
  await userEvent.keyboard("{Enter} ");
  expect(box).toHaveValue("Hi, Payouts go out on weekly Mondays. Thanks!");
});

test("when the team has no saved replies yet, then the hint does not offer '/' (which opens nothing), and does once there is one", () => {
  const { rerender } = render(<ChatInput onSend={() => {}} canned={[]} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  expect(box).not.toHaveAccessibleDescription(/saved replies/);
  rerender(<ChatInput onSend={() => {}} canned={canned} />);
  expect(box).toHaveAccessibleDescription(/\/ for saved replies/);
});
