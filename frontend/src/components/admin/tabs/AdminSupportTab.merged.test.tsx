import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import AdminSupportTab from "./AdminSupportTab";
import { server } from "../../../../test/msw";
import { messagesHandler } from "../../../../test/handlers";
import { renderRoute } from "../../../../test/render";
import { makeTicket } from "../../../../test/fixtures";

const target = makeTicket({ id: "22222222-2222-4222-8222-222222222222", number: 42, subject: "Main thread" });
const source = makeTicket({
  id: "11111111-1111-4111-8111-111111111111",
  number: 41,
  subject: "Duplicate question",
  status: "closed",
  mergedIntoId: target.id,
});
const plain = makeTicket({ id: "33333333-3333-4333-8333-333333333333", number: 7, subject: "Plain one" });

const renderAt = (path: string) =>
  renderRoute(<AdminSupportTab />, path, { as: { id: "a1", role: "admin", name: "Ada" } });

beforeEach(() => {
  const events = [
    { type: "merged", actorId: "a1", from: source.id, to: target.id, createdAt: "2024-01-02T00:00:00.000Z" },
  ];
  server.use(
    http.get("/api/tickets", () => HttpResponse.json({ items: [plain], nextCursor: null })),
    ...[source, target, plain].flatMap((t) => [
      http.get(`/api/tickets/${t.id}`, () => HttpResponse.json(t)),
      messagesHandler(t.id, []),
      http.post(`/api/tickets/${t.id}/read`, () => new HttpResponse(null, { status: 204 })),
      http.get(`/api/tickets/${t.id}/events`, () =>
        HttpResponse.json({ items: t.id === plain.id ? [] : events }),
      ),
    ]),
    http.get("/api/admins", () => HttpResponse.json({ items: [{ id: "a1", name: "Ada" }] })),
    http.get("/api/*", () => HttpResponse.json({ items: [] })),
  );
});

test("when a merged ticket is open, then the thread says where it went, nothing offers to reopen it, and the timeline names the target's number", async () => {
  const user = userEvent.setup();
  const { params } = renderAt(`/admin?ticket=${source.id}`);
  const notice = await screen.findByTestId("merged-notice");
  await waitFor(() => expect(notice).toHaveTextContent("Merged into #42"));
  expect(screen.queryByText("No messages yet")).not.toBeInTheDocument();
  expect(screen.queryByText(/Reopen it/)).not.toBeInTheDocument();

  const status = screen.getByRole("combobox", { name: "Status" });
  expect(status).toBeDisabled();
  expect(within(status).queryByRole("option", { name: "Reopen" })).not.toBeInTheDocument();
  expect(screen.getByRole("combobox", { name: "Priority" })).toBeDisabled();
  expect(screen.getByRole("combobox", { name: "Assignee" })).toBeDisabled();
  expect(screen.queryByRole("button", { name: "Assign to me" })).not.toBeInTheDocument();
  expect(screen.getByTestId("merged-controls-note")).toHaveTextContent(/merged into another ticket/);

  const timeline = await screen.findByRole("list", { name: "Timeline" });
  await waitFor(() => expect(timeline).toHaveTextContent("You: merged into #42"));
  expect(timeline).not.toHaveTextContent(target.id);

  await user.click(within(notice).getByRole("link", { name: "#42" }));
  await waitFor(() => expect(params().get("ticket")).toBe(target.id));
});

test("when the target of a merge is open, then its timeline names the merged ticket's number", async () => {
  renderAt(`/admin?ticket=${target.id}`);
  const timeline = await screen.findByRole("list", { name: "Timeline" });
  await waitFor(() => expect(timeline).toHaveTextContent("You: merged #41 into this ticket"));
  expect(screen.queryByTestId("merged-notice")).not.toBeInTheDocument();
});

test("when the Details sheet opens, then focus moves in and stays in, Escape closes it from anywhere and focus returns to Details", async () => {
  const user = userEvent.setup();
  renderAt(`/admin?ticket=${plain.id}`);
  const details = await screen.findByRole("button", { name: "Details" });
  await user.click(details);
  const sheet = screen.getByRole("dialog", { name: "Ticket details" });
  expect(sheet).toHaveAttribute("aria-modal", "true");
  const close = within(sheet).getByRole("button", { name: "Close details" });
  expect(close).toHaveFocus();

  // Tab cycles within the sheet.
  await user.tab({ shift: true });
  expect(sheet).toContainElement(document.activeElement as HTMLElement);
  for (let i = 0; i < 15; i++) {
    await user.tab();
    expect(sheet).toContainElement(document.activeElement as HTMLElement);
  }

  // Escape from outside the sheet (focus dropped to the page) still closes it.
  (document.activeElement as HTMLElement).blur();
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("dialog", { name: "Ticket details" })).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Details" })).toHaveFocus();
});
