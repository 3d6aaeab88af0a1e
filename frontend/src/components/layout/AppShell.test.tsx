import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import SessionProvider from "../../features/auth/components/SessionProvider";
import { setToken } from "../../services/api/client";
import { testQueryClient } from "../../../test/render";
import AppShell from "./AppShell";

function renderAt(path: string) {
  setToken("t0k3n");
  localStorage.setItem("parley.user", JSON.stringify({ id: "a1", role: "admin", name: "Ada" }));
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider realtime={false}>
          <AppShell title="Admin" tabs={[{ to: "/admin", label: "Support" }]}>
            <button type="button">Queue row</button>
            <form>
              <label>
                Reply
                <textarea />
              </label>
            </form>
          </AppShell>
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

test("when a ticket is open, then the second Tab is a skip link that puts focus in the reply box", async () => {
  const user = userEvent.setup();
  renderAt("/admin?ticket=t1");
  await user.tab();
  expect(screen.getByRole("link", { name: "Skip to content" })).toHaveFocus();
  await user.tab();
  expect(screen.getByRole("link", { name: "Skip to the reply box" })).toHaveFocus();
  await user.keyboard("{Enter}");
  expect(screen.getByRole("textbox", { name: "Reply" })).toHaveFocus();
});

test("when no ticket is open, then there is no reply skip link", () => {
  renderAt("/admin");
  expect(screen.getByRole("link", { name: "Skip to content" })).toBeInTheDocument();
  expect(screen.queryByRole("link", { name: "Skip to the reply box" })).not.toBeInTheDocument();
});

test("when the header shows, then who is signed in is shown at every width, cut short with the whole name in its tooltip", () => {
  renderAt("/admin");
  const who = screen.getByTestId("signed-in-as");
  expect(who).toHaveTextContent("Signed in as Ada");
  expect(who).toHaveAttribute("title", "Ada");
  // Hidden below `sm` was how a phone lost which shop is signed in; truncate keeps it on one line.
  expect(who.className).not.toMatch(/(^|\s)hidden(\s|$)/);
  expect(who).toHaveClass("truncate");
});
