/** The saved replies editor holds back in-app navigation while it has unsaved changes. */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { Link, Route, Routes } from "react-router";
import type { CannedResponse } from "@parley/contract";
import { server } from "../../../../test/msw";
import { renderInDataRouter } from "../../../../test/render";
import CannedResponsesManager from "./CannedResponsesManager";

const greeting: CannedResponse = {
  id: "00000000-0000-4000-8000-000000000001",
  title: "Greeting",
  body: "Hello {{shop.name}}",
  createdBy: null,
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
};

const pages = (
  <Routes>
    <Route
      path="/admin/replies"
      element={
        <>
          <Link to="/admin/team">Team</Link>
          <CannedResponsesManager />
        </>
      }
    />
    <Route path="/admin/team" element={<h1>Team page</h1>} />
  </Routes>
);

beforeEach(() => {
  let stored = greeting;
  server.use(
    http.get("/api/canned-responses", () => HttpResponse.json({ items: [stored] })),
    http.patch("/api/canned-responses/:id", async ({ request }) => {
      stored = { ...stored, ...((await request.json()) as Partial<CannedResponse>) };
      return HttpResponse.json(stored);
    }),
  );
});

async function editText(user: ReturnType<typeof userEvent.setup>) {
  // jsdom names the button "EditGreeting": it drops the leading space of the sr-only span.
  await user.click(await screen.findByRole("button", { name: /^Edit\s*Greeting$/ }));
  const form = screen.getByRole("form", { name: "Edit “Greeting”" });
  const text = within(form).getByRole("textbox", { name: "Text" });
  await user.type(text, ", welcome!");
  return { form, text };
}

test("when a saved reply has unsaved edits and a link is followed, then a dialog asks first; Stay keeps the edits, Leave goes", async () => {
  const user = userEvent.setup();
  const { location } = renderInDataRouter(pages, "/admin/replies");
  const { text } = await editText(user);
  await user.click(screen.getByRole("link", { name: "Team" }));
  expect(
    await screen.findByRole("alertdialog", { name: "Leave without saving?" }),
  ).toHaveAccessibleDescription("This saved reply has changes you have not saved.");
  await user.click(screen.getByRole("button", { name: "Stay" }));
  expect(text).toHaveValue("Hello {{shop.name}}, welcome!");
  expect(location().pathname).toBe("/admin/replies");

  await user.click(screen.getByRole("link", { name: "Team" }));
  await user.click(await screen.findByRole("button", { name: "Leave" }));
  expect(await screen.findByRole("heading", { name: "Team page" })).toBeInTheDocument();
});

test("when the edit was saved, then a link leaves at once", async () => {
  const user = userEvent.setup();
  const { location } = renderInDataRouter(pages, "/admin/replies");
  const { form } = await editText(user);
  await user.click(within(form).getByRole("button", { name: "Save" }));
  await waitFor(() =>
    expect(screen.queryByRole("form", { name: "Edit “Greeting”" })).not.toBeInTheDocument(),
  );
  await user.click(screen.getByRole("link", { name: "Team" }));
  expect(await screen.findByRole("heading", { name: "Team page" })).toBeInTheDocument();
  expect(location().pathname).toBe("/admin/team");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});

test("when a new saved reply is half written, then a link asks first too", async () => {
  const user = userEvent.setup();
  renderInDataRouter(pages, "/admin/replies");
  const form = screen.getByRole("form", { name: "New saved reply" });
  await user.type(within(form).getByRole("textbox", { name: "Title" }), "Refunds");
  await user.click(screen.getByRole("link", { name: "Team" }));
  expect(
    await screen.findByRole("alertdialog", { name: "Leave without saving?" }),
  ).toHaveAccessibleDescription("This saved reply is not added yet.");
});
