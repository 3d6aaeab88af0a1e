import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import SessionProvider from "../../features/auth/components/SessionProvider";
import { setToken } from "../../services/api/client";
import { testQueryClient } from "../../../test/render";
import { signedInLabel } from "../../features/auth/lib/signed-in-label";
import AppShell from "./AppShell";

function renderAt(path: string, user: object = { id: "a1", role: "admin", name: "Ada" }) {
  setToken("t0k3n");
  localStorage.setItem("parley.user", JSON.stringify(user));
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

test("when a shop user is signed in, then the header names the shop too, once", () => {
  expect(signedInLabel({ name: "Sam", email: null, shopName: "Acme Outfitters" })).toBe(
    "Sam · Acme Outfitters",
  );
  expect(signedInLabel({ name: "Sam (Acme Outfitters)", shopName: "Acme Outfitters" })).toBe(
    "Sam (Acme Outfitters)",
  );
  expect(signedInLabel({ name: null, email: "sam@acme.test", shopName: "Acme" })).toBe(
    "sam@acme.test · Acme",
  );
  expect(signedInLabel({ name: null, email: null, shopName: "Acme" })).toBe("Acme");
  expect(signedInLabel({ name: "Ada", email: null, shopName: null })).toBe("Ada");
  expect(signedInLabel({ name: "Ada", email: null })).toBe("Ada");
});

test("when the session knows the shop's name, then the header shows it beside the user's", () => {
  renderAt("/shop", {
    id: "s1",
    role: "shop",
    shopId: "shop-acme",
    name: "Sam",
    shopName: "Acme Outfitters",
  });
  const who = screen.getByTestId("signed-in-as");
  expect(who).toHaveTextContent("Signed in as Sam · Acme Outfitters");
  expect(who).toHaveAttribute("title", "Sam · Acme Outfitters");
});
