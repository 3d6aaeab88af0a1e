import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { shouldRetryRead } from "./services/api/client";
import SessionProvider from "./features/auth/components/SessionProvider";
import App from "./App";
import AppErrorPage from "./pages/AppErrorPage";
import "./index.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The socket keeps data fresh; refetching on every focus would only add load.
      refetchOnWindowFocus: false,
      retry: shouldRetryRead,
    },
    // Offline, a form's request fails at once and the form says "Cannot reach the server": by default
    // TanStack would pause it with the button stuck on "Creating…", and send it (and a retry) later.
    // The reply outbox, which is meant to wait, opts back in (useTicketThread).
    mutations: { networkMode: "always" },
  },
});

// A data router, so that a form with unsaved changes can hold back in-app navigation (useBlocker). Its one
// splat route renders the app; App's own <Routes> match below it (descendant routes), as they did under
// <BrowserRouter>. No route has a loader: the data lives in TanStack Query.
const router = createBrowserRouter([
  {
    path: "*",
    element: (
      <SessionProvider embedded={window.location.pathname.startsWith("/embed/")}>
        <App />
      </SessionProvider>
    ),
    errorElement: <AppErrorPage />,
  },
]);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
