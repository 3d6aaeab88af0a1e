/**
 * Keyboard and screen-reader feedback in the admin queue: where the focus goes when a shortcut takes its
 * row or pane away, and what the polite live regions say (shortcut results, search results).
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Ticket, UpdateTicketBody } from "@parley/contract";
import { makeTicket } from "../../../../test/fixtures";
import { server } from "../../../../test/msw";
import { adminQueueHandlers } from "../../../../test/handlers";
import { renderRoute } from "../../../../test/render";
import AdminSupportTab from "./AdminSupportTab";

const ME = { id: "admin-me", name: "Me", role: "admin" as const };

/**
 * The queue lists `listed` (all of `tickets` by default), a search for anything finds nothing, every one
 * of `tickets` opens, and PATCH applies the change.
 */
function renderQueue(path: string, tickets: Ticket[], listed = tickets) {
  server.use(...adminQueueHandlers({ tickets }));
  server.use(
    http.get("/api/tickets", ({ request }) =>
      HttpResponse.json({
        items: new URL(request.url).searchParams.get("q") ? [] : listed,
        nextCursor: null,
      }),
    ),
    http.patch("/api/tickets/:id", async ({ request, params }) => {
      const patch = (await request.json()) as UpdateTicketBody;
      const ticket = tickets.find((t) => t.id === params.id)!;
      return HttpResponse.json({ ...ticket, ...patch, updatedAt: new Date(Date.now() + 1000).toISOString() });
    }),
  );
  return renderRoute(<AdminSupportTab />, path, { as: ME });
}

const three = () => [1, 2, 3].map((n) => makeTicket({ id: `t${n}`, number: n, subject: `Subject ${n}` }));

/** Everything the page's polite live regions say now (labelled statuses are loading skeletons). */
const announced = () =>
  screen
    .getAllByRole("status")
    .filter((s) => !s.hasAttribute("aria-label"))
    .map((s) => s.textContent?.trim());

test("when e resolves the ticket whose row has the focus, then it is announced, and the next row takes the focus as the row leaves the Active queue", async () => {
  const user = userEvent.setup();
  const { params } = renderQueue("/admin", three());
  const queue = await screen.findByRole("list", { name: "Ticket queue" });
  await user.click(within(queue).getByRole("button", { name: /Subject 2/ }));
  await waitFor(() => expect(params().get("ticket")).toBe("t2"));
  await screen.findByRole("heading", { name: "Subject 2" });

  await user.keyboard("e");
  await waitFor(() => expect(announced()).toContain("Ticket #2 resolved"));
  await waitFor(() =>
    expect(within(queue).queryByRole("button", { name: /Subject 2/ })).not.toBeInTheDocument(),
  );
  expect(within(queue).getByRole("button", { name: /Subject 3/ })).toHaveFocus();
});

test("when a is pressed, then the assignment is announced; pressed again, it says the ticket is already yours", async () => {
  const user = userEvent.setup();
  renderQueue("/admin?ticket=t1", three());
  await screen.findByRole("heading", { name: "Subject 1" });
  await user.keyboard("a");
  await waitFor(() => expect(announced()).toContain("Ticket #1 assigned to you"));
  await waitFor(() => expect(screen.getByRole("combobox", { name: "Assignee" })).toHaveValue(ME.id));
  await user.keyboard("a");
  expect(announced()).toContain("Ticket #1 is already assigned to you");
});

test("when x selects a row, then that is announced; when the open ticket is not in the list, x says why it selects nothing", async () => {
  const user = userEvent.setup();
  const [t1, t2] = three();
  const elsewhere = makeTicket({ id: "t9", number: 9, subject: "Not in this queue", status: "closed" });
  renderQueue("/admin?ticket=t9", [t1!, t2!, elsewhere], [t1!, t2!]);
  await screen.findByRole("heading", { name: "Not in this queue" });

  await user.keyboard("x");
  expect(announced()).toContain("This ticket is not in the list, so it cannot be selected.");

  const queue = screen.getByRole("list", { name: "Ticket queue" });
  within(queue)
    .getByRole("button", { name: /Subject 2/ })
    .focus();
  await user.keyboard("x");
  expect(within(queue).getByRole("checkbox", { name: "Select ticket #2" })).toBeChecked();
  expect(announced()).toContain("Ticket #2 selected");
  await user.keyboard("x");
  expect(announced()).toContain("Ticket #2 deselected");
});

test("when j is pressed with the focus inside the ticket pane, then the next ticket's row takes the focus, not <body>", async () => {
  const user = userEvent.setup();
  const { params } = renderQueue("/admin?ticket=t1", three());
  await screen.findByRole("heading", { name: "Subject 1" });
  screen.getByRole("button", { name: "Assign to me" }).focus();

  await user.keyboard("j");
  await waitFor(() => expect(params().get("ticket")).toBe("t2"));
  const queue = screen.getByRole("list", { name: "Ticket queue" });
  await waitFor(() => expect(within(queue).getByRole("button", { name: /Subject 2/ })).toHaveFocus());
});

test("when a search finds nothing, then that is announced; back to no search (a cached list), the count is", async () => {
  const user = userEvent.setup();
  renderQueue("/admin", three());
  await screen.findByRole("list", { name: "Ticket queue" });
  await waitFor(() => expect(announced()).toContain("3 tickets"));

  const search = screen.getByRole("searchbox", { name: "Search tickets" });
  await user.type(search, "zzzznomatch");
  await waitFor(() => expect(announced()).toContain("No tickets match these filters."));
  expect(screen.getByText("No tickets match these filters")).toBeInTheDocument();

  await user.clear(search);
  await waitFor(() => expect(announced()).toContain("3 tickets"));
});
