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

test("when webhooks are deleted from the keyboard, then the focus goes to the next one's Delete, the one before, and the URL field after the last", async () => {
  const user = userEvent.setup();
  const hook = (n: number) => ({
    id: `w${n}`,
    url: `https://example.com/hook-${n}`,
    events: ["ticket.created"],
    createdAt: "2026-01-01T00:00:00.000Z",
  });
  let hooks = [hook(1), hook(2), hook(3)];
  server.use(
    http.get("/api/webhooks", () => HttpResponse.json({ items: hooks })),
    http.delete("/api/webhooks/:id", ({ params }) => {
      hooks = hooks.filter((w) => w.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  renderWithClient(<NotificationsAdminPanel />);
  const deleteOf = (n: number) =>
    within(screen.getByText(`https://example.com/hook-${n}`).parentElement!).getByRole("button", {
      name: "Delete",
    });
  await screen.findByText("https://example.com/hook-3");

  deleteOf(2).focus();
  await user.keyboard("{Enter}");
  await waitFor(() => expect(screen.queryByText("https://example.com/hook-2")).not.toBeInTheDocument());
  await waitFor(() => expect(deleteOf(3)).toHaveFocus());

  // The last row: the one before takes the focus.
  await user.keyboard("{Enter}");
  await waitFor(() => expect(screen.queryByText("https://example.com/hook-3")).not.toBeInTheDocument());
  await waitFor(() => expect(deleteOf(1)).toHaveFocus());

  // The only row left: the URL field of Add webhook.
  await user.keyboard("{Enter}");
  await screen.findByText("No webhooks yet.");
  await waitFor(() => expect(screen.getByRole("textbox", { name: "URL" })).toHaveFocus());
});
