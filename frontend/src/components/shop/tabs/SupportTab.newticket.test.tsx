import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { useNavigate } from "react-router";
import App from "../../../App";
import { recordRequests, server } from "../../../../test/msw";
import { messagesHandler } from "../../../../test/handlers";
import { renderRoute } from "../../../../test/render";
import { makeMessage, makeTicket } from "../../../../test/fixtures";

const created = makeTicket({ id: "44444444-4444-4444-8444-444444444444", subject: "Payout missing" });

/** The browser's Back button (or a phone's back gesture). */
function BrowserBack() {
  const navigate = useNavigate();
  return (
    <button type="button" onClick={() => void navigate(-1)}>
      Browser back
    </button>
  );
}

const renderAt = (path: string) =>
  renderRoute(
    <>
      <App />
      <BrowserBack />
    </>,
    path,
    { as: { id: "u1", role: "shop", shopId: "shop-acme", name: "Sam" } },
  );

beforeEach(() => {
  server.use(
    http.get("/api/tickets", () => HttpResponse.json({ items: [], nextCursor: null })),
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
});

test("when a ticket is filed and the shop presses Back, then the list shows, not an empty New ticket form; the ticket went with its draft's idempotency key", async () => {
  const user = userEvent.setup();
  const sent = recordRequests();
  const { location } = renderAt("/shop");
  await user.click(await screen.findByRole("button", { name: "New ticket" }));
  await user.type(await screen.findByRole("textbox", { name: "Subject" }), "Payout missing");
  await user.click(screen.getByRole("textbox", { name: "Message" }));
  await user.paste("October payout never arrived.");
  await user.click(screen.getByRole("button", { name: "Create ticket" }));
  await waitFor(() => expect(location().searchParams.get("ticket")).toBe(created.id));

  const post = sent.find((r) => r.method === "POST" && r.path === "/api/tickets");
  await waitFor(() =>
    expect((post?.body as { clientMessageId?: string } | undefined)?.clientMessageId).toMatch(
      /^[\da-f-]{36}$/,
    ),
  );

  await user.click(screen.getByRole("button", { name: "Browser back" }));
  await waitFor(() => expect(location().search).toBe(""));
  expect(location().pathname).toBe("/shop");
  expect(screen.queryByRole("form", { name: "New ticket" })).not.toBeInTheDocument();
});

test.each([
  ["Order%20A-1001", "About Order A-1001"],
  ["order%20A-1001", "About order A-1001"],
  ["Blue%20mug", "About order Blue mug"],
  ["Orderly%20desk", "About order Orderly desk"],
])("when the host names the order %s, then the form says %s, the type never twice", async (title, label) => {
  renderAt(`/shop?new=1&contextType=order&contextId=A-1001&contextTitle=${title}`);
  expect(await screen.findByTestId("ticket-context")).toHaveTextContent(new RegExp(`^${label}$`));
});
