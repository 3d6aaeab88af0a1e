import { act, screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { makeTicket } from "../../../../test/fixtures";
import { recordRequests, server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import { serverSends } from "../../../../test/fake-socket";
import TicketListPane from "./TicketListPane";
import type { TicketFilters } from "../api/tickets";

// The socket service is the one part replaced: the test plays the server's events.
vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { useTicketQueue } = await import("../hooks/useTickets");
const { useTicketCount, COUNT_REFRESH_DELAY_MS } = await import("../hooks/useTicketCount");

function Queue({ filters }: { filters: TicketFilters }) {
  const queue = useTicketQueue(filters);
  const count = useTicketCount(filters);
  return (
    <TicketListPane
      title="Support queue"
      search=""
      onSearch={() => {}}
      searchLabel="Search tickets"
      searchPlaceholder="Search"
      queue={queue}
      count={count}
      listLabel="Ticket queue"
      selectedId={null}
      onSelect={() => {}}
      emptyTitle="No tickets match"
      emptyHint=""
    />
  );
}

test("when the queue shows, then its title says how many tickets the filters match, and a burst of ticket events reads the count once", async () => {
  server.use(
    http.get("/api/tickets", () => HttpResponse.json({ items: [makeTicket()], nextCursor: null })),
    http.get("/api/tickets/count", () => HttpResponse.json({ count: 312, capped: false })),
  );
  const sent = recordRequests();
  renderWithClient(<Queue filters={{ status: ["open", "in_progress"], q: "refund", sort: "priority" }} />);

  expect(await screen.findByText("312 tickets")).toBeInTheDocument();
  const counts = () => sent.filter((r) => r.path === "/api/tickets/count");
  expect(counts()).toHaveLength(1);
  // The list's filters, and nothing about the page: the server refuses sort, limit and cursor here.
  expect(Object.fromEntries(counts()[0]!.query)).toEqual({ status: "open,in_progress", q: "refund" });

  server.use(http.get("/api/tickets/count", () => HttpResponse.json({ count: 10_000, capped: true })));
  act(() => {
    for (let i = 0; i < 20; i++) serverSends("ticket:updated", makeTicket({ id: `t${i}` }));
    serverSends("ticket:created", makeTicket({ id: "new" }));
  });
  // Not at once: the label keeps the number it has until the burst settles.
  expect(screen.getByText("312 tickets")).toBeInTheDocument();
  await waitFor(() => expect(screen.getByText("10,000+ tickets")).toBeInTheDocument(), {
    timeout: COUNT_REFRESH_DELAY_MS + 5_000,
  });
  expect(counts()).toHaveLength(2);
});

test("when the count cannot be read, then the title shows no number and the list still shows", async () => {
  server.use(
    http.get("/api/tickets", () =>
      HttpResponse.json({ items: [makeTicket({ subject: "Still here" })], nextCursor: null }),
    ),
    http.get("/api/tickets/count", () =>
      HttpResponse.json({ error: { code: "INTERNAL", message: "Boom.", requestId: "r" } }, { status: 500 }),
    ),
  );
  renderWithClient(<Queue filters={{}} />);
  expect(await screen.findByText("Still here")).toBeInTheDocument();
  await waitFor(() => expect(screen.queryByText("Counting tickets…")).not.toBeInTheDocument());
  expect(screen.queryByTestId("ticket-count")).not.toBeInTheDocument();
});
