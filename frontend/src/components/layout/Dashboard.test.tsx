import { render } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import SessionProvider from "../../features/auth/components/SessionProvider";
import { setToken } from "../../services/api/client";
import { testQueryClient } from "../../../test/render";
import Dashboard from "./Dashboard";

function at(path: string) {
  setToken("t0k3n");
  localStorage.setItem("parley.user", JSON.stringify({ id: "a1", role: "admin", name: "Ada" }));
  render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider realtime={false}>
          <Routes>
            <Route
              path="/admin/*"
              element={
                <Dashboard
                  base="/admin"
                  title="Admin"
                  documentTitle="Admin support queue"
                  support={<p>queue</p>}
                  faq={<p>faq</p>}
                  faqWidth="max-w-5xl"
                  extra={[{ path: "analytics", label: "Analytics", element: <p>charts</p> }]}
                />
              }
            />
          </Routes>
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

test.each([
  ["/admin", "Admin support queue · Parley"],
  ["/admin/faq", "FAQ · Admin · Parley"],
  ["/admin/analytics", "Analytics · Admin · Parley"],
])("when %s is open, then the tab is titled %s", (path, title) => {
  at(path);
  expect(document.title).toBe(title);
});
