/**
 * main.tsx mounts the app in a data router (one splat route, App's own <Routes> below it). These run
 * App in that shape: redirects, deep links and tabs work as under <BrowserRouter>, and a form with
 * unsaved changes holds back a tab switch.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { SlaPolicies } from "@parley/contract";
import App from "./App";
import { server } from "../test/msw";
import { adminQueueHandlers } from "../test/handlers";
import { makeTicket } from "../test/fixtures";
import { renderInDataRouter } from "../test/render";
import { setToken } from "./services/api/client";

const ADMIN = { id: "a1", role: "admin" as const, name: "Ada" };

const POLICY: SlaPolicies = {
  calendar: {
    timeZone: "Europe/Berlin",
    hours: [{ day: "mon", start: "09:00", end: "17:00" }],
    holidays: [],
  },
  targets: (["low", "medium", "high", "urgent"] as const).map((priority) => ({
    priority,
    firstResponseMinutes: 30,
    nextResponseMinutes: 90,
    resolutionMinutes: 480,
  })),
  updatedAt: "2026-11-01T10:00:00.000Z",
  updatedBy: null,
  appliesTo: "tickets created after updatedAt",
};

beforeEach(() => setToken(null));

test("when a signed-out user opens a deep link, then the sign-in page shows with the link kept in ?next=", async () => {
  server.use(http.get("/api/auth/demo-accounts", () => HttpResponse.json({ items: [] })));
  const { location } = renderInDataRouter(<App />, "/admin/sla");
  expect(await screen.findByRole("heading", { name: "Sign in to Parley" })).toBeInTheDocument();
  expect(location().pathname).toBe("/login");
  expect(location().searchParams.get("next")).toBe("/admin/sla");
});

test("when the user signs in from a ?next= link, then they land on that link", async () => {
  const user = userEvent.setup();
  server.use(
    http.get("/api/auth/demo-accounts", () =>
      HttpResponse.json({
        items: [{ email: "acme@parley.local", password: "parley-demo", role: "shop", name: "Sam (Acme)" }],
      }),
    ),
    http.post("/api/auth/login", () =>
      HttpResponse.json({
        token: "t0k3n",
        user: { id: "u1", role: "shop", shopId: "shop-acme", name: "Sam (Acme)", email: "acme@parley.local" },
      }),
    ),
    http.get("/api/*", () => HttpResponse.json({ items: [] })),
  );
  const { location } = renderInDataRouter(<App />, "/login?next=%2Fshop%2Ffaq");
  await user.click(await screen.findByRole("button", { name: /Sign in as Sam \(Acme\)/ }));
  await waitFor(() => expect(location().pathname).toBe("/shop/faq"));
});

test("when an address names nothing, then the not-found page shows", async () => {
  renderInDataRouter(<App />, "/nowhere");
  expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
});

test("when an admin opens a ?ticket= link, then the queue opens with that ticket and keeps the link", async () => {
  const ticket = makeTicket({ subject: "Parcel never arrived" });
  server.use(...adminQueueHandlers({ tickets: [ticket] }));
  const { location } = renderInDataRouter(<App />, `/admin?ticket=${ticket.id}`, { as: ADMIN });
  expect(await screen.findByRole("heading", { name: "Support queue" })).toBeInTheDocument();
  expect((await screen.findAllByText("Parcel never arrived")).length).toBeGreaterThan(0);
  expect(location().searchParams.get("ticket")).toBe(ticket.id);
});

test("when the SLA policy has unsaved edits and the admin clicks another tab, then the app asks before leaving", async () => {
  const user = userEvent.setup();
  server.use(
    http.get("/api/sla-policies", () => HttpResponse.json(POLICY)),
    http.get("/api/*", () => HttpResponse.json({ items: [] })),
  );
  const { location } = renderInDataRouter(<App />, "/admin/sla", { as: ADMIN });
  const field = await screen.findByRole("spinbutton", { name: "Urgent first response (minutes)" });
  await user.clear(field);
  await user.type(field, "15");

  const sections = screen.getByRole("navigation", { name: "Sections" });
  await user.click(within(sections).getByRole("link", { name: "Team" }));
  await screen.findByRole("alertdialog", { name: "Leave without saving?" });
  await user.click(screen.getByRole("button", { name: "Stay" }));
  expect(location().pathname).toBe("/admin/sla");
  expect(field).toHaveValue(15);

  await user.click(within(sections).getByRole("link", { name: "Team" }));
  await user.click(await screen.findByRole("button", { name: "Leave" }));
  await waitFor(() => expect(location().pathname).toBe("/admin/team"));
  expect(within(sections).getByRole("link", { name: "Team" })).toHaveAttribute("aria-current", "page");
  expect(
    screen.queryByRole("spinbutton", { name: "Urgent first response (minutes)" }),
  ).not.toBeInTheDocument();
});
