import { QueryClient } from "@tanstack/react-query";
import { markBreached } from "./useSla";
import { matchesFilters, queueKey, ticketKey, type QueueData } from "../../tickets/api/queue-cache";
import { makeTicket } from "../../../../test/fixtures";

test("when sla.breached arrives, then every cached copy of that ticket turns breached and no other", () => {
  const qc = new QueryClient();
  const due = new Date(Date.now() + 3_600_000).toISOString();
  const late = makeTicket({ sla: { firstResponseDueAt: due, resolutionDueAt: due, breached: false } });
  const other = makeTicket();
  const filters = { sort: "due" as const };
  qc.setQueryData<QueueData>(queueKey(filters), {
    pages: [{ items: [late, other], nextCursor: null }],
    pageParams: [null],
  });
  qc.setQueryData(ticketKey(late.id), late);

  markBreached(qc, late.id);

  const items = qc.getQueryData<QueueData>(queueKey(filters))!.pages[0]!.items;
  expect(items.map((t) => t.sla.breached)).toEqual([true, false]);
  expect(items[0]!.sla.resolutionDueAt).toBe(due);
  expect(qc.getQueryData<typeof late>(ticketKey(late.id))!.sla.breached).toBe(true);
});

test("when a list is filtered by SLA state, then only the server can tell whether a changed ticket belongs", () => {
  expect(matchesFilters(makeTicket(), { sla: "breached" }, "me")).toBeNull();
  expect(matchesFilters(makeTicket(), { sla: "due_within_1h" }, "me")).toBeNull();
});
