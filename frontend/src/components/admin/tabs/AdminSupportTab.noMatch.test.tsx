/**
 * A queue that matched nothing offers the way out: "Clear search" and "Clear all filters", only for what is
 * set, each resetting just that and leaving the focus where a keyboard reader goes next.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { makeTicket } from "../../../../test/fixtures";
import { server } from "../../../../test/msw";
import { adminQueueHandlers } from "../../../../test/handlers";
import { renderRoute } from "../../../../test/render";
import AdminSupportTab from "./AdminSupportTab";

const ME = { id: "admin-me", name: "Me", role: "admin" as const };

test("when a search and a filter match nothing, then Clear search and Clear all filters each reset only theirs and hand the focus on", async () => {
  const user = userEvent.setup();
  const ticket = makeTicket({ subject: "Where is my payout" });
  server.use(...adminQueueHandlers({ tickets: [ticket] }));
  // Any search, or the Closed status, finds nothing.
  server.use(
    http.get("/api/tickets", ({ request }) => {
      const query = new URL(request.url).searchParams;
      const none = !!query.get("q") || query.get("status") === "closed";
      return HttpResponse.json({ items: none ? [] : [ticket], nextCursor: null });
    }),
  );
  const { params } = renderRoute(<AdminSupportTab />, "/admin?q=refund&status=closed&sort=created", {
    as: ME,
  });
  const empty = async () =>
    (await screen.findByText("No tickets match these filters")).parentElement as HTMLElement;

  await user.click(within(await empty()).getByRole("button", { name: "Clear search" }));
  await waitFor(() => expect(params().get("q")).toBeNull());
  const search = screen.getByRole("searchbox", { name: "Search tickets" });
  expect(search).toHaveValue("");
  expect(search).toHaveFocus();
  expect(params().get("status")).toBe("closed");

  // The status still narrows the list to nothing: now only that is offered.
  await waitFor(async () =>
    expect(within(await empty()).queryByRole("button", { name: "Clear search" })).not.toBeInTheDocument(),
  );
  await user.click(within(await empty()).getByRole("button", { name: "Clear all filters" }));
  await waitFor(() => expect(params().get("status")).toBeNull());
  expect(params().get("sort")).toBe("created"); // an order, not a filter
  const queue = await screen.findByRole("list", { name: "Ticket queue" });
  expect(within(queue).getByRole("button", { name: /Where is my payout/ })).toBeInTheDocument();
  // The list's frame has the focus (not <body>): the next Tab reaches the rows.
  expect(queue.closest("[tabindex='-1']")).toHaveFocus();
});

test("when the filter panel is open on a queue that matched nothing, then its Clear filters and the empty state's Clear all filters are told apart", async () => {
  const user = userEvent.setup();
  server.use(...adminQueueHandlers({ tickets: [] }));
  server.use(http.get("/api/tickets", () => HttpResponse.json({ items: [], nextCursor: null })));
  const { params } = renderRoute(<AdminSupportTab />, "/admin?status=closed&priority=urgent", { as: ME });
  await screen.findByText("No tickets match these filters");
  expect(screen.getByRole("button", { name: /^Filters/ })).toHaveAttribute("aria-expanded", "true");

  const names = screen.getAllByRole("button", { name: /clear/i }).map((b) => b.textContent?.trim() ?? "");
  expect(names.sort()).toEqual(["Clear all filters", "Clear filters"]);

  // The panel's clears its own filters only; the status stays.
  await user.click(screen.getByRole("button", { name: "Clear filters" }));
  await waitFor(() => expect(params().get("priority")).toBeNull());
  expect(params().get("status")).toBe("closed");
});
