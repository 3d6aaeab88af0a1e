import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import SessionProvider from "../features/auth/components/SessionProvider";
import { getToken, setToken } from "../services/api/client";
import App from "../App";
import { recordRequests, server } from "../../test/msw";
import { testQueryClient } from "../../test/render";
import { makeMessage, makeTicket } from "../../test/fixtures";

const HOST = "https://market.example";
const TOKEN = "host.signed.token";
const me = { id: "seller-1", role: "shop", shopId: "shop-7", name: "Mia" };

function renderAt(path: string) {
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider realtime={false} embedded>
          <App />
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

/** A message from the host page (in jsdom the frame is its own parent). */
function fromHost(data: unknown, origin = HOST) {
  act(() => {
    window.dispatchEvent(new MessageEvent("message", { data, origin, source: window }));
  });
}

beforeEach(() => {
  setToken(null);
  delete document.documentElement.dataset.embedTheme;
  server.use(
    http.get("/api/embed/config", () => HttpResponse.json({ allowedOrigins: [HOST] })),
    http.get("/api/me", ({ request }) =>
      request.headers.get("authorization") === `Bearer ${TOKEN}`
        ? HttpResponse.json(me)
        : HttpResponse.json({ error: { code: "UNAUTHENTICATED", message: "no" } }, { status: 401 }),
    ),
    http.get("/api/tickets", () => HttpResponse.json({ items: [], nextCursor: null })),
    http.get("/api/faq/suggest", () => HttpResponse.json({ items: [] })),
    http.get("/api/faq", () => HttpResponse.json({ items: [] })),
    http.post("/api/faq/events", () => new HttpResponse(null, { status: 204 })),
  );
});

test("when the allowed host hands its token over, then the shop's support desk opens, token in memory only", async () => {
  renderAt("/embed/support");
  expect(await screen.findByText("Connecting to support…")).toBeInTheDocument();
  await waitFor(() => expect(getToken()).toBeNull());
  // Give the config time to arrive before the host speaks (the bridge listens once it knows the origins).
  await waitFor(() => fromHostUntilSignedIn());
  expect(await screen.findByRole("button", { name: /^New ticket$/ })).toBeInTheDocument();
  expect(getToken()).toBe(TOKEN);
  expect(JSON.stringify({ ...localStorage })).not.toContain(TOKEN);
  expect(JSON.stringify({ ...sessionStorage })).not.toContain(TOKEN);
});

function fromHostUntilSignedIn() {
  fromHost({ type: "parley:token", token: TOKEN });
  expect(getToken()).toBe(TOKEN);
}

test("when another origin posts a token, then it is ignored", async () => {
  const sent = recordRequests();
  renderAt("/embed/support");
  // The bridge is listening once the allowed host's theme message takes effect.
  await waitFor(() => {
    fromHost({ type: "parley:theme", theme: "dark" });
    expect(document.documentElement.dataset.embedTheme).toBe("dark");
  });
  fromHost({ type: "parley:token", token: TOKEN }, "https://evil.example");
  fromHost({ type: "parley:token", token: TOKEN }, "https://market.example.evil.com");
  fromHost({ type: "parley:theme", theme: "light" }, "https://evil.example");
  await new Promise((r) => setTimeout(r, 100));
  expect(getToken()).toBeNull();
  expect(sent.some((r) => r.path === "/api/me")).toBe(false);
  expect(document.documentElement.dataset.embedTheme).toBe("dark");
  expect(screen.getByText("Connecting to support…")).toBeInTheDocument();
});

test("when the host says dark, then the frame follows; a malformed theme is ignored", async () => {
  renderAt("/embed/help");
  await waitFor(() => {
    fromHost({ type: "parley:theme", theme: "dark" });
    expect(document.documentElement.dataset.embedTheme).toBe("dark");
  });
  fromHost({ type: "parley:theme", theme: "purple" });
  expect(document.documentElement.dataset.embedTheme).toBe("dark");
  fromHost({ type: "parley:theme", theme: "light" });
  expect(document.documentElement.dataset.embedTheme).toBe("light");
});

test("when the host deep-links a new ticket about an order, then the ticket is filed with that context", async () => {
  const sent = recordRequests();
  const created = makeTicket({
    subject: "Broken item",
    context: { type: "order", id: "A-1", title: "Order A-1", url: null },
  });
  server.use(
    http.post("/api/tickets", () =>
      HttpResponse.json({ ...created, message: makeMessage({ ticketId: created.id }) }, { status: 201 }),
    ),
    http.get(`/api/tickets/${created.id}`, () => HttpResponse.json(created)),
    http.get(`/api/tickets/${created.id}/messages`, () => HttpResponse.json({ items: [] })),
    http.get(`/api/tickets/${created.id}/events`, () => HttpResponse.json({ items: [] })),
    http.post(`/api/tickets/${created.id}/read`, () => new HttpResponse(null, { status: 204 })),
  );
  renderAt("/embed/support?newTicket=1&contextType=order&contextId=A-1&contextTitle=Order%20A-1");
  await waitFor(() => fromHostUntilSignedIn());
  expect(await screen.findByTestId("ticket-context")).toHaveTextContent("About Order A-1");
  await userEvent.type(screen.getByLabelText("Subject"), "Broken item");
  await userEvent.type(screen.getByLabelText("Message"), "It arrived in pieces.");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  await waitFor(() => expect(sent.some((r) => r.method === "POST" && r.path === "/api/tickets")).toBe(true));
  const post = sent.find((r) => r.method === "POST" && r.path === "/api/tickets");
  await waitFor(() =>
    expect(post?.body).toMatchObject({ context: { type: "order", id: "A-1", title: "Order A-1" } }),
  );
});
