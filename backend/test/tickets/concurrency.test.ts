import { useTicketContext } from "./helpers";

const { ctx, api } = useTicketContext();

type Ev = { type: string; from: string | null; to: string | null };

/** Each event's `from` must be the previous event's `to`: only true if no PATCH read a stale row. */
function expectChain(events: Ev[], start: string | null) {
  let current = start;
  for (const e of events) {
    expect(e.from).toBe(current);
    current = e.to;
  }
  return current;
}

test("when two admins PATCH one ticket concurrently, then no update is lost and the timeline chains", async () => {
  const shop = await ctx.shopUser();
  const alice = await ctx.admin({ name: "Alice" });
  const bob = await ctx.admin({ name: "Bob" });
  const assignees = [alice, bob, await ctx.admin(), await ctx.admin(), await ctx.admin()];
  const t = await api.ticket(shop);

  // The order the server applies these in is up to the race; repeats back to back are no-ops.
  const priorities = ["low", "high", "urgent", "low", "high"];
  const results = await Promise.all([
    ...priorities.map((priority) => api.patch(alice, t.id, { priority })),
    ...assignees.map((a) => api.patch(bob, t.id, { assigneeId: a.userId })),
  ]);
  expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));

  const final = (await api.get(alice, t.id)).body;
  const events: Ev[] = (await api.events(alice, t.id)).body.items;
  const priorityEvents = events.filter((e) => e.type === "priority");
  const assigneeEvents = events.filter((e) => e.type === "assignee");

  // Five distinct assignees, starting from none: each PATCH is a change, so five events that chain.
  expect(assigneeEvents).toHaveLength(5);
  expect(expectChain(assigneeEvents, null)).toBe(final.assigneeId);
  expect(new Set(assigneeEvents.map((e) => e.to))).toEqual(new Set(assignees.map((a) => a.userId)));
  // Priorities may repeat back to back (then no change, no event), but the chain must hold and end at the final value.
  expect(priorityEvents.length).toBeGreaterThanOrEqual(3);
  expect(expectChain(priorityEvents, "medium")).toBe(final.priority);
  // Both admins' last writes survived.
  expect(final.assigneeId).not.toBeNull();
  expect(final.priority).not.toBe("medium");
});

test("when admins race to change status, then exactly the legal transitions win", async () => {
  const shop = await ctx.shopUser();
  const admins = [await ctx.admin(), await ctx.admin(), await ctx.admin(), await ctx.admin()];
  const t = await api.ticket(shop);
  // open -> resolved happens once; the later PATCHes find it resolved already: a no-op, not a second event.
  const results = await Promise.all(admins.map((a) => api.patch(a, t.id, { status: "resolved" })));
  expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  const events = (await api.events(shop, t.id)).body.items.filter((e: Ev) => e.type === "status");
  expect(events).toEqual([expect.objectContaining({ from: "open", to: "resolved" })]);
});

test("when messages and PATCHes interleave, then the ticket and timeline stay consistent", async () => {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const t = await api.ticket(shop);
  const results = await Promise.all([
    api.post(admin, t.id, { body: "first reply" }),
    api.post(shop, t.id, { body: "more info" }),
    api.patch(admin, t.id, { priority: "urgent" }),
    api.post(admin, t.id, { body: "second reply" }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual([200, 201, 201, 201]);
  const final = (await api.get(admin, t.id)).body;
  expect(final).toEqual(expect.objectContaining({ status: "in_progress", priority: "urgent" }));
  const messages = (await api.messages(admin, t.id)).body.items;
  expect(messages).toHaveLength(4);
  expect(final.firstResponseAt).toBe(
    messages.find((m: { senderType: string }) => m.senderType === "admin").createdAt,
  );
  const statusEvents = (await api.events(admin, t.id)).body.items.filter((e: Ev) => e.type === "status");
  expect(statusEvents).toEqual([expect.objectContaining({ from: "open", to: "in_progress" })]);
});
