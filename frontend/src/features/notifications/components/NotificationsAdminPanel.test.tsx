/**
 * The admin's Notifications page: a refused webhook is said; the focus stays where it was, or moves on from a
 * deleted one; "Show older deliveries" pages back through the log and a webhook's deliveries.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import NotificationsAdminPanel from "./NotificationsAdminPanel";

beforeEach(() => {
  server.use(
    http.get("/api/notifications/channels", () => HttpResponse.json({ items: [] })),
    http.get("/api/notifications/deliveries", () => HttpResponse.json({ items: [], nextCursor: null })),
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

/** A delivery as the API lists it; `n` names it in the event type shown. */
const delivery = (n: number, channel = "telegram") => ({
  id: `d${n}`,
  channel,
  target: channel === "webhook" ? "w1" : "default",
  eventType: `event-${n}`,
  ticketId: null,
  status: "sent",
  attempts: 1,
  lastError: null,
  createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, 60 - n)).toISOString(),
  sentAt: null,
  log: [],
});

/** Answers that wait until `release()` (a page that takes a while). */
function gate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { opened, release };
}

test("when Show older deliveries is pressed from the keyboard, then it says it loads, keeps the focus, adds the older page, and after the last page the first new row takes the focus", async () => {
  const user = userEvent.setup();
  const cursors: Array<string | null> = [];
  const slow = gate();
  server.use(
    http.get("/api/notifications/deliveries", async ({ request }) => {
      const cursor = new URL(request.url).searchParams.get("cursor");
      cursors.push(cursor);
      if (cursor === null) return HttpResponse.json({ items: [delivery(1), delivery(2)], nextCursor: "c1" });
      if (cursor === "c1") {
        await slow.opened;
        return HttpResponse.json({ items: [delivery(3), delivery(4)], nextCursor: "c2" });
      }
      return HttpResponse.json({ items: [delivery(5)], nextCursor: null });
    }),
  );
  renderWithClient(<NotificationsAdminPanel />);
  const log = await screen.findByRole("list", { name: "Delivery log" });
  await within(log).findByText("event-2");
  const older = screen.getByRole("button", { name: "Show older deliveries" });
  older.focus();
  await user.keyboard("{Enter}");

  // While the page loads: the same button, never disabled (the focus would drop to <body>), says so.
  expect(await screen.findByRole("button", { name: "Loading older deliveries…" })).toHaveFocus();
  expect(older).toHaveAttribute("aria-disabled", "true");
  expect(older).not.toBeDisabled();
  // A second press while it loads asks for nothing more.
  await user.keyboard("{Enter}");
  slow.release();
  await within(log).findByText("event-4");
  expect(
    within(log)
      .getAllByText(/^event-/)
      .map((e) => e.textContent),
  ).toEqual(["event-1", "event-2", "event-3", "event-4"]);
  expect(screen.getByRole("button", { name: "Show older deliveries" })).toHaveFocus();

  // The last page: the button goes, and its focus goes to the first delivery it brought.
  await user.keyboard("{Enter}");
  await within(log).findByText("event-5");
  expect(screen.queryByRole("button", { name: /older deliveries/ })).not.toBeInTheDocument();
  await waitFor(() => expect(within(log).getByText("event-5").closest("li")).toHaveFocus());
  expect(cursors).toEqual(expect.arrayContaining([null, "c1", "c2"]));
});

test("when a webhook's deliveries are opened, then Show older deliveries reads that webhook's next page with its cursor", async () => {
  const user = userEvent.setup();
  const asked: string[] = [];
  server.use(
    http.get("/api/webhooks", () => HttpResponse.json({ items: [hook(1)] })),
    http.get("/api/webhooks/:id/deliveries", ({ params, request }) => {
      const cursor = new URL(request.url).searchParams.get("cursor");
      asked.push(`${params.id as string}:${cursor}`);
      return cursor === "w-c1"
        ? HttpResponse.json({ items: [delivery(8, "webhook")], nextCursor: null })
        : HttpResponse.json({ items: [delivery(7, "webhook")], nextCursor: "w-c1" });
    }),
  );
  renderWithClient(<NotificationsAdminPanel />);
  await user.click(await screen.findByRole("button", { name: "Deliveries" }));
  const list = await screen.findByRole("list", { name: "Webhook deliveries" });
  await within(list).findByText("event-7");
  await user.click(screen.getByRole("button", { name: "Show older deliveries" }));
  await within(list).findByText("event-8");
  expect(screen.queryByRole("button", { name: /older deliveries/ })).not.toBeInTheDocument();
  expect(asked).toEqual(expect.arrayContaining(["w1:null", "w1:w-c1"]));
});

test("when the older page cannot be loaded, then it is said, the shown deliveries stay and the button stays to try again", async () => {
  const user = userEvent.setup();
  let failing = true;
  server.use(
    http.get("/api/notifications/deliveries", ({ request }) => {
      if (!new URL(request.url).searchParams.get("cursor"))
        return HttpResponse.json({ items: [delivery(1)], nextCursor: "c1" });
      if (failing)
        return HttpResponse.json(
          { error: { code: "INTERNAL", message: "Something broke.", requestId: "r3" } },
          { status: 500 },
        );
      return HttpResponse.json({ items: [delivery(2)], nextCursor: null });
    }),
  );
  renderWithClient(<NotificationsAdminPanel />);
  const log = await screen.findByRole("list", { name: "Delivery log" });
  await within(log).findByText("event-1");
  await user.click(screen.getByRole("button", { name: "Show older deliveries" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Could not load older deliveries");
  expect(within(log).getByText("event-1")).toBeVisible();
  failing = false;
  await user.click(screen.getByRole("button", { name: "Show older deliveries" }));
  await within(log).findByText("event-2");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});
