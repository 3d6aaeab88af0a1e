import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import type { Ticket } from "@parley/contract";
import { useQueueUrlState } from "../../tickets/hooks/useQueueUrlState";
import { recordRequests, server } from "../../../../test/msw";
import { testQueryClient } from "../../../../test/render";
import { makeTicket } from "../../../../test/fixtures";
import VisitorPanel from "./VisitorPanel";
import TicketContextPanel from "./TicketContextPanel";
import ContextFilterField from "./ContextFilterField";

/** Issue 18 in the admin queue: who a visitor is, the order filter, and the link to that filtered view. */

function Where() {
  const location = useLocation();
  return <output aria-label="url">{location.pathname + location.search}</output>;
}

/** The queue's order filter wired to the URL state the way AdminSupportTab wires it. */
function QueueFilter() {
  const url = useQueueUrlState({ status: "active", context: "" });
  return <ContextFilterField value={url.values.context} onChange={(v) => url.set({ context: v })} />;
}

function renderAt(path: string, ui: React.ReactNode) {
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        {ui}
        <Where />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const url = () => new URL(screen.getByRole("status", { name: "url" }).textContent, "http://x");

test("when an admin opens a visitor's conversation, then the sidebar shows the visitor's name, email and page", () => {
  const ticket = makeTicket({
    shopId: null,
    source: "visitor",
    visitor: { name: "Ada", email: "ada@example.com", pageUrl: "https://market.example/pricing" },
  });
  renderAt("/admin", <VisitorPanel ticket={ticket} />);
  const panel = screen.getByRole("region", { name: "Visitor" });
  expect(within(panel).getByText("Ada")).toBeInTheDocument();
  expect(within(panel).getByRole("link", { name: "ada@example.com" })).toHaveAttribute(
    "href",
    "mailto:ada@example.com",
  );
  expect(within(panel).getByRole("link", { name: "https://market.example/pricing" })).toHaveAttribute(
    "href",
    "https://market.example/pricing",
  );
});

test("when the visitor gave nothing or the page is not http(s), then the sidebar says so and links nowhere", () => {
  const ticket = makeTicket({
    shopId: null,
    source: "visitor",
    visitor: { name: null, email: null, pageUrl: "javascript:alert(1)" },
  });
  renderAt("/admin", <VisitorPanel ticket={ticket} />);
  const panel = screen.getByRole("region", { name: "Visitor" });
  expect(within(panel).getAllByText("Not given")).toHaveLength(2);
  expect(within(panel).getByText("Unknown")).toBeInTheDocument();
  expect(within(panel).queryByRole("link")).not.toBeInTheDocument();
});

test("when the ticket is a shop's, then there is no visitor block", () => {
  renderAt("/admin", <VisitorPanel ticket={makeTicket({ shopId: "shop-1", source: "shop" })} />);
  expect(screen.queryByRole("region", { name: "Visitor" })).not.toBeInTheDocument();
});

test("when the admin types an order id in the filter, then it goes into the URL with the other filters, and Clear takes it out", async () => {
  renderAt("/admin?status=all&ticket=t-9", <QueueFilter />);
  const field = screen.getByRole("searchbox", { name: /Order or context id/ });
  await userEvent.type(field, "A-1001");
  // Not on every keystroke: only on Enter (or leaving the field).
  expect(url().searchParams.get("context")).toBeNull();
  await userEvent.keyboard("{Enter}");
  expect(url().searchParams.get("context")).toBe("A-1001");
  expect(url().searchParams.get("status")).toBe("all");
  expect(url().searchParams.get("ticket")).toBe("t-9");

  await userEvent.click(screen.getByRole("button", { name: /Clear/ }));
  expect(url().searchParams.get("context")).toBeNull();
  expect(field).toHaveValue("");
});

test("when the URL names an order, then the filter shows it", () => {
  renderAt("/admin?context=B-7", <QueueFilter />);
  expect(screen.getByRole("searchbox", { name: /Order or context id/ })).toHaveValue("B-7");
});

test("when the sidebar's context link is followed, then the queue URL is filtered to that order and shop, any status, the ticket still open", async () => {
  const ticket: Ticket = makeTicket({
    id: "t-1",
    shopId: "shop-1",
    context: { type: "order", id: "A-1001", title: "Order A-1001", url: "https://market.example/o/A-1001" },
  });
  const other = makeTicket({
    id: "t-2",
    number: 2,
    subject: "Refund too",
    shopId: "shop-1",
    context: ticket.context,
  });
  server.use(http.get("/api/tickets", () => HttpResponse.json({ items: [ticket, other], nextCursor: null })));
  const sent = recordRequests();
  renderAt(
    "/admin?priority=high",
    <>
      <TicketContextPanel ticket={ticket} />
      <QueueFilter />
    </>,
  );
  expect(await screen.findByRole("link", { name: /#2 Refund too/ })).toHaveAttribute(
    "href",
    "/admin?ticket=t-2",
  );
  const related = sent.find((r) => r.path === "/api/tickets")!;
  expect(related.query.get("contextId")).toBe("A-1001");
  expect(related.query.get("shopId")).toBe("shop-1");

  await userEvent.click(screen.getByRole("link", { name: /All tickets about this order/ }));
  const now = url();
  expect(now.pathname).toBe("/admin");
  expect(Object.fromEntries(now.searchParams)).toEqual({
    context: "A-1001",
    status: "all",
    shop: "shop-1",
    ticket: "t-1",
  });
  expect(screen.getByRole("searchbox", { name: /Order or context id/ })).toHaveValue("A-1001");
});
