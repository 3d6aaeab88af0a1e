import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import TicketList, { type TicketListProps } from "./TicketList";
import { makeTicket } from "../../../test/fixtures";

const base: TicketListProps = {
  tickets: [],
  state: "ready",
  selectedId: null,
  onSelect: () => {},
  emptyTitle: "No tickets yet",
  emptyHint: "Open one when you need help.",
};

test("when the list is loading, then a labelled loading state shows", () => {
  render(<TicketList {...base} state="loading" />);
  expect(screen.getByRole("status", { name: "Loading tickets" })).toBeInTheDocument();
});

test("when loading failed, then the error shows with a retry", async () => {
  const onRetry = vi.fn();
  render(<TicketList {...base} state="error" errorMessage="Cannot reach the server." onRetry={onRetry} />);
  expect(screen.getByRole("alert")).toHaveTextContent("Cannot reach the server.");
  await userEvent.click(screen.getByRole("button", { name: "Try again" }));
  expect(onRetry).toHaveBeenCalled();
});

test("when there are no tickets, then the empty state gives a hint", () => {
  render(<TicketList {...base} />);
  expect(screen.getByText("No tickets yet")).toBeInTheDocument();
  expect(screen.getByText("Open one when you need help.")).toBeInTheDocument();
});

test("when tickets are listed, then each shows status, priority and unread count, and selecting one reports its id", async () => {
  const onSelect = vi.fn();
  const a = makeTicket({
    subject: "Payout missing",
    status: "in_progress",
    priority: "high",
    unreadCount: 2,
  });
  const b = makeTicket({ subject: "Change shop name" });
  render(<TicketList {...base} tickets={[a, b]} selectedId={b.id} onSelect={onSelect} />);
  const rows = within(screen.getByRole("list", { name: "Tickets" })).getAllByRole("button");
  expect(rows).toHaveLength(2);
  expect(rows[0]).toHaveTextContent("Payout missing");
  expect(rows[0]).toHaveTextContent("In progress");
  expect(rows[0]).toHaveTextContent("High priority");
  expect(rows[0]).toHaveTextContent("2 unread");
  expect(rows[1]).toHaveAttribute("aria-current", "true");
  await userEvent.click(rows[0]!);
  expect(onSelect).toHaveBeenCalledWith(a.id);
});

test("when more pages exist, then a load-more control fetches them", async () => {
  const onLoadMore = vi.fn();
  render(<TicketList {...base} tickets={[makeTicket()]} hasMore onLoadMore={onLoadMore} />);
  await userEvent.click(screen.getByRole("button", { name: "Load more tickets" }));
  expect(onLoadMore).toHaveBeenCalled();
});

test("when Load more is pressed from the keyboard, then the button keeps the focus while the page loads and after it", async () => {
  const user = userEvent.setup();
  const onLoadMore = vi.fn();
  const first = [makeTicket(), makeTicket()];
  const more = [...first, makeTicket()];
  const { rerender } = render(<TicketList {...base} tickets={first} hasMore onLoadMore={onLoadMore} />);
  screen.getByRole("button", { name: "Load more tickets" }).focus();
  await user.keyboard("{Enter}");
  expect(onLoadMore).toHaveBeenCalledTimes(1);

  rerender(<TicketList {...base} tickets={first} hasMore loadingMore onLoadMore={onLoadMore} />);
  const button = screen.getByRole("button", { name: "Loading more…" });
  // Not `disabled`: a browser takes the focus off a disabled button and leaves it on <body>.
  expect(button).not.toBeDisabled();
  expect(button).toHaveAttribute("aria-disabled", "true");
  expect(button).toHaveFocus();
  await user.keyboard("{Enter}");
  expect(onLoadMore).toHaveBeenCalledTimes(1);

  rerender(<TicketList {...base} tickets={more} hasMore onLoadMore={onLoadMore} />);
  expect(screen.getByRole("button", { name: "Load more tickets" })).toHaveFocus();
});

test("when the last page arrives and the Load more button goes, then the first new row takes its focus", async () => {
  const user = userEvent.setup();
  const first = [makeTicket(), makeTicket()];
  const last = makeTicket({ subject: "First of the last page" });
  const { rerender } = render(<TicketList {...base} tickets={first} hasMore onLoadMore={() => {}} />);
  screen.getByRole("button", { name: "Load more tickets" }).focus();
  await user.keyboard("{Enter}");
  rerender(<TicketList {...base} tickets={first} hasMore loadingMore onLoadMore={() => {}} />);
  rerender(<TicketList {...base} tickets={[...first, last, makeTicket()]} onLoadMore={() => {}} />);
  expect(screen.queryByRole("button", { name: /Load more/ })).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: /First of the last page/ })).toHaveFocus();
});

test("when sorted by update, each row shows when it last changed, not its last message; by creation, when it was opened", () => {
  const hour = 3_600_000;
  const ticket = makeTicket({
    createdAt: new Date(Date.now() - 72 * hour).toISOString(),
    lastMessageAt: new Date(Date.now() - 5 * hour).toISOString(),
    updatedAt: new Date(Date.now() - 2 * 60_000).toISOString(),
  });
  const { container, rerender } = render(<TicketList {...base} tickets={[ticket]} sort="updated" />);
  const time = () => container.querySelector("time");
  expect(time()).toHaveAttribute("datetime", ticket.updatedAt);
  expect(time()).toHaveTextContent(/^Updated 2 min/);

  rerender(<TicketList {...base} tickets={[ticket]} sort="created" />);
  expect(time()).toHaveAttribute("datetime", ticket.createdAt);
  expect(time()).toHaveTextContent(/^Opened 3 days/);
});

/** What the list's polite live region says now (the loading skeleton is a status of its own). */
const announced = () =>
  screen
    .getAllByRole("status")
    .filter((s) => !s.hasAttribute("aria-label"))
    .map((s) => s.textContent?.trim());

test("when a list loads, then its count is announced politely; live updates to it are not, a new result is, even an empty one", () => {
  const [a, b] = [makeTicket(), makeTicket()];
  const { rerender } = render(<TicketList {...base} state="loading" />);
  expect(announced()).toEqual([""]);
  const region = screen.getAllByRole("status").find((s) => !s.hasAttribute("aria-label"));

  rerender(<TicketList {...base} tickets={[a, b]} />);
  expect(announced()).toEqual(["2 tickets"]);
  // A ticket arriving live changes the list, not what was said about the search.
  rerender(<TicketList {...base} tickets={[makeTicket(), a, b]} />);
  expect(announced()).toEqual(["2 tickets"]);

  // A new search: the list loads again, and finds nothing. The region was there all along.
  rerender(<TicketList {...base} state="loading" />);
  rerender(<TicketList {...base} tickets={[]} emptyTitle="No tickets match these filters" />);
  expect(announced()).toEqual(["No tickets match these filters."]);
  expect(screen.getByText("No tickets match these filters")).toBeInTheDocument();
  // The same region: one that appears together with its words is missed by some screen readers.
  expect(region).toHaveTextContent("No tickets match these filters.");
});

test("when the search changes to one already cached (no loading), then its result is announced too", () => {
  const one = [makeTicket()];
  const many = [makeTicket(), makeTicket(), makeTicket()];
  const at = (query: string, tickets: typeof one, hasMore = false) => (
    <TicketList {...base} tickets={tickets} hasMore={hasMore} resultOf={query} />
  );
  const { rerender } = render(at("q=refund", one));
  expect(announced()).toEqual(["1 ticket"]);
  rerender(at("q=", many, true));
  expect(announced()).toEqual(["3 tickets shown, more load as you scroll"]);
  rerender(at("q=", [...many, makeTicket()], true));
  expect(announced()).toEqual(["3 tickets shown, more load as you scroll"]);
});

test("when the row with the focus leaves the list, then the next row takes the focus, else the one before, else the list", () => {
  const [a, b, c] = [1, 2, 3].map((n) => makeTicket({ id: `t${n}`, subject: `Subject ${n}` }));
  const { rerender } = render(<TicketList {...base} tickets={[a!, b!, c!]} />);
  screen.getByRole("button", { name: /Subject 2/ }).focus();

  rerender(<TicketList {...base} tickets={[a!, c!]} />);
  expect(screen.getByRole("button", { name: /Subject 3/ })).toHaveFocus();

  rerender(<TicketList {...base} tickets={[a!]} />);
  expect(screen.getByRole("button", { name: /Subject 1/ })).toHaveFocus();

  rerender(<TicketList {...base} tickets={[]} />);
  expect(document.activeElement).not.toBe(document.body);
  expect(document.activeElement).toHaveTextContent("No tickets yet");
});

test("when a row leaves the list while the focus is elsewhere, then the focus stays where it is", async () => {
  const user = userEvent.setup();
  const [a, b] = [1, 2].map((n) => makeTicket({ id: `t${n}`, subject: `Subject ${n}` }));
  const { rerender } = render(
    <>
      <button type="button">Elsewhere</button>
      <TicketList {...base} tickets={[a!, b!]} />
    </>,
  );
  await user.click(screen.getByRole("button", { name: /Subject 1/ }));
  await user.click(screen.getByRole("button", { name: "Elsewhere" }));
  rerender(
    <>
      <button type="button">Elsewhere</button>
      <TicketList {...base} tickets={[b!]} />
    </>,
  );
  expect(screen.getByRole("button", { name: "Elsewhere" })).toHaveFocus();
});

test("when a subject is written right to left, then its direction is left to the browser (dir=auto), so its closing punctuation ends it", () => {
  render(<TicketList {...base} tickets={[makeTicket({ subject: "ההזמנה לא הגיעה." })]} />);
  expect(screen.getByText("ההזמנה לא הגיעה.")).toHaveAttribute("dir", "auto");
});
