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
  await userEvent.type(box, "/usr/local is broken");
  expect(screen.getByText("No saved reply matches “usr/local is broken”.")).toBeInTheDocument();

  await userEvent.keyboard("{Escape}");
  expect(box).toHaveValue("/usr/local is broken");
  expect(box).toHaveFocus();
  expect(onEscape).not.toHaveBeenCalled();
  expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
  expect(box).not.toHaveAttribute("aria-controls");

  // Closed stays closed while the reply is written; a second Escape leaves the box as usual.
  await userEvent.type(box, ", see attached");
  expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
  await waitFor(() =>
    expect(readDraft(replyDraftKey("t1", false))).toBe("/usr/local is broken, see attached"),
  );
  await userEvent.keyboard("{Escape}");
  expect(onEscape).toHaveBeenCalled();
  expect(box).toHaveValue("/usr/local is broken, see attached");
});

test("when the picker shows matches and Tab is pressed, then nothing is picked and the focus moves on", async () => {
  render(<ChatInput onSend={() => {}} canned={canned} />);
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "/ref");
  expect(screen.getAllByRole("option")).toHaveLength(1);
  await userEvent.tab();
  expect(box).toHaveValue("/ref");
  expect(box).not.toHaveFocus();
});
