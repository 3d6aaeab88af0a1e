import { fireEvent, screen, waitFor, within, render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import type { AnalyticsSummary, AnalyticsTicketList, SlaPolicies } from "@parley/contract";
import AnalyticsPage from "./AnalyticsPage";
import { recordRequests, server } from "../../../../test/msw";
import { testQueryClient } from "../../../../test/render";

// recharts' ResponsiveContainer measures its box; jsdom has no layout, so give it an observer that never fires.
class NoResize {
  observe() {}
  unobserve() {}
  disconnect() {}
}
beforeAll(() => {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= NoResize;
});

const SUMMARY: AnalyticsSummary = {
  created: 7,
  resolved: 4,
  backlog: { byStatus: { open: 2, in_progress: 1 }, byPriority: { low: 0, medium: 2, high: 1, urgent: 0 } },
  firstResponseSeconds: { median: 5400, p90: 14_400 },
  resolutionSeconds: { median: 28_800, p90: 90_000 },
  sla: { attainment: 0.8571 },
  series: [
    { date: "2026-11-01", created: 3, resolved: 1 },
    { date: "2026-11-02", created: 4, resolved: 3 },
  ],
};
const EMPTY: AnalyticsSummary = {
  ...SUMMARY,
  created: 0,
  resolved: 0,
  firstResponseSeconds: { median: null, p90: null },
  resolutionSeconds: { median: null, p90: null },
  sla: { attainment: null },
  series: [
    { date: "2026-11-01", created: 0, resolved: 0 },
    { date: "2026-11-02", created: 0, resolved: 0 },
  ],
};
const TICKETS: AnalyticsTicketList = {
  total: 1,
  items: [
    {
      id: "11111111-0000-4000-8000-000000000001",
      number: 1042,
      shopId: "shop-acme",
      subject: "Payout missing",
      status: "resolved",
      priority: "high",
      category: "Payments",
      assigneeId: "admin-1",
      createdAt: "2026-11-02T10:00:00Z",
      resolvedAt: "2026-11-02T15:00:00Z",
      breached: true,
    },
  ],
};

/** Business hours 09:00–17:00 on weekdays: a business day of 8 h. */
const POLICY: SlaPolicies = {
  calendar: {
    timeZone: "Europe/Berlin",
    hours: (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({
      day,
      start: "09:00",
      end: "17:00",
    })),
    holidays: [],
  },
  targets: [],
  updatedAt: "2026-11-01T10:00:00.000Z",
  updatedBy: null,
  appliesTo: "tickets created after updatedAt",
};

function api(summary: AnalyticsSummary | "fail" = SUMMARY) {
  server.use(
    http.get("/api/sla-policies", () => HttpResponse.json(POLICY)),
    http.get("/api/analytics/summary", () =>
      summary === "fail"
        ? HttpResponse.json({ error: { code: "INTERNAL", message: "Boom" } }, { status: 500 })
        : HttpResponse.json(summary),
    ),
    http.get("/api/analytics/breakdown", ({ request }) =>
      HttpResponse.json({
        by: new URL(request.url).searchParams.get("by"),
        items: [{ key: "shop-acme", created: 7, resolved: 4, backlog: 3, breached: 1, attainment: 0.8571 }],
      }),
    ),
    http.get("/api/analytics/tickets", () => HttpResponse.json(TICKETS)),
    http.get("/api/faq/stats", () =>
      HttpResponse.json({
        since: null,
        deflection: { sessions: 10, deflected: 6, filed: 4, rate: 0.6, definition: "Sessions." },
        zeroResultSearches: [],
        leastHelpful: [],
      }),
    ),
    http.get("/api/analytics/satisfaction", () =>
      HttpResponse.json({
        overall: { count: 3, average: 4 },
        byAdmin: [
          { assigneeId: "admin-1", count: 2, average: 4.5 },
          { assigneeId: null, count: 1, average: 3 },
        ],
        byCategory: [{ category: "Payments", count: 3, average: 4 }],
      }),
    ),
    http.get("/api/admins", () =>
      HttpResponse.json({ items: [{ id: "admin-1", name: "Ada", role: "admin" }] }),
    ),
    http.get("/api/shops", () =>
      HttpResponse.json({ items: [{ id: "shop-acme", name: "Acme", role: "shop" }] }),
    ),
  );
}

let location = "";
function Where() {
  const l = useLocation();
  location = `${l.pathname}${l.search}`;
  return null;
}

function renderAt(url: string) {
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route
            path="/admin/analytics"
            element={
              <>
                <AnalyticsPage />
                <Where />
              </>
            }
          />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const params = () => new URLSearchParams(location.split("?")[1] ?? "");

describe("AnalyticsPage", () => {
  test("the filters come from the URL and go to the API; changing one updates the URL and the figures", async () => {
    api();
    const sent = recordRequests();
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02&shop=shop-acme&category=Payments");

    const figures = await screen.findByLabelText("Key figures");
    expect(within(figures).getByRole("button", { name: /Created: 7/ })).toBeInTheDocument();
    expect(within(figures).getByText("1 h 30 min")).toBeInTheDocument(); // first response median
    expect(within(figures).getByText("85.7%")).toBeInTheDocument();

    const summaryQuery = sent.find((r) => r.path === "/api/analytics/summary")!.query;
    expect(summaryQuery.get("shopId")).toBe("shop-acme");
    expect(summaryQuery.get("category")).toBe("Payments");
    expect(new Date(summaryQuery.get("from")!).getTime()).toBe(new Date("2026-11-01T00:00:00").getTime());
    // `to` is inclusive in the UI: the API gets the start of the next day
    expect(new Date(summaryQuery.get("to")!).getTime()).toBe(new Date("2026-11-03T00:00:00").getTime());

    await userEvent.selectOptions(await screen.findByLabelText("Priority"), "urgent");
    await waitFor(() => expect(params().get("priority")).toBe("urgent"));
    expect(params().get("shop")).toBe("shop-acme");
    await waitFor(() =>
      expect(
        sent.some((r) => r.path === "/api/analytics/summary" && r.query.get("priority") === "urgent"),
      ).toBe(true),
    );
  });

  test("the FAQ deflection card asks for the page's period and shop, and says which filters it cannot apply", async () => {
    api();
    const sent = recordRequests();
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02&shop=shop-acme&category=Payments");

    const card = await screen.findByRole("region", { name: "FAQ deflection beside ticket volume" });
    await waitFor(() => expect(sent.some((r) => r.path === "/api/faq/stats")).toBe(true));
    const query = sent.find((r) => r.path === "/api/faq/stats")!.query;
    expect(query.get("shopId")).toBe("shop-acme");
    expect(new Date(query.get("since")!).getTime()).toBe(new Date("2026-11-01T00:00:00").getTime());
    expect(new Date(query.get("until")!).getTime()).toBe(new Date("2026-11-03T00:00:00").getTime());
    expect(
      await within(card).findByText(/those filters apply to the tickets only/, { exact: false }),
    ).toBeInTheDocument();

    // Another shop is another question to the server.
    await userEvent.selectOptions(screen.getByLabelText("Shop"), "All shops");
    await waitFor(() =>
      expect(sent.some((r) => r.path === "/api/faq/stats" && !r.query.has("shopId"))).toBe(true),
    );
  });

  test("when a time reaches 48 business hours, then it reads as business hours and business days of the calendar", async () => {
    api({ ...SUMMARY, resolutionSeconds: { median: 28_800, p90: 180_000 } });
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    const figures = await screen.findByLabelText("Key figures");
    expect(within(figures).getByText("8 h")).toBeInTheDocument(); // resolution median
    // 50 business hours are about six 8-hour business days, not "2 d 2 h" of clock time.
    expect(
      await within(figures).findByText("median · p90 50 business hours (about 6.3 business days of 8 h)"),
    ).toBeInTheDocument();
    expect(within(figures).queryByText(/\d d\b/)).not.toBeInTheDocument();
  });

  test("when a median reaches 48 business hours, then the large figure says the hours and the line below the days", async () => {
    api({ ...SUMMARY, firstResponseSeconds: { median: 172_800, p90: 288_000 } });
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    const figures = await screen.findByLabelText("Key figures");
    expect(within(figures).getByText("48 business hours")).toBeInTheDocument();
    expect(
      await within(figures).findByText(
        "median (6 business days of 8 h) · p90 80 business hours (10 business days of 8 h)",
      ),
    ).toBeInTheDocument();
  });

  test("a chart's 'Show table' lists its figures as an accessible table", async () => {
    api();
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    const card = (await screen.findByRole("heading", { name: "Created and resolved per day" })).closest(
      "section",
    )!;
    await userEvent.click(within(card).getByRole("button", { name: "Show table" }));
    const table = within(card).getByRole("table", { name: "Created and resolved per day" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(within(rows[2]!).getByRole("rowheader")).toHaveTextContent("2026-11-02");
    expect(within(rows[2]!).getByRole("button", { name: /4 created on 2026-11-02/ })).toBeInTheDocument();
    expect(within(card).getByRole("button", { name: "Show chart" })).toHaveAttribute("aria-pressed", "true");
  });

  test("the report exports the period's tickets as CSV with its filters, without opening a drill-down", async () => {
    api();
    const exports: URL[] = [];
    server.use(
      http.get("/api/analytics/export.csv", ({ request }) => {
        exports.push(new URL(request.url));
        return new HttpResponse("number,id\r\n", { headers: { "Content-Type": "text/csv" } });
      }),
    );
    // jsdom has no object URLs; the download itself is the browser's.
    URL.createObjectURL = () => "blob:csv";
    URL.revokeObjectURL = () => {};
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02&priority=high");
    await userEvent.click(await screen.findByRole("button", { name: "Export tickets created (CSV)" }));
    await waitFor(() => expect(exports).toHaveLength(1));
    expect(exports[0]!.searchParams.get("figure")).toBe("created");
    expect(exports[0]!.searchParams.get("priority")).toBe("high");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  test("a figure drills down to its tickets (in the URL), each linking to the ticket", async () => {
    api();
    const sent = recordRequests();
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    await userEvent.click(await screen.findByRole("button", { name: /SLA attainment 85.7%/ }));
    await waitFor(() => expect(params().get("drill")).toBe("breached"));
    const list = await screen.findByRole("list", { name: "Tickets with a missed deadline" });
    const link = within(list).getByRole("link", { name: /#1042 Payout missing/ });
    expect(link).toHaveAttribute("href", `/admin?ticket=${TICKETS.items[0]!.id}`);
    expect(within(list).getByText("SLA breached")).toBeInTheDocument();
    expect(sent.find((r) => r.path === "/api/analytics/tickets")!.query.get("figure")).toBe("breached");
    expect(screen.getByRole("button", { name: "Export CSV" })).toBeInTheDocument();

    // A day of the series narrows the list to that day
    const card = screen.getByRole("heading", { name: "Created and resolved per day" }).closest("section")!;
    await userEvent.click(within(card).getByRole("button", { name: "Show table" }));
    await userEvent.click(within(card).getByRole("button", { name: /4 created on 2026-11-02/ }));
    await waitFor(() => expect(params().get("day")).toBe("2026-11-02"));
    await waitFor(() => {
      const q = sent.filter((r) => r.path === "/api/analytics/tickets").at(-1)!.query;
      expect(q.get("figure")).toBe("created");
      expect(new Date(q.get("from")!).getTime()).toBe(new Date("2026-11-02T00:00:00").getTime());
    });
  });

  test("when a figure is pressed from the keyboard, then it keeps the focus; Close list hands the focus back to it", async () => {
    api();
    const user = userEvent.setup();
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    (await screen.findByRole("button", { name: "Resolved: 4, show the tickets" })).focus();
    await user.keyboard("{Enter}");
    await screen.findByRole("list", { name: "Tickets resolved" });
    expect(screen.getByRole("button", { name: "Resolved: 4, show the tickets" })).toHaveFocus();

    screen.getByRole("button", { name: "Close list" }).focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.queryByRole("region", { name: "Drill-down" })).not.toBeInTheDocument());
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Resolved: 4, show the tickets" })).toHaveFocus(),
    );
  });

  test("when a card's own figures fail to load, then it says so with Try again, which loads them", async () => {
    api();
    let fail = true;
    const boom = () => HttpResponse.json({ error: { code: "INTERNAL", message: "Boom" } }, { status: 500 });
    server.use(
      http.get("/api/analytics/breakdown", () =>
        fail
          ? boom()
          : HttpResponse.json({
              by: "shop",
              items: [
                { key: "shop-acme", created: 7, resolved: 4, backlog: 3, breached: 1, attainment: 0.8571 },
              ],
            }),
      ),
      http.get("/api/analytics/satisfaction", boom),
      http.get("/api/faq/stats", boom),
    );
    const user = userEvent.setup();
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    const card = (name: string) => screen.getByRole("region", { name });
    await waitFor(() =>
      expect(within(card("Per shop")).getByRole("alert")).toHaveTextContent(
        "The breakdown could not be loaded.",
      ),
    );
    await waitFor(() =>
      expect(within(card("Satisfaction (1–5)")).getByRole("alert")).toHaveTextContent(
        "The satisfaction scores could not be loaded.",
      ),
    );
    await waitFor(() =>
      expect(within(card("FAQ deflection beside ticket volume")).getByRole("alert")).toHaveTextContent(
        "The FAQ figures could not be loaded.",
      ),
    );
    fail = false;
    await user.click(within(card("Per shop")).getByRole("button", { name: "Try again" }));
    await user.click(within(card("Per shop")).getByRole("button", { name: "Show table" }));
    expect(
      await within(card("Per shop")).findByRole("button", { name: "Acme: 7 created, show the tickets" }),
    ).toBeInTheDocument();
  });

  test("when a card's Try again loads its figures, then the focus goes to the card (by its name), not into the chart or to <body>", async () => {
    api();
    let fail = true;
    const boom = () => HttpResponse.json({ error: { code: "INTERNAL", message: "Boom" } }, { status: 500 });
    server.use(
      http.get("/api/analytics/satisfaction", () =>
        fail
          ? boom()
          : HttpResponse.json({
              overall: { count: 1, average: 5 },
              byAdmin: [{ assigneeId: "admin-1", count: 1, average: 5 }],
              byCategory: [],
            }),
      ),
    );
    const user = userEvent.setup();
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    const card = await screen.findByRole("region", { name: "Satisfaction (1–5)" });
    const retry = await within(card).findByRole("button", { name: "Try again" });
    fail = false;
    retry.focus();
    await user.keyboard("{Enter}");
    await within(card).findByText(/Average 5\.0 from 1 rated tickets/);
    await waitFor(() => expect(screen.getByRole("region", { name: "Satisfaction (1–5)" })).toHaveFocus());
  });

  test("empty and error states", async () => {
    api(EMPTY);
    const { unmount } = renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    expect(await screen.findByText(/No tickets were created or resolved in this period/)).toBeInTheDocument();
    unmount();
    api("fail");
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    expect(await screen.findByText(/The analytics could not be loaded/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /retry|try again/i })).toBeInTheDocument();
  });
  test("satisfaction scores for the period show per admin (by name) and per category, with a table view", async () => {
    api();
    const sent = recordRequests();
    const user = userEvent.setup();
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    const card = await screen.findByRole("region", { name: "Satisfaction (1–5)" });
    await within(card).findByText(/Average 4\.0 from 3 rated tickets/);
    await user.click(within(card).getByRole("button", { name: "Show table" }));
    const row = (name: string) => within(card).getByRole("rowheader", { name }).closest("tr")!;
    await waitFor(() => expect(row("Ada")).toHaveTextContent("4.5"));
    expect(row("Unassigned")).toHaveTextContent("3.0");
    expect(row("Payments")).toHaveTextContent("Category");
    const query = sent.find((r) => r.path === "/api/analytics/satisfaction")!.query;
    expect(new Date(query.get("from")!).getTime()).toBe(new Date("2026-11-01T00:00:00").getTime());
  });

  test("a custom period is applied with Apply; a reversed one is explained next to the dates and never sent", async () => {
    api();
    const sent = recordRequests();
    const user = userEvent.setup();
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    await screen.findByLabelText("Key figures");
    const from = screen.getByLabelText("From");
    const apply = screen.getByRole("button", { name: "Apply period" });

    fireEvent.change(from, { target: { value: "2026-11-09" } });
    expect(from).toHaveAccessibleDescription("The start date must be on or before the end date.");
    expect(from).toHaveAttribute("aria-invalid", "true");
    expect(apply).toBeDisabled();
    await user.click(apply);
    expect(params().get("from")).toBe("2026-11-01");

    fireEvent.change(from, { target: { value: "2026-10-20" } });
    expect(from).not.toHaveAttribute("aria-invalid", "true");
    await user.click(apply);
    await waitFor(() => expect(params().get("from")).toBe("2026-10-20"));
    await waitFor(() =>
      expect(
        sent.some(
          (r) =>
            r.path === "/api/analytics/summary" &&
            new Date(r.query.get("from")!).getTime() === new Date("2026-10-20T00:00:00").getTime(),
        ),
      ).toBe(true),
    );
    const reversed = sent.filter((r) => {
      const f = r.query.get("from");
      const t = r.query.get("to");
      return f && t && new Date(f) >= new Date(t);
    });
    expect(reversed).toEqual([]);
  });

  test("when a period is applied (Enter in To, Apply, a preset), then focus stays on the control that applied it", async () => {
    api();
    const user = userEvent.setup();
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02");
    await screen.findByLabelText("Key figures");

    const to = screen.getByLabelText("To");
    await user.click(to);
    fireEvent.change(to, { target: { value: "2026-11-05" } });
    await user.keyboard("{Enter}");
    await waitFor(() => expect(params().get("to")).toBe("2026-11-05"));
    // The same box, still focused: not a new one with focus dropped on <body>.
    expect(screen.getByLabelText("To")).toBe(to);
    expect(to).toHaveFocus();
    expect(to).toHaveValue("2026-11-05");

    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-10-20" } });
    const apply = screen.getByRole("button", { name: "Apply period" });
    await user.click(apply);
    await waitFor(() => expect(params().get("from")).toBe("2026-10-20"));
    expect(screen.getByRole("button", { name: "Apply period" })).toBe(apply);
    expect(apply).toHaveFocus();

    const preset = screen.getByRole("combobox", { name: "Period" });
    await user.selectOptions(preset, "30");
    await waitFor(() => expect(params().get("to")).not.toBe("2026-11-05"));
    expect(preset).toHaveFocus();
    expect(preset).toHaveValue("30");
    // The draft follows the applied period.
    expect(screen.getByLabelText("To")).toHaveValue(params().get("to"));
  });

  test("the category filter offers the categories by their names; one from a link that is not among them still shows", async () => {
    api();
    const sent = recordRequests();
    renderAt("/admin/analytics?from=2026-11-01&to=2026-11-02&category=Payments");
    await screen.findByLabelText("Key figures");
    const category = screen.getByRole("combobox", { name: "Category" });
    expect(category).toHaveDisplayValue("Payments");
    await userEvent.selectOptions(
      category,
      within(category).getByRole("option", { name: "Payouts & billing" }),
    );
    await waitFor(() => expect(params().get("category")).toBe("payouts"));
    await waitFor(() =>
      expect(
        sent.some((r) => r.path === "/api/analytics/summary" && r.query.get("category") === "payouts"),
      ).toBe(true),
    );
    await userEvent.selectOptions(category, "Any category");
    await waitFor(() => expect(params().has("category")).toBe(false));
  });

  test("a reversed period in the URL asks for no figures and says what to fix", async () => {
    api();
    const sent = recordRequests();
    renderAt("/admin/analytics?from=2026-11-09&to=2026-11-02");
    expect(await screen.findByText("Fix the period above to see the figures.")).toBeInTheDocument();
    expect(screen.getByLabelText("To")).toHaveAccessibleDescription(
      "The start date must be on or before the end date.",
    );
    expect(screen.getByRole("button", { name: "Apply period" })).toBeDisabled();
    expect(sent.filter((r) => r.path.startsWith("/api/analytics") || r.path === "/api/faq/stats")).toEqual(
      [],
    );
  });
});
