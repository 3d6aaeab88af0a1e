/**
 * Sign out with unsaved changes: the frame's Sign out goes through the same "Leave without saving?"
 * question as any other way out of a form, and ends the session only once the user has agreed. The app's
 * real pieces (data router as main.tsx builds it, SessionProvider, the guard, the login page) over msw.
 */
import { useState, type ReactNode } from "react";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { server } from "../../../test/msw";
import { renderInDataRouter } from "../../../test/render";
import { getToken } from "../../services/api/client";
import { useSession } from "../../features/auth/hooks/useSession";
import { loginPathFor } from "../../features/auth/lib/next-path";
import UnsavedChangesGuard from "../ui/UnsavedChangesGuard";
import LoginPage from "../../pages/LoginPage";
import AppShell from "./AppShell";

/** A one-field form guarded like the SLA, FAQ and saved-reply forms: unsaved while it holds text. */
function Form() {
  const [text, setText] = useState("");
  return (
    <form aria-label="Saved reply">
      <UnsavedChangesGuard dirty={text !== ""} />
      <label>
        Title
        <input value={text} onChange={(e) => setText(e.target.value)} />
      </label>
    </form>
  );
}

/** As App's RequireRole: a dashboard seen signed out sends to /login?next=<the dashboard>. */
function SignedInOnly({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  return user ? children : <Navigate to={loginPathFor(location.pathname + location.search)} replace />;
}

function renderSignedIn() {
  server.use(http.get("/api/auth/demo-accounts", () => HttpResponse.json({ items: [] })));
  return renderInDataRouter(
    <Routes>
      <Route
        path="/admin/*"
        element={
          <SignedInOnly>
            <AppShell title="Admin" tabs={[{ to: "/admin", label: "Support", end: true }]}>
              <Form />
            </AppShell>
          </SignedInOnly>
        }
      />
      <Route path="/login" element={<LoginPage />} />
    </Routes>,
    "/admin",
    { as: { id: "a1", role: "admin", name: "Ada" } },
  );
}

const signOut = () => screen.getByRole("button", { name: "Sign out" });
const field = () => screen.getByRole("textbox", { name: "Title" });
const signedIn = () => getToken() !== null && localStorage.getItem("parley.user") !== null;

test("when a form has unsaved changes and Sign out is clicked, then it asks first and Stay keeps the session and the text", async () => {
  const user = userEvent.setup();
  const view = renderSignedIn();
  await user.type(field(), "Refund policy");
  await user.click(signOut());

  const ask = await screen.findByRole("alertdialog", { name: "Leave without saving?" });
  expect(ask).toHaveAccessibleDescription(
    "Your changes have not been saved. If you leave this page, they are lost.",
  );
  expect(signedIn()).toBe(true);

  await user.click(within(ask).getByRole("button", { name: "Stay" }));
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(field()).toHaveValue("Refund policy");
  expect(screen.getByTestId("signed-in-as")).toHaveTextContent("Ada");
  expect(view.location().pathname).toBe("/admin");
  expect(signedIn()).toBe(true);
});

test("when the question is answered Leave, then the session ends and the login page shows, signed out", async () => {
  const user = userEvent.setup();
  const view = renderSignedIn();
  await user.type(field(), "Refund policy");
  await user.click(signOut());
  await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Leave" }));

  expect(await screen.findByRole("heading", { name: "Sign in to Parley" })).toBeInTheDocument();
  expect(signedIn()).toBe(false);
  expect(view.location().pathname).toBe("/login");
  // A sign-out by choice, not an expired session: no "sign in to go back" to the dashboard.
  expect(view.location().search).toBe("");
});

test("when the form is dirty, then the question works by keyboard: Escape stays, Tab to Leave and Enter signs out", async () => {
  const user = userEvent.setup();
  renderSignedIn();
  await user.type(field(), "Refund policy");
  signOut().focus();
  await user.keyboard("{Enter}");
  const ask = await screen.findByRole("alertdialog", { name: "Leave without saving?" });
  // Staying is the default answer: it has the focus.
  expect(within(ask).getByRole("button", { name: "Stay" })).toHaveFocus();

  await user.keyboard("{Escape}");
  await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
  expect(signOut()).toHaveFocus();
  expect(signedIn()).toBe(true);

  await user.keyboard("{Enter}");
  await screen.findByRole("alertdialog", { name: "Leave without saving?" });
  await user.keyboard("{Tab}");
  expect(screen.getByRole("button", { name: "Leave" })).toHaveFocus();
  await user.keyboard("{Enter}");
  expect(await screen.findByRole("heading", { name: "Sign in to Parley" })).toBeInTheDocument();
  expect(signedIn()).toBe(false);
});

test("when no form has unsaved changes, then Sign out signs out at once, with no question", async () => {
  const user = userEvent.setup();
  const view = renderSignedIn();
  await user.click(signOut());

  expect(await screen.findByRole("heading", { name: "Sign in to Parley" })).toBeInTheDocument();
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(signedIn()).toBe(false);
  expect(view.location().pathname).toBe("/login");
  expect(view.location().search).toBe("");
});
