import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import App from "../../../App";
import { server } from "../../../../test/msw";
import { messagesHandler } from "../../../../test/handlers";
import { renderRoute } from "../../../../test/render";
import { makeTicket } from "../../../../test/fixtures";

const target = makeTicket({ id: "22222222-2222-4222-8222-222222222222", number: 42, subject: "Main thread" });
const source = makeTicket({
  id: "11111111-1111-4111-8111-111111111111",
  number: 41,
  subject: "Duplicate question",
  status: "closed",
  mergedIntoId: target.id,
});

beforeEach(() => {
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
  const { params } = renderRoute(<App />, `/shop?ticket=${source.id}`, {
    as: { id: "u1", role: "shop", shopId: "shop-acme", name: "Sam" },
  });
  const notice = await screen.findByTestId("merged-notice");
  await waitFor(() => expect(notice).toHaveTextContent("Merged into #42"));
  expect(screen.queryByText("No messages yet")).not.toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Reopen ticket" })).not.toBeInTheDocument();
  expect(screen.queryByText(/Reopen it/)).not.toBeInTheDocument();

  await user.click(within(notice).getByRole("link", { name: "#42" }));
  await waitFor(() => expect(params().get("ticket")).toBe(target.id));
  expect(await screen.findByRole("heading", { name: /Main thread/ })).toBeInTheDocument();
});
