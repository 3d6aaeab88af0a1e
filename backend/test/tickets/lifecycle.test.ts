import { type Actor } from "../support/test-context";
import { expectError, useTicketContext } from "./helpers";

const { ctx, api } = useTicketContext();

type Status = "open" | "in_progress" | "resolved" | "closed";

/** The lifecycle's own entries; the SLA clock's (sla_*) are checked in test/analytics/sla.test.ts. */
const withoutSla = (items: Array<{ type: string }>) => items.filter((e) => !e.type.startsWith("sla_"));

/** The admin path to each status, through the API only. */
const PATH_TO: Record<Status, Status[]> = {
  open: [],
  in_progress: ["in_progress"],
  resolved: ["resolved"],
  closed: ["closed"],
};

async function ticketIn(status: Status) {
  const shop = await ctx.shopUser();
  const admin = await ctx.admin();
  const t = await api.ticket(shop);
  for (const s of PATH_TO[status]) {
    const res = await api.patch(admin, t.id, { status: s });
    expect(res.status).toBe(200);
  }
  return { shop, admin, id: t.id, messageId: t.message.id };
}

const ALLOWED: Array<[Status, Status, "admin" | "shop"]> = [
  ["open", "in_progress", "admin"],
  ["in_progress", "resolved", "admin"],
  ["resolved", "closed", "admin"],
  ["open", "resolved", "admin"],
  ["open", "closed", "admin"],
  ["in_progress", "closed", "admin"],
  ["open", "closed", "shop"],
  ["in_progress", "closed", "shop"],
  ["resolved", "closed", "shop"],
  ["resolved", "open", "admin"],
  ["closed", "open", "admin"],
  ["resolved", "open", "shop"],
  ["closed", "open", "shop"],
];
const STATUSES: Status[] = ["open", "in_progress", "resolved", "closed"];
const isAllowed = (from: Status, to: Status, role: string) =>
  ALLOWED.some(([f, t, r]) => f === from && t === to && r === role);

describe("PATCH status over every (from, to, role)", () => {
  const cases = STATUSES.flatMap((from) =>
    STATUSES.filter((to) => to !== from).flatMap((to) =>
      (["admin", "shop"] as const).map((role) => [from, to, role, isAllowed(from, to, role)] as const),
    ),
  );
  test.each(cases)("%s -> %s as %s (allowed: %s)", async (from, to, role, allowed) => {
    const { shop, admin, id } = await ticketIn(from);
    const actor: Actor = role === "admin" ? admin : shop;
    const res = await api.patch(actor, id, { status: to });
    if (allowed) {
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(to);
      const events = withoutSla((await api.events(admin, id)).body.items);
      expect(events[events.length - 1]).toEqual(
        expect.objectContaining({ type: "status", actorId: actor.userId, from, to }),
      );
    } else {
      expectError(res, 409, "INVALID_TRANSITION");
      expect((await api.get(admin, id)).body.status).toBe(from);
    }
  });

  test("when the status is set to what it already is, then 200 and no timeline entry", async () => {
    const { admin, id } = await ticketIn("in_progress");
    const res = await api.patch(admin, id, { status: "in_progress" });
    expect(res.status).toBe(200);
    expect(withoutSla((await api.events(admin, id)).body.items)).toHaveLength(2);
  });
});

describe("status timestamps", () => {
  test("when resolved, closed and reopened, then resolvedAt and closedAt follow", async () => {
    const { admin, shop, id } = await ticketIn("open");
    const resolved = (await api.patch(admin, id, { status: "resolved" })).body;
    expect(resolved.resolvedAt).toEqual(expect.any(String));
    expect(resolved.closedAt).toBeNull();
    const closed = (await api.patch(shop, id, { status: "closed" })).body;
    expect(closed.closedAt).toEqual(expect.any(String));
    expect(closed.resolvedAt).toBe(resolved.resolvedAt);
    const reopened = (await api.patch(shop, id, { status: "open" })).body;
    expect(reopened).toEqual(expect.objectContaining({ status: "open", resolvedAt: null, closedAt: null }));
    expect(Date.parse(reopened.updatedAt)).toBeGreaterThanOrEqual(Date.parse(closed.updatedAt));
  });
});

describe("PATCH by role", () => {
  test("when a shop sends priority or assigneeId, then 403 FORBIDDEN and nothing changes", async () => {
    const { shop, admin, id } = await ticketIn("open");
    expectError(await api.patch(shop, id, { priority: "urgent" }), 403, "FORBIDDEN");
    expectError(await api.patch(shop, id, { assigneeId: admin.userId }), 403, "FORBIDDEN");
    expectError(await api.patch(shop, id, { status: "closed", priority: "low" }), 403, "FORBIDDEN");
    const t = (await api.get(admin, id)).body;
    expect(t).toEqual(expect.objectContaining({ status: "open", priority: "medium", assigneeId: null }));
  });

  test("when an admin assigns an admin and then unassigns, then 200 both times", async () => {
    const { admin, id } = await ticketIn("open");
    const other = await ctx.admin({ name: "Other" });
    expect((await api.patch(admin, id, { assigneeId: other.userId })).body.assigneeId).toBe(other.userId);
    expect((await api.patch(admin, id, { assigneeId: null })).body.assigneeId).toBeNull();
  });

  test("when an admin assigns a shop user or an unknown id, then 400 VALIDATION_FAILED on assigneeId", async () => {
    const { shop, admin, id } = await ticketIn("open");
    for (const assigneeId of [shop.userId, "nobody-at-all"]) {
      const res = await api.patch(admin, id, { assigneeId });
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: "assigneeId" })]);
    }
    expect((await api.get(admin, id)).body.assigneeId).toBeNull();
  });

  test.each([
    ["an empty body", {}, "(root)"],
    ["an unknown status", { status: "pending" }, "status"],
    ["an unknown priority", { priority: "p1" }, "priority"],
    ["a numeric assignee", { assigneeId: 5 }, "assigneeId"],
    ["an unknown field", { subject: "new" }, "(root)"],
  ])("when PATCH has %s, then 400 VALIDATION_FAILED", async (_name, body, path) => {
    const { admin, id } = await ticketIn("open");
    const res = await api.patch(admin, id, body);
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });
});

describe("what a message does to the status", () => {
  test("when the first public admin reply lands on an open ticket, then in_progress and firstResponseAt", async () => {
    const { shop, admin, id } = await ticketIn("open");
    const note = await api.post(admin, id, { body: "checking with the courier", internal: true });
    expect(note.status).toBe(201);
    let t = (await api.get(admin, id)).body;
    expect(t).toEqual(expect.objectContaining({ status: "open", firstResponseAt: null }));

    const reply = await api.post(admin, id, { body: "We are on it." });
    expect(reply.status).toBe(201);
    t = (await api.get(shop, id)).body;
    expect(t.status).toBe("in_progress");
    expect(t.firstResponseAt).toBe(reply.body.createdAt);
    expect(t.lastMessageAt).toBe(reply.body.createdAt);

    await api.post(admin, id, { body: "Second reply" });
    expect((await api.get(shop, id)).body.firstResponseAt).toBe(reply.body.createdAt);
    const events = withoutSla((await api.events(admin, id)).body.items);
    expect(events[events.length - 1]).toEqual(
      expect.objectContaining({ type: "status", from: "open", to: "in_progress", actorId: admin.userId }),
    );
  });

  test("when a shop writes on a resolved ticket, then it reopens", async () => {
    const { shop, admin, id } = await ticketIn("resolved");
    expect((await api.post(shop, id, { body: "Still broken" })).status).toBe(201);
    const t = (await api.get(admin, id)).body;
    expect(t).toEqual(expect.objectContaining({ status: "open", resolvedAt: null }));
  });

  test("when an admin replies to a resolved ticket, then it stays resolved", async () => {
    const { admin, id } = await ticketIn("resolved");
    expect((await api.post(admin, id, { body: "Glad it worked" })).status).toBe(201);
    expect((await api.get(admin, id)).body.status).toBe("resolved");
  });

  test("when anyone writes on a closed ticket, then 409 INVALID_TRANSITION and nothing is added", async () => {
    const { shop, admin, id } = await ticketIn("closed");
    expectError(await api.post(shop, id, { body: "hello?" }), 409, "INVALID_TRANSITION");
    expectError(await api.post(admin, id, { body: "reply" }), 409, "INVALID_TRANSITION");
    expectError(await api.post(admin, id, { body: "note", internal: true }), 409, "INVALID_TRANSITION");
    expect((await api.messages(admin, id)).body.items).toHaveLength(1);
  });

  test("when a shop writes on an in_progress ticket, then the status stays", async () => {
    const { shop, admin, id } = await ticketIn("in_progress");
    await api.post(shop, id, { body: "any news?" });
    expect((await api.get(admin, id)).body.status).toBe("in_progress");
  });
});
