import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { BusinessHours, SlaPolicies } from "@parley/contract";
import { recordRequests, server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import SlaPolicyEditor from "./SlaPolicyEditor";

const WEEKDAYS_9_TO_5: BusinessHours[] = (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({
  day,
  start: "09:00",
  end: "17:00",
}));

function policy(hours = WEEKDAYS_9_TO_5): SlaPolicies {
  return {
    calendar: { timeZone: "Europe/Berlin", hours, holidays: [] },
    targets: (["low", "medium", "high", "urgent"] as const).map((priority) => ({
      priority,
      firstResponseMinutes: 30,
      nextResponseMinutes: 90,
      resolutionMinutes: 4800,
    })),
    updatedAt: "2026-11-01T10:00:00.000Z",
    updatedBy: null,
    appliesTo: "tickets created after updatedAt",
  };
}

const field = (name: string) => screen.getByRole("spinbutton", { name });

/** PUT /api/sla-policies refused with the server's 400 and these field details. */
const refusedWith = (details: Array<{ path: string; message: string }>) =>
  http.put("/api/sla-policies", () =>
    HttpResponse.json(
      { error: { code: "VALIDATION_FAILED", message: "Invalid.", requestId: "r", details } },
      { status: 400 },
    ),
  );

test("when targets are shown, then the hint reads them as business time on the policy's own business day", async () => {
  server.use(http.get("/api/sla-policies", () => HttpResponse.json(policy())));
  renderWithClient(<SlaPolicyEditor />);
  const resolution = await screen.findByRole("spinbutton", { name: "Urgent resolution (minutes)" });
  // 4800 business minutes are ten 8-hour business days, not "3 d 8 h" of clock time.
  expect(resolution).toHaveAccessibleDescription("80 business hours (10 business days of 8 h)");
  expect(field("Urgent first response (minutes)")).toHaveAccessibleDescription("30 business minutes");
  expect(field("Urgent next response (minutes)")).toHaveAccessibleDescription("1 h 30 min of business time");
  expect(screen.queryByText(/3 d 8 h/)).not.toBeInTheDocument();
});

test("when business days differ in length, then the hint counts business hours only", async () => {
  const hours: BusinessHours[] = [...WEEKDAYS_9_TO_5, { day: "sat", start: "10:00", end: "14:00" }];
  server.use(http.get("/api/sla-policies", () => HttpResponse.json(policy(hours))));
  renderWithClient(<SlaPolicyEditor />);
  expect(
    await screen.findByRole("spinbutton", { name: "Urgent resolution (minutes)" }),
  ).toHaveAccessibleDescription("80 business hours");
});

test("when a target is not a whole number of minutes in range, then the field says so in words and nothing is sent", async () => {
  const user = userEvent.setup();
  server.use(http.get("/api/sla-policies", () => HttpResponse.json(policy())));
  const sent = recordRequests();
  renderWithClient(<SlaPolicyEditor />);
  const first = await screen.findByRole("spinbutton", { name: "High first response (minutes)" });
  await user.clear(first);
  await user.type(first, "0");
  const resolution = field("Low resolution (minutes)");
  await user.clear(resolution);
  await user.type(resolution, "1.5");
  await user.click(screen.getByRole("button", { name: "Save policy" }));

  const message = "Enter a whole number of minutes from 1 to 525,600.";
  await waitFor(() => expect(first).toHaveAccessibleDescription(message));
  expect(resolution).toHaveAccessibleDescription(message);
  expect(screen.queryByText(/expected|too small|Invalid input/i)).not.toBeInTheDocument();
  expect(sent.filter((r) => r.method === "PUT")).toHaveLength(0);

  // Editing the field puts its message away.
  await user.type(first, "5");
  expect(first).toHaveAccessibleDescription("5 business minutes");
});

// Layout: jsdom applies no CSS, so this checks the classes and structure that make the table fit a
// 390 px phone (Chromium showed a ~410 px table overflowing its fieldset), not the rendered widths.
test("when the screen is narrower than sm, then the targets stack one block per priority, each field named, with no fixed-width input", async () => {
  server.use(http.get("/api/sla-policies", () => HttpResponse.json(policy())));
  renderWithClient(<SlaPolicyEditor />);
  await screen.findByRole("spinbutton", { name: "Urgent resolution (minutes)" });

  const table = screen.getByRole("table");
  expect(table).toHaveClass("block", "sm:table");
  const [head, body] = table.querySelectorAll("thead, tbody");
  expect(head).toHaveClass("hidden", "sm:table-header-group");
  expect(body).toHaveClass("block", "sm:table-row-group");
  const rows = body!.querySelectorAll("tr");
  expect(rows).toHaveLength(4);
  for (const row of rows) {
    expect(row).toHaveClass("block", "sm:table-row");
    for (const cell of row.querySelectorAll("th, td")) expect(cell).toHaveClass("block");
    // The column headers are hidden while stacked: each field carries its own.
    expect(Array.from(row.querySelectorAll("td > span.sm\\:hidden"), (s) => s.textContent)).toEqual([
      "First response",
      "Next response",
      "Resolution",
    ]);
  }
  for (const box of screen.getAllByRole("spinbutton")) {
    expect(box).toHaveClass("w-full", "min-w-0", "sm:w-28");
    expect(box.className.split(/\s+/)).not.toContain("w-28");
  }
});

test("when Save policy is pressed from the keyboard, then the focus stays on it while saving and after", async () => {
  const user = userEvent.setup();
  let answer: () => void = () => {};
  server.use(
    http.get("/api/sla-policies", () => HttpResponse.json(policy())),
    http.put(
      "/api/sla-policies",
      () => new Promise<Response>((resolve) => (answer = () => resolve(HttpResponse.json(policy())))),
    ),
  );
  renderWithClient(<SlaPolicyEditor />);
  await screen.findByRole("spinbutton", { name: "High first response (minutes)" });
  screen.getByRole("button", { name: "Save policy" }).focus();
  await user.keyboard("{Enter}");
  const saving = await screen.findByRole("button", { name: "Saving…" });
  // A disabled button would lose the focus to <body> (as a browser does).
  expect(saving).not.toBeDisabled();
  expect(saving).toHaveFocus();
  answer();
  await waitFor(() => expect(screen.getByRole("button", { name: "Save policy" })).toHaveFocus());
});

test("when a save comes back with a new updatedAt, then the focus stays on Save policy and it says Saved", async () => {
  const user = userEvent.setup();
  server.use(
    http.get("/api/sla-policies", () => HttpResponse.json(policy())),
    http.put("/api/sla-policies", () =>
      HttpResponse.json({ ...policy(), updatedAt: "2026-11-02T08:00:00.000Z" }),
    ),
  );
  renderWithClient(<SlaPolicyEditor />);
  const high = await screen.findByRole("spinbutton", { name: "High first response (minutes)" });
  await user.clear(high);
  await user.type(high, "45");
  screen.getByRole("button", { name: "Save policy" }).focus();
  await user.keyboard("{Enter}");
  expect(await screen.findByRole("status")).toHaveTextContent("Saved. New tickets get these targets.");
  expect(screen.getByRole("button", { name: "Save policy" })).toHaveFocus();
  // The editor now shows what the server holds, and the next edit clears the message.
  expect(field("High first response (minutes)")).toHaveValue(30);
  await user.type(field("High first response (minutes)"), "1");
  expect(screen.queryByText("Saved. New tickets get these targets.")).not.toBeInTheDocument();
});

test("when the last opening span is removed from the keyboard, then the focus goes to Add a span", async () => {
  const user = userEvent.setup();
  server.use(http.get("/api/sla-policies", () => HttpResponse.json(policy())));
  renderWithClient(<SlaPolicyEditor />);
  // jsdom drops the sr-only span's leading space, hence the \s*.
  (await screen.findByRole("button", { name: /^Remove\s*span 5$/ })).focus();
  await user.keyboard("{Enter}");
  expect(screen.queryByRole("button", { name: /^Remove\s*span 5$/ })).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Add a span" })).toHaveFocus();
  // Another span's Remove keeps the focus where it was (the next span moves up under it).
  screen.getByRole("button", { name: /^Remove\s*span 2$/ }).focus();
  await user.keyboard("{Enter}");
  expect(screen.getAllByRole("listitem")).toHaveLength(3);
  expect(screen.getByRole("button", { name: /^Remove\s*span 2$/ })).toHaveFocus();
});

test("when the time zone, a span or a holiday is refused, then that field is described by its message", async () => {
  const user = userEvent.setup();
  server.use(
    http.get("/api/sla-policies", () => HttpResponse.json(policy())),
    refusedWith([
      { path: "calendar.timeZone", message: "Unknown time zone." },
      { path: "calendar.hours.1", message: "A span must close after it opens." },
      { path: "calendar.holidays.0", message: "Not a date." },
    ]),
  );
  renderWithClient(<SlaPolicyEditor />);
  const zone = await screen.findByRole("textbox", { name: "Time zone" });
  await user.type(screen.getByRole("textbox", { name: /^Holidays/ }), "2026-12-24");
  await user.click(screen.getByRole("button", { name: "Save policy" }));

  await waitFor(() => expect(zone).toHaveAccessibleDescription("Unknown time zone."));
  expect(zone).toBeInvalid();
  for (const name of ["Span 2 opens", "Span 2 closes"]) {
    const box = screen.getByRole("textbox", { name });
    expect(box).toBeInvalid();
    expect(box).toHaveAccessibleDescription("A span must close after it opens.");
  }
  expect(screen.getByRole("combobox", { name: "Span 2 day" })).toHaveAccessibleDescription(
    "A span must close after it opens.",
  );
  expect(screen.getByRole("textbox", { name: /^Holidays/ })).toHaveAccessibleDescription(
    "Holiday 1: Not a date.",
  );
});

test("when Save policy is refused before sending, then the focus goes to the first invalid field, described by its message", async () => {
  const user = userEvent.setup();
  server.use(http.get("/api/sla-policies", () => HttpResponse.json(policy())));
  renderWithClient(<SlaPolicyEditor />);
  const high = await screen.findByRole("spinbutton", { name: "High first response (minutes)" });
  await user.clear(high);
  await user.type(high, "0");
  // Earlier on the page than High's row: the first of the two invalid fields.
  const low = field("Low resolution (minutes)");
  await user.clear(low);
  await user.type(low, "1.5");
  screen.getByRole("button", { name: "Save policy" }).focus();
  await user.keyboard("{Enter}");

  await waitFor(() => expect(low).toHaveFocus());
  expect(low).toBeInvalid();
  expect(low).toHaveAccessibleDescription("Enter a whole number of minutes from 1 to 525,600.");
  expect(high).toBeInvalid();
});

test("when the server refuses Save policy with field details, then the focus goes to the first field it names", async () => {
  const user = userEvent.setup();
  server.use(
    http.get("/api/sla-policies", () => HttpResponse.json(policy())),
    refusedWith([
      { path: "calendar.holidays.0", message: "Not a date." },
      { path: "calendar.hours.1", message: "A span must close after it opens." },
    ]),
  );
  renderWithClient(<SlaPolicyEditor />);
  await screen.findByRole("textbox", { name: "Time zone" });
  await user.type(screen.getByRole("textbox", { name: /^Holidays/ }), "2026-12-24");
  screen.getByRole("button", { name: "Save policy" }).focus();
  await user.keyboard("{Enter}");

  // The span comes before the holidays on the page, whatever the order of the details.
  const opens = screen.getByRole("textbox", { name: "Span 2 opens" });
  await waitFor(() => expect(opens).toHaveFocus());
  expect(opens).toBeInvalid();
  expect(opens).toHaveAccessibleDescription("A span must close after it opens.");
  expect(screen.getByRole("alert")).toHaveTextContent("Some fields need fixing");
});
