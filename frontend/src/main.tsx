import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ApiError } from "./services/api/client";
import SessionProvider from "./features/auth/components/SessionProvider";
import App from "./App";
import "./index.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The socket keeps data fresh; refetching on every focus would only add load.
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    },
    // Offline, a form's request fails at once and the form says "Cannot reach the server": by default
    // TanStack would pause it with the button stuck on "Creating…", and send it (and a retry) later.
    // The reply outbox, which is meant to wait, opts back in (useTicketThread).
    mutations: { networkMode: "always" },
  },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionProvider embedded={window.location.pathname.startsWith("/embed/")}>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
