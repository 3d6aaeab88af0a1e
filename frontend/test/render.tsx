import type { ReactNode } from "react";
import { render } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import {
  createMemoryRouter,
  createPath,
  MemoryRouter,
  Route,
  RouterProvider,
  Routes,
  useLocation,
} from "react-router";
import SessionProvider from "../src/features/auth/components/SessionProvider";
import type { SessionUser } from "../src/features/auth/hooks/useSession";
import { setToken } from "../src/services/api/client";

export function testQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

/** Renders inside a fresh query client (no retries) and a router. */
export function renderWithClient(ui: ReactNode, client = testQueryClient()) {
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

/** A renderHook wrapper: a query client, a router and the real SessionProvider (no socket). */
export function sessionWrapper(client: QueryClient) {
  return function SessionWrapper({ children }: { children: ReactNode }) {
    return (
      <QueryClientProvider client={client}>
        <MemoryRouter>
          <SessionProvider realtime={false}>{children}</SessionProvider>
        </MemoryRouter>
      </QueryClientProvider>
    );
  };
}

export type RouteOptions = {
  /** Signed in as this user, as after a login (a token and the stored user); omitted: signed out. */
  as?: Pick<SessionUser, "id" | "role"> & Partial<SessionUser>;
  /** Mount `ui` under this route pattern (e.g. "/admin/*") for components that read route params. */
  route?: string;
  client?: QueryClient;
};

/**
 * Renders `ui` at `path` the way the app runs it: a fresh query client, a memory router and the real
 * SessionProvider (no socket). `location()` is where the app has navigated to since.
 */
export function renderRoute(ui: ReactNode, path: string, opts: RouteOptions = {}) {
  if (opts.as) {
    setToken("t0k3n");
    localStorage.setItem("parley.user", JSON.stringify(opts.as));
  }
  const client = opts.client ?? testQueryClient();
  const seen = { current: path };
  const view = render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider realtime={false}>
          {opts.route ? (
            <Routes>
              <Route path={opts.route} element={ui} />
            </Routes>
          ) : (
            ui
          )}
          <LocationProbe onLocation={(where) => (seen.current = where)} />
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  const location = () => new URL(seen.current, "http://parley.test");
  return { ...view, client, location, params: () => location().searchParams };
}

function LocationProbe({ onLocation }: { onLocation: (pathAndSearch: string) => void }) {
  const l = useLocation();
  onLocation(l.pathname + l.search);
  return null;
}

/**
 * Like renderRoute, but in a data router shaped as main.tsx's (one splat route whose element holds the
 * providers and `ui`), for components that need one: useBlocker (UnsavedChangesGuard) throws without it.
 * `router` is the memory router, to navigate from outside as a socket event or a redirect would.
 * RouterProvider comes from "react-router", not "react-router/dom" as in main.tsx: under vitest the
 * second entry point loaded another build of the router (ESM beside CommonJS), whose contexts do not meet
 * (descendant <Routes> then threw "may be used only in the context of a <Router>"). The browser bundle
 * resolves both to the one ESM build.
 */
export function renderInDataRouter(ui: ReactNode, path = "/", opts: RouteOptions = {}) {
  if (opts.as) {
    setToken("t0k3n");
    localStorage.setItem("parley.user", JSON.stringify(opts.as));
  }
  const client = opts.client ?? testQueryClient();
  const router = createMemoryRouter(
    [
      {
        path: "*",
        element: (
          <SessionProvider realtime={false}>
            {opts.route ? (
              <Routes>
                <Route path={opts.route} element={ui} />
              </Routes>
            ) : (
              ui
            )}
          </SessionProvider>
        ),
      },
    ],
    { initialEntries: [path] },
  );
  const view = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  const location = () => new URL(createPath(router.state.location), "http://parley.test");
  return { ...view, client, router, location, params: () => location().searchParams };
}
