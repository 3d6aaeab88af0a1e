import { QueryClient } from "@tanstack/react-query";
import {
  applyRead,
  matchesFilters,
  queueKey,
  ticketKey,
  upsertTicket,
  patchTicket,
  type QueueData,
} from "./queue-cache";
import { makeTicket } from "../../../../test/fixtures";
import type { TicketFilters } from "./tickets";

function seed(qc: QueryClient, filters: TicketFilters, items: ReturnType<typeof makeTicket>[]) {
  qc.setQueryData<QueueData>(queueKey(filters), {
    pages: [{ items, nextCursor: null }],
    pageParams: [null],
  });
}
const ids = (qc: QueryClient, filters: TicketFilters) =>
  qc.getQueryData<QueueData>(queueKey(filters))!.pages[0]!.items.map((t) => t.subject);

test("when filters name me or unassigned, then matching follows the assignee", () => {
  const mine = makeTicket({ assigneeId: "me" });
  expect(matchesFilters(mine, { assignee: "me" }, "me")).toBe(true);
  expect(matchesFilters(mine, { assignee: "unassigned" }, "me")).toBe(false);
  expect(matchesFilters(mine, { status: ["closed"] }, "me")).toBe(false);
  expect(matchesFilters(mine, { q: "refund" }, "me")).toBeNull();
});

test("when a new ticket arrives, then it goes on top of every list it matches and into no other", () => {
  const qc = new QueryClient();
  const active: TicketFilters = { status: ["open", "in_progress"] };
  const closed: TicketFilters = { status: ["closed"] };
  seed(qc, active, [makeTicket({ subject: "old" })]);
  seed(qc, closed, []);
  upsertTicket(qc, makeTicket({ subject: "new" }), "me");
  expect(ids(qc, active)).toEqual(["new", "old"]);
  expect(ids(qc, closed)).toEqual([]);
});

test("when a ticket changes so it no longer matches, then it leaves that list; a stale copy changes nothing", () => {
  const qc = new QueryClient();
  const active: TicketFilters = { status: ["open"] };
  const t = makeTicket({ subject: "a", updatedAt: "2026-01-02T00:00:00.000Z" });
  seed(qc, active, [t]);
  upsertTicket(qc, { ...t, status: "closed", updatedAt: "2026-01-01T00:00:00.000Z" }, "me");
  expect(ids(qc, active)).toEqual(["a"]);
  upsertTicket(qc, { ...t, status: "closed", updatedAt: "2026-01-03T00:00:00.000Z" }, "me");
  expect(ids(qc, active)).toEqual([]);
});

test("when a listed ticket is updated in a list sorted by activity, then it moves to the top", () => {
  const qc = new QueryClient();
  const a = makeTicket({ subject: "a", updatedAt: "2026-01-02T00:00:00.000Z" });
  const b = makeTicket({ subject: "b", updatedAt: "2026-01-01T00:00:00.000Z" });
  seed(qc, {}, [a, b]);
  upsertTicket(qc, { ...b, updatedAt: "2026-01-03T00:00:00.000Z", unreadCount: 1 }, "me");
  expect(ids(qc, {})).toEqual(["b", "a"]);
});

test("when the thread is read locally, then the unread count drops to zero everywhere", () => {
  const qc = new QueryClient();
  const t = makeTicket({ unreadCount: 3 });
  seed(qc, {}, [t]);
  patchTicket(qc, t.id, { unreadCount: 0 });
  expect(qc.getQueryData<QueueData>(queueKey({}))!.pages[0]!.items[0]!.unreadCount).toBe(0);
});

describe("a read receipt (unread counts are per side)", () => {
  const unreadIn = (qc: QueryClient, filters: TicketFilters) =>
    qc.getQueryData<QueueData>(queueKey(filters))!.pages[0]!.items.map((t) => t.unreadCount);
  const shopWrote = "2026-01-01T10:00:00.000Z";
  const read = (readerType: "admin" | "shop", readAt: string, ticketId: string, unreadCount = 0) => ({
    ticketId,
    readerType,
    upToMessageId: "m1",
    readAt,
    unreadCount,
  });

  test("when a colleague on our side reads a ticket, then our lists and our copy of the ticket show no unread", () => {
    const qc = new QueryClient();
    const t = makeTicket({ unreadCount: 1, lastMessageAt: shopWrote });
    const other = makeTicket({ unreadCount: 2, lastMessageAt: shopWrote });
    seed(qc, {}, [t, other]);
    seed(qc, { status: ["open"] }, [t]);
    qc.setQueryData(ticketKey(t.id), t);
    applyRead(qc, read("admin", "2026-01-01T10:05:00.000Z", t.id), "admin");
    expect(unreadIn(qc, {})).toEqual([0, 2]);
    expect(unreadIn(qc, { status: ["open"] })).toEqual([0]);
    expect(qc.getQueryData<ReturnType<typeof makeTicket>>(ticketKey(t.id))!.unreadCount).toBe(0);
  });

  test("when the other side reads, then our count stays: it counts their messages, not ours", () => {
    const qc = new QueryClient();
    const t = makeTicket({ unreadCount: 1, lastMessageAt: shopWrote });
    seed(qc, {}, [t]);
    applyRead(qc, read("shop", "2026-01-01T10:05:00.000Z", t.id), "admin");
    expect(unreadIn(qc, {})).toEqual([1]);
    applyRead(qc, read("shop", "2026-01-01T10:05:00.000Z", t.id), "shop");
    expect(unreadIn(qc, {})).toEqual([0]);
  });

  test("when a colleague reads only up to an older message, then the badge shows what is still unread, not 0", () => {
    const qc = new QueryClient();
    const t = makeTicket({ unreadCount: 3, lastMessageAt: shopWrote });
    seed(qc, {}, [t]);
    qc.setQueryData(ticketKey(t.id), t);
    applyRead(qc, read("admin", "2026-01-01T10:05:00.000Z", t.id, 2), "admin");
    expect(unreadIn(qc, {})).toEqual([2]);
    expect(qc.getQueryData<ReturnType<typeof makeTicket>>(ticketKey(t.id))!.unreadCount).toBe(2);
  });

  test("when the receipt is older than a message the list already counts, then the badge stays", () => {
    const qc = new QueryClient();
    const t = makeTicket({ unreadCount: 1, lastMessageAt: "2026-01-01T10:06:00.000Z" });
    seed(qc, {}, [t]);
    applyRead(qc, read("admin", "2026-01-01T10:05:00.000Z", t.id), "admin");
    expect(unreadIn(qc, {})).toEqual([1]);
  });
});
