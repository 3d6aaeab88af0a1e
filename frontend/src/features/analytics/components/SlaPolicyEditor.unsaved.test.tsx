/**
 * Audit: the SLA policy editor dropped unsaved edits when the admin followed a link inside the app. Here
 * it runs in a data router (as main.tsx mounts the app) beside a link to another page.
 */
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { Link, Route, Routes, useNavigate } from "react-router";
import type { SlaPolicies } from "@parley/contract";
import { recordRequests, server } from "../../../../test/msw";
import { renderInDataRouter } from "../../../../test/render";
import SlaPolicyEditor from "./SlaPolicyEditor";

function policy(minutes = 30, updatedAt = "2026-11-01T10:00:00.000Z"): SlaPolicies {
  return {
    calendar: {
      timeZone: "Europe/Berlin",
      hours: [{ day: "mon", start: "09:00", end: "17:00" }],
      holidays: [],
    },
    targets: (["low", "medium", "high", "urgent"] as const).map((priority) => ({
      priority,
      firstResponseMinutes: minutes,
      nextResponseMinutes: 90,
      resolutionMinutes: 4800,
    })),
    updatedAt,
    updatedBy: null,
    appliesTo: "tickets created after updatedAt",
  };
}

const pages = (
  <Routes>
    <Route
      path="/admin/sla"
      element={
        <>
          <Link to="/admin/team">Team</Link>
          <BackButton />
          <SlaPolicyEditor />
        </>
      }
    />
    <Route
      path="/admin/team"
      element={
        <>
          <h1>Team page</h1>
          <Link to="/admin/sla">SLA</Link>
        </>
      }
    />
  </Routes>
);

/** What the browser's Back button does to the router: a POP one entry back (as useFaqViewState's close). */
function BackButton() {
  const navigate = useNavigate();
  return (
    <button type="button" onClick={() => void navigate(-1)}>
      Back
    </button>
  );
}

async function editUrgentFirstResponse(user: ReturnType<typeof userEvent.setup>) {
  const field = await screen.findByRole("spinbutton", { name: "Urgent first response (minutes)" });
  await user.clear(field);
  await user.type(field, "15");
  return field;
}

beforeEach(() => server.use(http.get("/api/sla-policies", () => HttpResponse.json(policy()))));

test("when the policy has unsaved edits and a link is followed, then a dialog asks first, and Stay keeps the page and the edits", async () => {
  const user = userEvent.setup();
  const { location } = renderInDataRouter(pages, "/admin/sla");
  const field = await editUrgentFirstResponse(user);

  const link = screen.getByRole("link", { name: "Team" });
  await user.click(link);
  const dialog = await screen.findByRole("alertdialog", { name: "Leave without saving?" });
  expect(dialog).toHaveAccessibleDescription("The SLA policy has changes you have not saved.");
  // Focus moves in, on the safe choice.
  expect(screen.getByRole("button", { name: "Stay" })).toHaveFocus();
  expect(location().pathname).toBe("/admin/sla");

  await user.click(screen.getByRole("button", { name: "Stay" }));
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(location().pathname).toBe("/admin/sla");
  expect(field).toHaveValue(15);
  // Focus goes back to what was clicked.
  expect(link).toHaveFocus();
});

test("when the admin chooses Leave, then the app goes where the link pointed", async () => {
  const user = userEvent.setup();
  const { location } = renderInDataRouter(pages, "/admin/sla");
  await editUrgentFirstResponse(user);
  await user.click(screen.getByRole("link", { name: "Team" }));
  await user.click(await screen.findByRole("button", { name: "Leave" }));
  expect(await screen.findByRole("heading", { name: "Team page" })).toBeInTheDocument();
  expect(location().pathname).toBe("/admin/team");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});

test("when the dialog is open, then it works from the keyboard: Escape stays, Tab stays inside, Enter on Leave leaves", async () => {
  const user = userEvent.setup();
  const { location } = renderInDataRouter(pages, "/admin/sla");
  await editUrgentFirstResponse(user);
  const link = screen.getByRole("link", { name: "Team" });
  link.focus();
  await user.keyboard("{Enter}");
  await screen.findByRole("alertdialog");
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(link).toHaveFocus();
  expect(location().pathname).toBe("/admin/sla");

  await user.keyboard("{Enter}");
  await screen.findByRole("alertdialog");
  await user.tab();
  expect(screen.getByRole("button", { name: "Leave" })).toHaveFocus();
  await user.tab();
  expect(screen.getByRole("button", { name: "Stay" })).toHaveFocus();
  await user.tab({ shift: true });
  await user.keyboard("{Enter}");
  expect(await screen.findByRole("heading", { name: "Team page" })).toBeInTheDocument();
});

test("when going back in history (a POP, as the browser's Back button makes) would leave unsaved edits, then the dialog asks first too", async () => {
  const user = userEvent.setup();
  const { location } = renderInDataRouter(pages, "/admin/team");
  await user.click(screen.getByRole("link", { name: "SLA" }));
  await editUrgentFirstResponse(user);
  await user.click(screen.getByRole("button", { name: "Back" }));
  await screen.findByRole("alertdialog", { name: "Leave without saving?" });
  expect(location().pathname).toBe("/admin/sla");
  await user.click(screen.getByRole("button", { name: "Leave" }));
  expect(await screen.findByRole("heading", { name: "Team page" })).toBeInTheDocument();
});

test("when nothing was edited, then a link leaves at once without asking", async () => {
  const user = userEvent.setup();
  const { location } = renderInDataRouter(pages, "/admin/sla");
  await screen.findByRole("spinbutton", { name: "Urgent first response (minutes)" });
  await user.click(screen.getByRole("link", { name: "Team" }));
  expect(await screen.findByRole("heading", { name: "Team page" })).toBeInTheDocument();
  expect(location().pathname).toBe("/admin/team");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});

test("when an edit is typed back to the saved value, then nothing is unsaved and the link leaves at once", async () => {
  const user = userEvent.setup();
  renderInDataRouter(pages, "/admin/sla");
  const field = await editUrgentFirstResponse(user);
  await user.clear(field);
  await user.type(field, "30");
  await user.click(screen.getByRole("link", { name: "Team" }));
  expect(await screen.findByRole("heading", { name: "Team page" })).toBeInTheDocument();
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});

test.each([
  ["the server stamps a new updatedAt", "2026-11-02T08:00:00.000Z"],
  // The editor remounts on a new updatedAt; with the same one it must know itself what was saved.
  ["the server answers the same updatedAt", "2026-11-01T10:00:00.000Z"],
])("when the edits were saved (%s), then a link leaves at once without asking", async (_, updatedAt) => {
  const user = userEvent.setup();
  server.use(http.put("/api/sla-policies", () => HttpResponse.json(policy(15, updatedAt))));
  const sent = recordRequests();
  const { location } = renderInDataRouter(pages, "/admin/sla");
  await editUrgentFirstResponse(user);
  await user.click(screen.getByRole("button", { name: "Save policy" }));
  await waitFor(() => expect(sent.some((r) => r.method === "PUT")).toBe(true));
  await waitFor(() => expect(screen.getByRole("button", { name: "Save policy" })).toBeEnabled());

  await user.click(screen.getByRole("link", { name: "Team" }));
  expect(await screen.findByRole("heading", { name: "Team page" })).toBeInTheDocument();
  expect(location().pathname).toBe("/admin/team");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});

test("when saving failed, then the edits are still unsaved and a link still asks first", async () => {
  const user = userEvent.setup();
  server.use(
    http.put("/api/sla-policies", () =>
      HttpResponse.json({ error: { code: "INTERNAL", message: "The server failed." } }, { status: 500 }),
    ),
  );
  renderInDataRouter(pages, "/admin/sla");
  await editUrgentFirstResponse(user);
  await user.click(screen.getByRole("button", { name: "Save policy" }));
  expect(await screen.findByRole("alert")).toBeInTheDocument();
  await user.click(screen.getByRole("link", { name: "Team" }));
  expect(await screen.findByRole("alertdialog", { name: "Leave without saving?" })).toBeInTheDocument();
});
