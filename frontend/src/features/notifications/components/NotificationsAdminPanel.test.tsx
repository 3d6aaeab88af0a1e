/** The admin's Notifications page: a refused webhook is said; the focus stays where it was, or moves on from a deleted one. */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import NotificationsAdminPanel from "./NotificationsAdminPanel";

beforeEach(() => {
  server.use(
    http.get("/api/notifications/channels", () => HttpResponse.json({ items: [] })),
    http.get("/api/notifications/deliveries", () => HttpResponse.json({ items: [] })),
    http.get("/api/webhooks", () => HttpResponse.json({ items: [] })),
    http.post("/api/webhooks", () =>
      HttpResponse.json(
        {
          error: {
            code: "VALIDATION_FAILED",
            message: "This webhook URL is refused: the host is a private, loopback or link-local address.",
            requestId: "r1",
          },
        },
        { status: 400 },
      ),
    ),
  );
});

test("when a webhook URL is refused after Add webhook is pressed from the keyboard, then the refusal is announced and the focus stays on the button", async () => {
  const user = userEvent.setup();
  renderWithClient(<NotificationsAdminPanel />);
  await user.type(await screen.findByRole("textbox", { name: "URL" }), "http://localhost/hook");
  const add = screen.getByRole("button", { name: "Add webhook" });
  add.focus();
  await user.keyboard("{Enter}");
  expect(await screen.findByRole("alert")).toHaveTextContent("This webhook URL is refused");
  // Never disabled while it is sent (a browser drops a disabled button's focus to <body>).
  expect(add).not.toBeDisabled();
  expect(add).toHaveFocus();
});

const hook = (n: number) => ({
  id: `w${n}`,
  url: `https://example.com/hook-${n}`,
  events: ["ticket.created"],
  createdAt: "2026-01-01T00:00:00.000Z",
});
const deleteOf = (n: number) =>
  screen.getByRole("button", { name: `Delete webhook https://example.com/hook-${n}` });

test("when webhooks are deleted from the keyboard (Delete, then Yes, delete), then the focus goes to the next one's Delete, the one before, and the URL field after the last", async () => {
  const user = userEvent.setup();
  let hooks = [hook(1), hook(2), hook(3)];
  server.use(
    http.get("/api/webhooks", () => HttpResponse.json({ items: hooks })),
    http.delete("/api/webhooks/:id", ({ params }) => {
      hooks = hooks.filter((w) => w.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  renderWithClient(<NotificationsAdminPanel />);
  await screen.findByText("https://example.com/hook-3");
  // Delete asks first; "Yes, delete" has the focus, so a second Enter deletes.
  const confirmDelete = async () => {
    await user.keyboard("{Enter}");
    expect(screen.getByRole("button", { name: "Yes, delete" })).toHaveFocus();
    await user.keyboard("{Enter}");
  };

  deleteOf(2).focus();
  await confirmDelete();
  await waitFor(() => expect(screen.queryByText("https://example.com/hook-2")).not.toBeInTheDocument());
  await waitFor(() => expect(deleteOf(3)).toHaveFocus());

  // The last row: the one before takes the focus.
  await confirmDelete();
  await waitFor(() => expect(screen.queryByText("https://example.com/hook-3")).not.toBeInTheDocument());
  await waitFor(() => expect(deleteOf(1)).toHaveFocus());

  // The only row left: the URL field of Add webhook.
  await confirmDelete();
  await screen.findByText("No webhooks yet.");
  await waitFor(() => expect(screen.getByRole("textbox", { name: "URL" })).toHaveFocus());
});

test("when Delete is pressed on a webhook and Keep is chosen, then nothing is deleted and the focus goes back to its Delete", async () => {
  const user = userEvent.setup();
  let deletes = 0;
  server.use(
    http.get("/api/webhooks", () => HttpResponse.json({ items: [hook(1)] })),
    http.delete("/api/webhooks/:id", () => {
      deletes++;
      return new HttpResponse(null, { status: 204 });
    }),
  );
  renderWithClient(<NotificationsAdminPanel />);
  await screen.findByText("https://example.com/hook-1");
  await user.click(deleteOf(1));
  const question = screen.getByRole("group", { name: "Confirm delete" });
  expect(question).toHaveTextContent("Delete this webhook?");
  await user.click(within(question).getByRole("button", { name: "Keep" }));
  await waitFor(() => expect(deleteOf(1)).toHaveFocus());
  expect(deletes).toBe(0);
});

test("when deleting a webhook fails, then the reason is announced and the question stays to try again", async () => {
  const user = userEvent.setup();
  server.use(
    http.get("/api/webhooks", () => HttpResponse.json({ items: [hook(1)] })),
    http.delete("/api/webhooks/:id", () =>
      HttpResponse.json(
        { error: { code: "INTERNAL", message: "The database is not reachable.", requestId: "r2" } },
        { status: 503 },
      ),
    ),
  );
  renderWithClient(<NotificationsAdminPanel />);
  await screen.findByText("https://example.com/hook-1");
  await user.click(deleteOf(1));
  await user.click(screen.getByRole("button", { name: "Yes, delete" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Could not delete the webhook");
  expect(screen.getByRole("button", { name: "Yes, delete" })).toBeInTheDocument();
  expect(screen.getAllByText("https://example.com/hook-1")[0]).toBeVisible();
});
