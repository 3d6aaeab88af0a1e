import { TICKET_STATUSES, type TicketStatus } from "@parley/contract";
import { canTransition, replyEffect, statusTimestamps } from "./ticket";
import { isFromOtherSide, visibleTo } from "./message";

type Role = "shop" | "admin";
const key = (from: TicketStatus, to: TicketStatus, role: Role) => `${from}->${to}:${role}`;

/** Written out from the contract's lifecycle paragraph, independently of the table in ticket.ts. */
const ALLOWED = new Set([
  key("open", "in_progress", "admin"),
  key("in_progress", "resolved", "admin"),
  key("resolved", "closed", "admin"),
  key("open", "resolved", "admin"),
  key("open", "closed", "admin"),
  key("in_progress", "closed", "admin"),
  key("open", "closed", "shop"),
  key("in_progress", "closed", "shop"),
  key("resolved", "closed", "shop"),
  key("resolved", "open", "admin"),
  key("closed", "open", "admin"),
  key("resolved", "open", "shop"),
  key("closed", "open", "shop"),
]);

describe("canTransition over every (from, to, role)", () => {
  const cases = TICKET_STATUSES.flatMap((from) =>
    TICKET_STATUSES.flatMap((to) => (["admin", "shop"] as const).map((role) => [from, to, role] as const)),
  );
  test.each(cases)("%s -> %s as %s", (from, to, role) => {
    expect(canTransition(from, to, role)).toBe(ALLOWED.has(key(from, to, role)));
  });
  test("the table covers 32 pairs", () => expect(cases).toHaveLength(32));
});

describe("replyEffect", () => {
  const t = (status: TicketStatus, firstResponseAt: Date | null = null) => ({ status, firstResponseAt });

  test("when anyone writes on a closed ticket, then it is refused", () => {
    for (const side of ["shop", "admin"] as const) {
      for (const internal of [false, true]) {
        expect(replyEffect(t("closed"), side, internal)).toEqual({ kind: "refuse" });
      }
    }
  });
  test("when the first public admin reply lands on an open ticket, then in_progress and first response", () => {
    expect(replyEffect(t("open"), "admin", false)).toEqual({
      kind: "accept",
      status: "in_progress",
      setFirstResponse: true,
    });
  });
  test("when an admin writes an internal note on an open ticket, then nothing changes", () => {
    expect(replyEffect(t("open"), "admin", true)).toEqual({
      kind: "accept",
      status: "open",
      setFirstResponse: false,
    });
  });
  test("when an admin replies again, then the first response time is kept", () => {
    expect(replyEffect(t("in_progress", new Date()), "admin", false)).toEqual({
      kind: "accept",
      status: "in_progress",
      setFirstResponse: false,
    });
  });
  test("when a shop writes on a resolved ticket, then it reopens", () => {
    expect(replyEffect(t("resolved"), "shop", false)).toEqual({
      kind: "accept",
      status: "open",
      setFirstResponse: false,
    });
  });
  test("when a shop writes on an open or in_progress ticket, then the status stays", () => {
    expect(replyEffect(t("open"), "shop", false)).toMatchObject({ status: "open" });
    expect(replyEffect(t("in_progress"), "shop", false)).toMatchObject({ status: "in_progress" });
  });
  test("when an admin replies on a resolved ticket, then it stays resolved", () => {
    expect(replyEffect(t("resolved", new Date()), "admin", false)).toMatchObject({ status: "resolved" });
  });
});

describe("statusTimestamps", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  test("resolving sets resolvedAt, closing sets closedAt, reopening clears both", () => {
    expect(statusTimestamps("resolved", now)).toEqual({ resolvedAt: now, closedAt: null });
    expect(statusTimestamps("closed", now)).toEqual({ closedAt: now });
    expect(statusTimestamps("open", now)).toEqual({ resolvedAt: null, closedAt: null });
    expect(statusTimestamps("in_progress", now)).toEqual({});
  });
});

describe("message visibility", () => {
  test("a shop never sees internal notes; admins see everything", () => {
    expect(visibleTo({ internal: true }, "shop")).toBe(false);
    expect(visibleTo({ internal: true }, "admin")).toBe(true);
    expect(visibleTo({ internal: false }, "shop")).toBe(true);
  });
  test("internal notes are nobody's other side", () => {
    expect(isFromOtherSide({ senderType: "admin", internal: true }, "shop")).toBe(false);
    expect(isFromOtherSide({ senderType: "admin", internal: true }, "admin")).toBe(false);
    expect(isFromOtherSide({ senderType: "admin", internal: false }, "shop")).toBe(true);
    expect(isFromOtherSide({ senderType: "shop", internal: false }, "admin")).toBe(true);
    expect(isFromOtherSide({ senderType: "shop", internal: false }, "shop")).toBe(false);
    expect(isFromOtherSide({ senderType: "system", internal: false }, "shop")).toBe(true);
  });
});
