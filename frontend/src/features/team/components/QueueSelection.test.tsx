/**
 * The admin queue's row selection and viewers, with the real pieces: TicketList's checkboxes, the
 * selection hook, the x shortcut, QueueTeamTools' bulk bar posting to the (msw) API, and the viewers
 * map fed by the socket's ticket:viewers events.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { BulkBody, Ticket } from "@parley/contract";
import { makeTicket } from "../../../../test/fixtures";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import { reconnect, serverSends, viewersAnswered } from "../../../../test/fake-socket";

// The socket service is the one part replaced: the test plays the server's events and reconnects.
vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { default: TicketList } = await import("../../../components/support/TicketList");
const { default: QueueTeamTools } = await import("./QueueTeamTools");
const { useQueueSelection } = await import("../hooks/useQueueSelection");
const { useQueueViewers } = await import("../hooks/useQueueViewers");
const { useShortcuts } = await import("../../shortcuts/useShortcuts");
const { useTicketQueue } = await import("../../tickets/hooks/useTickets");

const ME = "admin-me";

/** The queue as AdminSupportTab composes it, without the rest of the page. */
function Queue({ tickets }: { tickets: Ticket[] }) {
  const selection = useQueueSelection(tickets.map((t) => t.id));
  const viewersOf = useQueueViewers(ME);
  useShortcuts({
    toggleSelect: () => {
      const row = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>("[data-ticket-id]");
      if (row?.dataset.ticketId) selection.toggle(row.dataset.ticketId);
    },
  });
  return (
    <>
      <QueueTeamTools
        filters={{ status: ["open"] }}
        meId={ME}
        onView={() => {}}
        selectedIds={[...selection.selected]}
        onClearSelection={selection.clear}
      />
      <TicketList
        tickets={tickets}
        state="ready"
        selectedId={null}
        onSelect={() => {}}
        emptyTitle="Empty"
        label="Ticket queue"
        selection={{
          selected: selection.selected,
          onToggle: selection.toggle,
          onTogglePage: selection.togglePage,
          pageState: selection.pageState,
        }}
        viewers={(t) => viewersOf(t.id)}
      />
    </>
  );
}

/** The queue fed by the (msw) server, as AdminSupportTab feeds it: a bulk change refetches it. */
function ServerQueue() {
  const queue = useTicketQueue({ status: ["open"] });
  return <Queue tickets={queue.tickets} />;
}

/** Open tickets on the (msw) server; a bulk change applies its status, priority and tags to them. */
function serverWithTickets(count: number) {
  let tickets = Array.from({ length: count }, () => makeTicket());
  const bulkBodies: BulkBody[] = [];
  server.use(
    http.get("/api/views", () => HttpResponse.json({ items: [] })),
    http.get("/api/admins", () => HttpResponse.json({ items: [] })),
    http.get("/api/tickets", () =>
      HttpResponse.json({ items: tickets.filter((t) => t.status === "open"), nextCursor: null }),
    ),
    // The queue's count (QueueTeamTools offers "Select all matching" only when something matches).
    http.get("/api/tickets/count", () =>
      HttpResponse.json({ count: tickets.filter((t) => t.status === "open").length, capped: false }),
    ),
    http.post("/api/tickets/bulk", async ({ request }) => {
      const body = (await request.json()) as BulkBody;
      bulkBodies.push(body);
      const { status, priority } = body.set;
      tickets = tickets.map((t) =>
        body.ids?.includes(t.id) ? { ...t, ...(status && { status }), ...(priority && { priority }) } : t,
      );
      return HttpResponse.json({ jobId: body.jobId ?? "job", updated: body.ids?.length ?? 0, skipped: [] });
    }),
  );
  renderWithClient(<ServerQueue />);
  return { tickets, bulkBodies };
}

function setup(count = 5) {
  const tickets = Array.from({ length: count }, () => makeTicket());
  const bulkBodies: BulkBody[] = [];
  server.use(
    http.get("/api/views", () => HttpResponse.json({ items: [] })),
    http.get("/api/admins", () => HttpResponse.json({ items: [] })),
    http.get("/api/tickets/count", () => HttpResponse.json({ count: tickets.length, capped: false })),
    http.post("/api/tickets/bulk", async ({ request }) => {
      const body = (await request.json()) as BulkBody;
      bulkBodies.push(body);
      return HttpResponse.json({ jobId: body.jobId ?? "job", updated: body.ids?.length ?? 0, skipped: [] });
    }),
  );
  renderWithClient(<Queue tickets={tickets} />);
  const box = (t: Ticket) => screen.getByRole("checkbox", { name: `Select ticket #${t.number}` });
  return { tickets, bulkBodies, box };
}

test("when rows are ticked one by one and with shift, then the bulk bar changes exactly those tickets", async () => {
  const user = userEvent.setup();
  const { tickets, bulkBodies, box } = setup(6);
  expect(screen.queryByRole("region", { name: "Bulk actions" })).not.toBeInTheDocument();

  await user.click(box(tickets[0]!));
  // Shift-click from the first to the fourth: rows 1-4.
  await user.keyboard("{Shift>}");
  await user.click(box(tickets[3]!));
  await user.keyboard("{/Shift}");
  // A plain click on the sixth adds it alone.
  await user.click(box(tickets[5]!));
  for (const [i, t] of tickets.entries()) {
    if ([0, 1, 2, 3, 5].includes(i)) expect(box(t)).toBeChecked();
    else expect(box(t)).not.toBeChecked();
  }

  const bar = screen.getByRole("region", { name: "Bulk actions" });
  expect(bar).toHaveTextContent("Change 5 selected tickets");
  await user.selectOptions(within(bar).getByRole("combobox", { name: "Status" }), "resolved");
  await user.click(within(bar).getByRole("button", { name: "Apply" }));
  await waitFor(() => expect(bulkBodies).toHaveLength(1));
  expect(bulkBodies[0]!.filter).toBeUndefined();
  expect(new Set(bulkBodies[0]!.ids)).toEqual(new Set([0, 1, 2, 3, 5].map((i) => tickets[i]!.id)));
  expect(bulkBodies[0]!.set).toEqual({ status: "resolved" });
  await waitFor(() => expect(within(bar).getByRole("status")).toHaveTextContent("5 updated"));

  // Cancel clears the selection and the bar goes.
  await user.click(within(bar).getByRole("button", { name: "Cancel" }));
  expect(screen.queryByRole("region", { name: "Bulk actions" })).not.toBeInTheDocument();
  for (const t of tickets) expect(box(t)).not.toBeChecked();
});

test("when an Apply succeeds, then the bar is back to Keep: the next Apply sends only the new choice", async () => {
  const user = userEvent.setup();
  const { tickets, bulkBodies } = serverWithTickets(3);
  // It says how many it ticks: every loaded ticket, not just a screenful.
  await user.click(await screen.findByRole("checkbox", { name: "Select all 3 loaded tickets" }));
  const bar = screen.getByRole("region", { name: "Bulk actions" });
  const priority = within(bar).getByRole("combobox", { name: "Priority" });
  await user.selectOptions(priority, "Urgent");
  await user.click(within(bar).getByRole("button", { name: "Apply" }));
  await waitFor(() => expect(within(bar).getByRole("status")).toHaveTextContent("3 updated"));
  expect(bulkBodies[0]!.set).toEqual({ priority: "urgent" });
  expect(priority).toHaveValue("");

  // The tickets are still open and still ticked: a second change for tags must not re-send "urgent".
  await user.type(within(bar).getByRole("textbox", { name: "Tags (comma separated)" }), "vip");
  await user.click(within(bar).getByRole("button", { name: "Apply" }));
  await waitFor(() => expect(bulkBodies).toHaveLength(2));
  expect(bulkBodies[1]!.set).toEqual({ addTags: ["vip"] });
  expect(new Set(bulkBodies[1]!.ids)).toEqual(new Set(tickets.map((t) => t.id)));
});

test("when selected tickets leave the list, then they leave the selection: no bar over tickets nobody sees", async () => {
  const user = userEvent.setup();
  const { tickets } = serverWithTickets(3);
  const box = (t: Ticket) => screen.findByRole("checkbox", { name: `Select ticket #${t.number}` });
  await user.click(await box(tickets[0]!));
  await user.click(await box(tickets[1]!));
  const bar = screen.getByRole("region", { name: "Bulk actions" });
  expect(bar).toHaveTextContent("Change 2 selected tickets");

  // Closed, they are off this list of open tickets once the queue refetches after the job.
  await user.selectOptions(within(bar).getByRole("combobox", { name: "Status" }), "closed");
  await user.click(within(bar).getByRole("button", { name: "Apply" }));
  await waitFor(() =>
    expect(screen.queryByRole("checkbox", { name: `Select ticket #${tickets[0]!.number}` })).toBeNull(),
  );
  expect(screen.queryByRole("region", { name: "Bulk actions" })).not.toBeInTheDocument();

  // Ticking the ticket still listed counts it alone, not the two that went.
  await user.click(await box(tickets[2]!));
  expect(screen.getByRole("region", { name: "Bulk actions" })).toHaveTextContent("Change 1 selected ticket");
});

test("when the page checkbox is ticked, then every row is selected; a shift-click range can take rows off again", async () => {
  const user = userEvent.setup();
  const { tickets, box } = setup(4);
  const page = screen.getByRole("checkbox", { name: /^Select all \d+ loaded tickets?$/ });
  await user.click(page);
  for (const t of tickets) expect(box(t)).toBeChecked();
  expect(page).toBeChecked();

  await user.click(box(tickets[1]!)); // off, and the anchor
  expect(page).not.toBeChecked();
  expect((page as HTMLInputElement).indeterminate).toBe(true);
  await user.keyboard("{Shift>}");
  await user.click(box(tickets[3]!)); // off: 2..4 follow the clicked row's new state
  await user.keyboard("{/Shift}");
  expect(box(tickets[0]!)).toBeChecked();
  for (const t of tickets.slice(1)) expect(box(t)).not.toBeChecked();
  expect(screen.getByRole("region", { name: "Bulk actions" })).toHaveTextContent("Change 1 selected ticket");

  await user.click(page); // some → all
  for (const t of tickets) expect(box(t)).toBeChecked();
  await user.click(page); // all → none
  for (const t of tickets) expect(box(t)).not.toBeChecked();
});

test("when the keyboard is used, then Tab reaches a row's checkbox, space ticks it, and x toggles the focused row", async () => {
  const user = userEvent.setup();
  const { tickets, box } = setup(3);
  box(tickets[0]!).focus();
  await user.keyboard(" ");
  expect(box(tickets[0]!)).toBeChecked();
  // From the checkbox, Tab goes to the row's own button; x there toggles that row.
  await user.tab();
  expect(document.activeElement?.closest("[data-ticket-id]")?.getAttribute("data-ticket-id")).toBe(
    tickets[0]!.id,
  );
  await user.keyboard("x");
  expect(box(tickets[0]!)).not.toBeChecked();
  await user.tab(); // the second row's checkbox
  await user.keyboard("x");
  expect(box(tickets[1]!)).toBeChecked();
  expect(screen.getByRole("region", { name: "Bulk actions" })).toHaveTextContent("Change 1 selected ticket");
});

test("when another admin opens a ticket, then its row shows their initials; my own viewing and a left ticket show nothing; a reconnect starts afresh", async () => {
  const { tickets } = setup(3);
  const row = (t: Ticket) =>
    screen.getByRole("checkbox", { name: `Select ticket #${t.number}` }).closest("li")!;
  // The query cache tells the rows after a tick, so each check waits for the rows to catch up.
  const shows = (t: Ticket, label: string) => waitFor(() => within(row(t)).getByLabelText(label));
  const showsNobody = (t: Ticket) =>
    waitFor(() => expect(within(row(t)).queryByLabelText(/Also viewing/)).not.toBeInTheDocument());
  await viewersAnswered(); // the queue's request on mount (the server lists nobody)

  serverSends("ticket:viewers", {
    ticketId: tickets[0]!.id,
    viewers: [
      { userId: "admin-ada", name: "Ada Lovelace" },
      { userId: ME, name: "Me Myself" },
    ],
  });
  serverSends("ticket:viewers", { ticketId: tickets[1]!.id, viewers: [{ userId: ME, name: "Me Myself" }] });
  serverSends("ticket:viewers", {
    ticketId: tickets[2]!.id,
    viewers: [{ userId: "admin-grace", name: "Grace" }],
  });

  expect(await shows(tickets[0]!, "Also viewing: Ada Lovelace")).toHaveTextContent("AL");
  expect(await shows(tickets[2]!, "Also viewing: Grace")).toHaveTextContent("G");
  // Only I view the second ticket: nothing to show.
  expect(within(row(tickets[1]!)).queryByLabelText(/Also viewing/)).not.toBeInTheDocument();

  // Grace leaves.
  serverSends("ticket:viewers", { ticketId: tickets[2]!.id, viewers: [] });
  await showsNobody(tickets[2]!);
  expect(within(row(tickets[0]!)).getByLabelText("Also viewing: Ada Lovelace")).toBeInTheDocument();

  // After a reconnect the old lists are gone until the server sends the current ones.
  await reconnect();
  await showsNobody(tickets[0]!);
  serverSends("ticket:viewers", {
    ticketId: tickets[0]!.id,
    viewers: [{ userId: "admin-ada", name: "Ada" }],
  });
  await shows(tickets[0]!, "Also viewing: Ada");
});
