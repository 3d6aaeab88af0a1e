import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Ticket } from "@parley/contract";
import App from "../../../App";
import { server } from "../../../../test/msw";
import { messagesHandler } from "../../../../test/handlers";
import { renderRoute } from "../../../../test/render";
import { makeTicket } from "../../../../test/fixtures";

let ticket: Ticket;

beforeEach(() => {
  ticket = makeTicket({ id: "33333333-3333-4333-8333-333333333333", number: 7, subject: "Parcel lost" });
  server.use(
    http.get("/api/tickets", () => HttpResponse.json({ items: [ticket], nextCursor: null })),
    http.get(`/api/tickets/${ticket.id}`, () => HttpResponse.json(ticket)),
    http.patch(`/api/tickets/${ticket.id}`, async ({ request }) => {
      const { status } = (await request.json()) as { status: Ticket["status"] };
      ticket = { ...ticket, status, updatedAt: new Date().toISOString() };
      return HttpResponse.json(ticket);
    }),
    messagesHandler(ticket.id, []),
    http.post(`/api/tickets/${ticket.id}/read`, () => new HttpResponse(null, { status: 204 })),
    http.get(`/api/tickets/${ticket.id}/events`, () => HttpResponse.json({ items: [] })),
    http.get("/api/*", () => HttpResponse.json({ items: [] })),
  );
});

test("when a shop closes and reopens its ticket from the keyboard, then the focus follows to the button that replaces the one pressed", async () => {
  const user = userEvent.setup();
  renderRoute(<App />, `/shop?ticket=${ticket.id}`, {
    as: { id: "u1", role: "shop", shopId: "shop-acme", name: "Sam" },
  });
  const close = await screen.findByRole("button", { name: "Close ticket" });
  close.focus();
  await user.keyboard("{Enter}");
  const reopen = await screen.findByRole("button", { name: "Reopen ticket" });
  // Not left on <body> with the Close button gone.
  await waitFor(() => expect(reopen).toHaveFocus());
  await user.keyboard("{Enter}");
  await waitFor(() => expect(screen.getByRole("button", { name: "Close ticket" })).toHaveFocus());
});
