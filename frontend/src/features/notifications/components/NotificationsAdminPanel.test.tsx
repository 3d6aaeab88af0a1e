/** The admin's Notifications page: a refused webhook is said and the focus stays where it was. */
import { screen } from "@testing-library/react";
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
