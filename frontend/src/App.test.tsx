import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { SessionProvider } from "./services/auth/session";
import { setToken } from "./services/api/client";
import App from "./App";

type Route = (url: URL, init?: RequestInit) => unknown;

function mockApi(routes: Record<string, Route>) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, "http://localhost");
      const key = `${init?.method ?? "GET"} ${url.pathname}`;
      calls.push(key);
      const route = routes[key];
      if (!route)
        return new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: key } }), { status: 404 });
      return new Response(JSON.stringify(route(url, init)), { status: 200 });
    }),
  );
  return calls;
}

function renderAt(path: string) {
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider realtime={false}>
          <App />
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  setToken(null);
  localStorage.clear();
});
afterEach(() => vi.unstubAllGlobals());

test("when a signed-out user opens /shop, then the sign-in page shows with the demo accounts", async () => {
  mockApi({
    "GET /api/auth/demo-accounts": () => ({
      items: [{ email: "acme@parley.local", password: "parley-demo", role: "shop", name: "Sam (Acme)" }],
    }),
  });
  renderAt("/shop");
  expect(screen.getByRole("heading", { name: "Sign in to Parley" })).toBeInTheDocument();
  expect(await screen.findByRole("button", { name: /Sign in as Sam \(Acme\)/ })).toBeInTheDocument();
});

test("when a demo account is clicked, then the user is signed in and lands on the shop's support tab", async () => {
  const calls = mockApi({
    "GET /api/auth/demo-accounts": () => ({
      items: [{ email: "acme@parley.local", password: "parley-demo", role: "shop", name: "Sam (Acme)" }],
    }),
    "POST /api/auth/login": (_url, init) => {
      expect(JSON.parse(String(init?.body))).toEqual({ email: "acme@parley.local", password: "parley-demo" });
      return { token: "t0k3n", user: { id: "u1", role: "shop", shopId: "shop-acme", name: "Sam (Acme)" } };
    },
    "GET /api/tickets": () => ({ items: [], nextCursor: null }),
  });
  renderAt("/login");
  await userEvent.click(await screen.findByRole("button", { name: /Sign in as Sam \(Acme\)/ }));
  expect(await screen.findByText("No tickets yet")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "New ticket" })).toBeInTheDocument();
  expect(calls).toContain("GET /api/tickets");
});

test("when a shop user opens /admin, then they are sent to their own dashboard", async () => {
  mockApi({ "GET /api/tickets": () => ({ items: [], nextCursor: null }) });
  setToken("t0k3n");
  localStorage.setItem("parley.user", JSON.stringify({ id: "u1", role: "shop", shopId: "s", name: "Sam" }));
  renderAt("/admin");
  expect(await screen.findByRole("heading", { name: "Support" })).toBeInTheDocument();
  expect(screen.queryByRole("heading", { name: "Support queue" })).not.toBeInTheDocument();
});

test("when the server answers 401, then the session ends and the sign-in page explains why", async () => {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) =>
      String(input).startsWith("/api/tickets")
        ? new Response(JSON.stringify({ error: { code: "UNAUTHENTICATED", message: "expired" } }), {
            status: 401,
          })
        : new Response(JSON.stringify({ items: [] }), { status: 200 }),
    ),
  );
  setToken("stale");
  localStorage.setItem("parley.user", JSON.stringify({ id: "u1", role: "shop", shopId: "s", name: "Sam" }));
  renderAt("/shop");
  expect(await screen.findByText("Your session has expired. Please sign in again.")).toBeInTheDocument();
  expect(localStorage.getItem("parley.token")).toBeNull();
});
