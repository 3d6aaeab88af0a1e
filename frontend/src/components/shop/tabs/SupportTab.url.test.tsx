import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import App from "../../../App";
import { recordRequests, server } from "../../../../test/msw";
import { messagesHandler } from "../../../../test/handlers";
import { renderRoute } from "../../../../test/render";
import { makeMessage, makeTicket } from "../../../../test/fixtures";

const ticket = makeTicket({ id: "11111111-1111-4111-8111-111111111111", subject: "Refund for order 42" });

const renderAt = (path: string) =>
  renderRoute(<App />, path, { as: { id: "u1", role: "shop", shopId: "shop-acme", name: "Sam" } });

beforeEach(() => {
  server.use(
    http.get("/api/tickets", () => HttpResponse.json({ items: [ticket], nextCursor: null })),
    http.get("/api/tickets/count", () => HttpResponse.json({ count: 1, capped: false })),
    http.get(`/api/tickets/${ticket.id}`, () => HttpResponse.json(ticket)),
    messagesHandler(ticket.id, []),
    http.post(`/api/tickets/${ticket.id}/read`, () => new HttpResponse(null, { status: 204 })),
    http.get(`/api/tickets/${ticket.id}/events`, () => HttpResponse.json({ items: [] })),
    http.get("/api/admins", () => HttpResponse.json({ items: [] })),
    http.get("/api/shops", () => HttpResponse.json({ items: [] })),
  );
});

test("when /shop opens with view, search and sort in the URL, then the list asks for exactly those and the controls show them", async () => {
  const sent = recordRequests();
  renderAt("/shop?view=closed&q=refund&sort=relevance");
  await screen.findByRole("button", { name: /Refund for order 42/ });
  const list = sent.filter((r) => r.path === "/api/tickets").at(-1)!;
  expect(list.query.get("status")).toBe("closed");
  expect(list.query.get("q")).toBe("refund");
  expect(list.query.get("sort")).toBe("relevance");
  expect(screen.getByRole("searchbox", { name: "Search your tickets" })).toHaveValue("refund");
  expect(screen.getByRole("combobox", { name: "Show" })).toHaveValue("closed");
  const sortBox = screen.getByRole("combobox", { name: "Sort by" });
  expect(sortBox).toHaveValue("relevance");
  expect(within(sortBox).getByRole("option", { name: "Relevance" })).toBeInTheDocument();
});

test("when the shop changes filters and opens a ticket, then the URL keeps every choice and the ticket", async () => {
  const user = userEvent.setup();
  const { params } = renderAt("/shop");
  await screen.findByRole("button", { name: /Refund for order 42/ });
  // No search: relevance is not offered.
  const sortBox = screen.getByRole("combobox", { name: "Sort by" });
  expect(within(sortBox).queryByRole("option", { name: "Relevance" })).not.toBeInTheDocument();

  await user.selectOptions(screen.getByRole("combobox", { name: "Show" }), "closed");
  await user.type(screen.getByRole("searchbox", { name: "Search your tickets" }), "refund");
  await waitFor(() => expect(params().get("q")).toBe("refund"));
  await user.selectOptions(screen.getByRole("combobox", { name: "Sort by" }), "relevance");
  await user.click(screen.getByRole("button", { name: /Refund for order 42/ }));
  await waitFor(() => expect(params().get("ticket")).toBe(ticket.id));
  expect(Object.fromEntries(params())).toEqual({
    view: "closed",
    q: "refund",
    sort: "relevance",
    ticket: ticket.id,
  });
});

test("when the search is cleared under a relevance sort, then the list falls back to recently updated", async () => {
  const user = userEvent.setup();
  const sent = recordRequests();
  const { params } = renderAt("/shop?q=refund&sort=relevance");
  await screen.findByRole("button", { name: /Refund for order 42/ });
  await user.clear(screen.getByRole("searchbox", { name: "Search your tickets" }));
  await waitFor(() => expect(params().get("q")).toBeNull());
  await waitFor(() => {
    const last = sent.filter((r) => r.path === "/api/tickets").at(-1)!;
    expect(last.query.get("q")).toBeNull();
    expect(last.query.get("sort")).toBe("updated");
  });
  expect(screen.getByRole("combobox", { name: "Sort by" })).toHaveValue("updated");
});

test("when Back is pressed on a phone, then focus returns to the row of the ticket that was open", async () => {
  const user = userEvent.setup();
  const desktopWidth = window.innerWidth;
  window.innerWidth = 390;
  try {
    const { params } = renderAt("/shop");
    const list = await screen.findByRole("list", { name: "Your tickets" });
    await user.click(within(list).getByRole("button", { name: /Refund for order 42/ }));
    await waitFor(() => expect(screen.getByRole("heading", { name: "Refund for order 42" })).toHaveFocus());

    await user.click(screen.getByRole("button", { name: "Back to tickets" }));
    await waitFor(() => expect(params().get("ticket")).toBeNull());
    await waitFor(() =>
      expect(within(list).getByRole("button", { name: /Refund for order 42/ })).toHaveFocus(),
    );
  } finally {
    window.innerWidth = desktopWidth;
  }
});

test.each(["← Back to tickets", "Cancel"])(
  "when the new-ticket form is opened on a phone, then it takes the focus; when left with %s, focus returns to the New ticket button",
  async (leave) => {
    const user = userEvent.setup();
    const desktopWidth = window.innerWidth;
    window.innerWidth = 390;
    try {
      const { params } = renderAt("/shop");
      const newTicket = await screen.findByRole("button", { name: "New ticket" });
      await user.click(newTicket);
      const form = await screen.findByRole("form", { name: "New ticket" });
      // Opening it: the button is hidden with the list, so the form's heading takes the focus.
      await waitFor(() => expect(within(form).getByRole("heading", { name: "New ticket" })).toHaveFocus());

      // The button goes away with the form: without a hand-over focus would drop to <body>.
      await user.click(
        leave === "Cancel"
          ? within(form).getByRole("button", { name: "Cancel" })
          : screen.getByRole("button", { name: leave }),
      );
      await waitFor(() => expect(params().get("new")).toBeNull());
      await waitFor(() => expect(newTicket).toHaveFocus());
    } finally {
      window.innerWidth = desktopWidth;
    }
  },
);

test("when New ticket is pressed beside the list, then the caret goes to Subject; once the ticket is filed, its heading takes the focus", async () => {
  const user = userEvent.setup();
  const created = makeTicket({ subject: "Payout missing" });
  server.use(
    http.post("/api/tickets", () =>
      HttpResponse.json({ ...created, message: makeMessage({ ticketId: created.id }) }, { status: 201 }),
    ),
    http.get(`/api/tickets/${created.id}`, () => HttpResponse.json(created)),
    messagesHandler(created.id, []),
    http.post(`/api/tickets/${created.id}/read`, () => new HttpResponse(null, { status: 204 })),
    http.get(`/api/tickets/${created.id}/events`, () => HttpResponse.json({ items: [] })),
    http.post("/api/faq/events", () => new HttpResponse(null, { status: 204 })),
    http.get("/api/*", () => HttpResponse.json({ items: [] })),
  );
  const { params } = renderAt("/shop");
  await user.click(await screen.findByRole("button", { name: "New ticket" }));
  const subject = await screen.findByRole("textbox", { name: "Subject" });
  await waitFor(() => expect(subject).toHaveFocus());

  await user.paste("Payout missing");
  await user.click(screen.getByRole("textbox", { name: "Message" }));
  await user.paste("October payout never arrived.");
  await user.click(screen.getByRole("button", { name: "Create ticket" }));
  await waitFor(() => expect(params().get("ticket")).toBe(created.id));
  // The form and its button are gone: without a hand-over focus would drop to <body>.
  await waitFor(() => expect(screen.getByRole("heading", { name: "Payout missing" })).toHaveFocus());
});

// Layout: jsdom measures nothing, so this keeps the labels short enough for the narrow sort box
// (Chromium clipped "Recently upda…" at 390 px).
test("the sort options have labels short enough to show whole", async () => {
  renderAt("/shop?q=refund");
  await screen.findByRole("button", { name: /Refund for order 42/ });
  const labels = within(screen.getByRole("combobox", { name: "Sort by" }))
    .getAllByRole("option")
    .map((o) => o.textContent ?? "");
  expect(labels).toContain("Last updated");
  for (const label of labels) expect(label.length).toBeLessThanOrEqual(12);
});

test("when a ticket link names a ticket that is not there, then it says so without a pointless Try again", async () => {
  const missing = "22222222-2222-4222-8222-222222222222";
  server.use(
    http.get(`/api/tickets/${missing}`, () =>
      HttpResponse.json(
        { error: { code: "NOT_FOUND", message: "Ticket not found.", requestId: "r1" } },
        { status: 404 },
      ),
    ),
    messagesHandler(missing, []),
  );
  renderAt(`/shop?ticket=${missing}`);
  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("Ticket not found.");
  expect(within(alert).queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
});

test("when a link to a ticket that is not there is opened on a phone, then Back to tickets has the focus and leads to the list", async () => {
  const user = userEvent.setup();
  const missing = "44444444-4444-4444-8444-444444444444";
  server.use(
    http.get(`/api/tickets/${missing}`, () =>
      HttpResponse.json(
        { error: { code: "NOT_FOUND", message: "Ticket not found.", requestId: "r3" } },
        { status: 404 },
      ),
    ),
    messagesHandler(missing, []),
  );
  const desktopWidth = window.innerWidth;
  window.innerWidth = 390;
  try {
    const { params } = renderAt(`/shop?ticket=${missing}`);
    await screen.findByRole("alert");
    // The list is hidden behind the ticket's pane on a phone, and the header with its Back is not drawn.
    const back = screen.getByRole("button", { name: "Back to tickets" });
    await waitFor(() => expect(back).toHaveFocus());

    await user.click(back);
    await waitFor(() => expect(params().get("ticket")).toBeNull());
    await screen.findByRole("button", { name: /Refund for order 42/ });
  } finally {
    window.innerWidth = desktopWidth;
  }
});

test("when a ticket cannot be loaded for now, then Try again is offered", async () => {
  const broken = "33333333-3333-4333-8333-333333333333";
  server.use(
    http.get(`/api/tickets/${broken}`, () =>
      HttpResponse.json(
        { error: { code: "SERVICE_UNAVAILABLE", message: "Please retry shortly.", requestId: "r2" } },
        { status: 503 },
      ),
    ),
    messagesHandler(broken, []),
  );
  renderAt(`/shop?ticket=${broken}`);
  const alert = await screen.findByRole("alert", {}, { timeout: 5000 });
  expect(within(alert).getByRole("button", { name: "Try again" })).toBeInTheDocument();
});
