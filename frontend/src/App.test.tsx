import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import SessionProvider from "./features/auth/components/SessionProvider";
import { setToken } from "./services/api/client";
import App from "./App";
import { recordRequests, server } from "../test/msw";
import { testQueryClient } from "../test/render";

const DEMO = { email: "acme@parley.local", password: "parley-demo", role: "shop", name: "Sam (Acme)" };
const noTickets = http.get("/api/tickets", () => HttpResponse.json({ items: [], nextCursor: null }));

function renderAt(path: string) {
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider realtime={false}>
          <App />
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => setToken(null));

test("when a signed-out user opens /shop, then the sign-in page shows with the demo accounts", async () => {
  server.use(http.get("/api/auth/demo-accounts", () => HttpResponse.json({ items: [DEMO] })));
  renderAt("/shop");
  expect(screen.getByRole("heading", { name: "Sign in to Parley" })).toBeInTheDocument();
  expect(await screen.findByRole("button", { name: /Sign in as Sam \(Acme\)/ })).toBeInTheDocument();
});

test("when a demo account is clicked, then the user is signed in and lands on the shop's support tab", async () => {
  server.use(
    http.get("/api/auth/demo-accounts", () => HttpResponse.json({ items: [DEMO] })),
    http.post("/api/auth/login", () =>
      HttpResponse.json({
        token: "t0k3n",
        user: { id: "u1", role: "shop", shopId: "shop-acme", name: "Sam (Acme)", email: DEMO.email },
      }),
    ),
    noTickets,
  );
  const sent = recordRequests();
  renderAt("/login");
  await userEvent.click(await screen.findByRole("button", { name: /Sign in as Sam \(Acme\)/ }));
  expect(await screen.findByText("No tickets yet")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "New ticket" })).toBeInTheDocument();
  expect(sent.find((r) => r.path === "/api/auth/login")!.body).toEqual({
    email: "acme@parley.local",
    password: "parley-demo",
  });
  const tickets = sent.find((r) => r.path === "/api/tickets")!;
  expect(tickets.method).toBe("GET");
});

test("when a shop user opens /admin, then they are sent to their own dashboard", async () => {
  server.use(noTickets);
  setToken("t0k3n");
  localStorage.setItem("parley.user", JSON.stringify({ id: "u1", role: "shop", shopId: "s", name: "Sam" }));
  renderAt("/admin");
  expect(await screen.findByRole("heading", { name: "Support" })).toBeInTheDocument();
  expect(screen.queryByRole("heading", { name: "Support queue" })).not.toBeInTheDocument();
});

test("when the server answers 401, then the session ends and the sign-in page explains why", async () => {
  server.use(
    http.get("/api/tickets", () =>
      HttpResponse.json({ error: { code: "UNAUTHENTICATED", message: "expired" } }, { status: 401 }),
    ),
    http.get("/api/auth/demo-accounts", () => HttpResponse.json({ items: [] })),
  );
  setToken("stale");
  localStorage.setItem("parley.user", JSON.stringify({ id: "u1", role: "shop", shopId: "s", name: "Sam" }));
  renderAt("/shop");
  expect(await screen.findByText("Your session has expired. Please sign in again.")).toBeInTheDocument();
  expect(localStorage.getItem("parley.token")).toBeNull();
});
