/**
 * The admin queue with its real pieces (URL state, filters, saved views, the conversation pane) over
 * the msw API; only the socket stays off.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { SavedView, Ticket } from "@parley/contract";
import { makeTicket } from "../../../../test/fixtures";
import { recordRequests, server } from "../../../../test/msw";
import { adminQueueHandlers } from "../../../../test/handlers";
import { renderRoute } from "../../../../test/render";
import AdminSupportTab from "./AdminSupportTab";

const ME = { id: "admin-me", name: "Me", role: "admin" as const };

function renderQueue(path: string, opts: { tickets: Ticket[]; views?: SavedView[] }) {
  server.use(...adminQueueHandlers(opts));
  const sent = recordRequests();
  const { location: url } = renderRoute(<AdminSupportTab />, path, { as: ME });
  return { sent, url };
}

const lastListQuery = (sent: ReturnType<typeof recordRequests>) =>
  sent.filter((r) => r.method === "GET" && r.path === "/api/tickets").at(-1)!.query;

test("when a saved view is clicked, then every filter of the view replaces the queue's filters, in the URL and the request", async () => {
  const user = userEvent.setup();
  const view: SavedView = {
    id: "v1",
    name: "Urgent resolved billing",
    shared: false,
    ownerId: ME.id,
    filters: { status: ["resolved", "closed"], priority: ["urgent"], assignee: ME.id, tag: "billing" },
    count: 2,
  };
  // The queue starts with other filters: open, low priority, a search and a shop, sorted by priority.
  const { sent, url } = renderQueue("/admin?status=open&priority=low&q=refund&shop=shop-1&sort=priority", {
    tickets: [makeTicket()],
    views: [view],
  });
  const views = await screen.findByRole("navigation", { name: "Saved views" });
  await user.click(within(views).getByRole("button", { name: /^Urgent resolved billing/ }));

  await waitFor(() => expect(url().searchParams.get("tag")).toBe("billing"));
  const params = url().searchParams;
  expect(params.get("status")).toBe("resolved,closed");
  expect(params.get("priority")).toBe("urgent");
  expect(params.get("assignee")).toBe("me");
  // What the view does not set is back at its default.
  expect(params.get("q")).toBeNull();
  expect(params.get("shop")).toBeNull();
  expect(params.get("sort")).toBeNull();
  expect(screen.getByRole("searchbox", { name: "Search tickets" })).toHaveValue("");

  await waitFor(() => expect(lastListQuery(sent).get("tag")).toBe("billing"));
  const query = lastListQuery(sent);
  expect(query.getAll("status").join(",") || query.get("status")).toMatch(/resolved.*closed/);
  expect(query.getAll("priority").join(",")).toBe("urgent");
  expect(query.get("assignee")).toBe("me");
  expect(query.get("shopId")).toBeNull();
  expect(query.get("q")).toBeNull();
});

test("when a saved view keeps the SLA filter, a shop, a source, a context and a sort, then clicking it gives them all back", async () => {
  const user = userEvent.setup();
  const view: SavedView = {
    id: "v3",
    name: "Urgent breached",
    shared: true,
    ownerId: ME.id,
    filters: {
      status: ["open", "in_progress"],
      priority: ["urgent"],
      sla: "breached",
      shopId: "shop-1",
      source: "shop",
      contextId: "order-7",
      sort: "due",
    },
    count: 1,
  };
  const { sent, url } = renderQueue("/admin?status=all", { tickets: [makeTicket()], views: [view] });
  const views = await screen.findByRole("navigation", { name: "Saved views" });
  const chip = within(views).getByRole("button", { name: /^Urgent breached/ });
  expect(chip).toHaveAttribute("aria-pressed", "false");
  await user.click(chip);

  await waitFor(() => expect(url().searchParams.get("sla")).toBe("breached"));
  const params = url().searchParams;
  expect(params.get("status")).toBeNull(); // "active", the default
  expect(params.get("priority")).toBe("urgent");
  expect(params.get("shop")).toBe("shop-1");
  expect(params.get("source")).toBe("shop");
  expect(params.get("context")).toBe("order-7");
  expect(params.get("sort")).toBe("due");
  await waitFor(() => expect(lastListQuery(sent).get("sla")).toBe("breached"));
  const query = lastListQuery(sent);
  expect(query.get("sort")).toBe("due");
  expect(query.get("shopId")).toBe("shop-1");
  expect(query.get("contextId")).toBe("order-7");
  // The queue now shows exactly the view: its chip reads as the one applied.
  await waitFor(() =>
    expect(within(views).getByRole("button", { name: /^Urgent breached/ })).toHaveAttribute(
      "aria-pressed",
      "true",
    ),
  );
});

test("when a saved view sets no status, then the queue shows every status (as the view's count does)", async () => {
  const user = userEvent.setup();
  const view: SavedView = {
    id: "v2",
    name: "Refunds",
    shared: true,
    ownerId: "admin-other",
    filters: { q: "refund" },
    count: 5,
  };
  const { url } = renderQueue("/admin?priority=high&tag=vip", { tickets: [makeTicket()], views: [view] });
  await user.click(await screen.findByRole("button", { name: /Refunds/ }));
  await waitFor(() => expect(url().searchParams.get("status")).toBe("all"));
  expect(url().searchParams.get("priority")).toBeNull();
  expect(url().searchParams.get("tag")).toBeNull();
  expect(url().searchParams.get("q")).toBe("refund");
  expect(screen.getByRole("searchbox", { name: "Search tickets" })).toHaveValue("refund");
});

test("when a ticket is opened, then focus stays in the queue so j/k step on and on; r then goes to the reply box", async () => {
  const user = userEvent.setup();
  const tickets = [1, 2, 3].map((n) => makeTicket({ id: `t${n}`, number: n, subject: `Subject ${n}` }));
  const { url } = renderQueue("/admin", { tickets });
  const queue = await screen.findByRole("list", { name: "Ticket queue" });
  await user.click(await within(queue).findByRole("button", { name: /Subject 1/ }));
  await waitFor(() => expect(url().searchParams.get("ticket")).toBe("t1"));
  const reply = await screen.findByRole("textbox", { name: /reply/i });
  expect(reply).not.toHaveFocus();

  await user.keyboard("j");
  await waitFor(() => expect(url().searchParams.get("ticket")).toBe("t2"));
  await screen.findByRole("textbox", { name: /reply/i });
  await user.keyboard("j");
  await waitFor(() => expect(url().searchParams.get("ticket")).toBe("t3"));
  const third = await screen.findByRole("textbox", { name: /reply/i });
  expect(third).toHaveValue("");
  expect(third).not.toHaveFocus();

  await user.keyboard("r");
  expect(third).toHaveFocus();
});

test("when a ticket is opened on a phone, then focus moves to its heading, since the list that had it is hidden", async () => {
  const user = userEvent.setup();
  const desktopWidth = window.innerWidth;
  window.innerWidth = 375;
  try {
    const tickets = [1, 2].map((n) => makeTicket({ id: `t${n}`, number: n, subject: `Subject ${n}` }));
    const { url } = renderQueue("/admin", { tickets });
    const queue = await screen.findByRole("list", { name: "Ticket queue" });
    await user.click(await within(queue).findByRole("button", { name: /Subject 1/ }));
    await waitFor(() => expect(url().searchParams.get("ticket")).toBe("t1"));
    const heading = await screen.findByRole("heading", { name: "Subject 1" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(heading).toHaveAttribute("tabindex", "-1");
  } finally {
    window.innerWidth = desktopWidth;
  }
});

test("when Back is pressed on a phone, then focus returns to the row of the ticket that was open", async () => {
  const user = userEvent.setup();
  const desktopWidth = window.innerWidth;
  window.innerWidth = 375;
  try {
    const tickets = [1, 2, 3].map((n) => makeTicket({ id: `t${n}`, number: n, subject: `Subject ${n}` }));
    const { url } = renderQueue("/admin", { tickets });
    const queue = await screen.findByRole("list", { name: "Ticket queue" });
    await user.click(await within(queue).findByRole("button", { name: /Subject 2/ }));
    await waitFor(() => expect(screen.getByRole("heading", { name: "Subject 2" })).toHaveFocus());

    await user.click(screen.getByRole("button", { name: "Back to tickets" }));
    await waitFor(() => expect(url().searchParams.get("ticket")).toBeNull());
    await waitFor(() => expect(within(queue).getByRole("button", { name: /Subject 2/ })).toHaveFocus());
  } finally {
    window.innerWidth = desktopWidth;
  }
});

test("when j/k open the next ticket from the queue, then focus moves to its row, so x selects the row in view", async () => {
  const user = userEvent.setup();
  const tickets = [1, 2, 3].map((n) => makeTicket({ id: `t${n}`, number: n, subject: `Subject ${n}` }));
  const { url } = renderQueue("/admin", { tickets });
  const queue = await screen.findByRole("list", { name: "Ticket queue" });
  await user.click(await within(queue).findByRole("button", { name: /Subject 1/ }));
  await waitFor(() => expect(url().searchParams.get("ticket")).toBe("t1"));

  await user.keyboard("j");
  await waitFor(() => expect(url().searchParams.get("ticket")).toBe("t2"));
  const second = within(queue).getByRole("button", { name: /Subject 2/ });
  expect(second).toHaveFocus();
  expect(second).toHaveAttribute("aria-current", "true");

  await user.keyboard("x");
  expect(within(queue).getByRole("checkbox", { name: "Select ticket #2" })).toBeChecked();
  expect(within(queue).getByRole("checkbox", { name: "Select ticket #1" })).not.toBeChecked();

  await user.keyboard("k");
  await waitFor(() => expect(url().searchParams.get("ticket")).toBe("t1"));
  expect(within(queue).getByRole("button", { name: /Subject 1/ })).toHaveFocus();
  expect(await screen.findByRole("textbox", { name: /reply/i })).not.toHaveFocus();
});

test("when j is pressed while typing in the search box, then it types and focus stays there", async () => {
  const user = userEvent.setup();
  const tickets = [1, 2].map((n) => makeTicket({ id: `t${n}`, number: n, subject: `Subject ${n}` }));
  const { url } = renderQueue("/admin?ticket=t1", { tickets });
  await screen.findByRole("list", { name: "Ticket queue" });
  const search = screen.getByRole("searchbox", { name: "Search tickets" });
  await user.click(search);
  await user.keyboard("j");
  expect(search).toHaveFocus();
  expect(search).toHaveValue("j");
  expect(url().searchParams.get("ticket")).toBe("t1");
});
