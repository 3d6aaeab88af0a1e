import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import SessionProvider from "../../../features/auth/components/SessionProvider";
import { setToken } from "../../../services/api/client";
import App from "../../../App";
import { server } from "../../../../test/msw";
import { messagesHandler } from "../../../../test/handlers";
import { testQueryClient } from "../../../../test/render";
import { makeTicket } from "../../../../test/fixtures";

const target = makeTicket({ id: "22222222-2222-4222-8222-222222222222", number: 42, subject: "Main thread" });
const source = makeTicket({
  id: "11111111-1111-4111-8111-111111111111",
  number: 41,
  subject: "Duplicate question",
  status: "closed",
  mergedIntoId: target.id,
});

let location = "";
function LocationProbe() {
  const l = useLocation();
  location = l.pathname + l.search;
  return null;
}

beforeEach(() => {
  setToken("t0k3n");
  localStorage.setItem(
    "parley.user",
    JSON.stringify({ id: "u1", role: "shop", shopId: "shop-acme", name: "Sam" }),
  );
  server.use(
    http.get("/api/tickets", () => HttpResponse.json({ items: [source], nextCursor: null })),
    ...[source, target].flatMap((t) => [
      http.get(`/api/tickets/${t.id}`, () => HttpResponse.json(t)),
      messagesHandler(t.id, []),
      http.post(`/api/tickets/${t.id}/read`, () => new HttpResponse(null, { status: 204 })),
      http.get(`/api/tickets/${t.id}/events`, () => HttpResponse.json({ items: [] })),
    ]),
    http.get("/api/*", () => HttpResponse.json({ items: [] })),
  );
});

test("when a shop opens a ticket merged into another, then no Reopen is offered and the thread links to the target by number", async () => {
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[`/shop?ticket=${source.id}`]}>
        <SessionProvider realtime={false}>
          <App />
          <LocationProbe />
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  const notice = await screen.findByTestId("merged-notice");
  await waitFor(() => expect(notice).toHaveTextContent("Merged into #42"));
  expect(screen.queryByText("No messages yet")).not.toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Reopen ticket" })).not.toBeInTheDocument();
  expect(screen.queryByText(/Reopen it/)).not.toBeInTheDocument();

  await user.click(within(notice).getByRole("link", { name: "#42" }));
  await waitFor(() => expect(new URL(location, "http://x").searchParams.get("ticket")).toBe(target.id));
  expect(await screen.findByRole("heading", { name: /Main thread/ })).toBeInTheDocument();
});
