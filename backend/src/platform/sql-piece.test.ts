import { insertSql, SqlExpression, updateSql } from "./sql-piece";

const at = new Date("2026-12-03T12:00:00.000Z");

describe("statement pieces", () => {
  test("when several rows are inserted, then each row's values follow the columns, in the order first seen", () => {
    const rows = [
      { ticket_id: "t-1", type: "status", from_value: "open", created_at: at },
      { type: "sla", ticket_id: "t-2", created_at: at, from_value: null },
    ];
    expect(insertSql("support_ticket_events", rows)).toEqual({
      sql: `INSERT INTO "support_ticket_events" ("ticket_id", "type", "from_value", "created_at") VALUES (?, ?, ?, ?), (?, ?, ?, ?)`,
      bindings: ["t-1", "status", "open", at, "t-2", "sla", null, at],
    });
  });

  test("when a value is an expression, undefined or missing, then its SQL (or DEFAULT) takes its place and its values keep their order", () => {
    const rows = [
      { type: "a", payload: new SqlExpression("jsonb_set(?::jsonb, '{x}', to_jsonb(?))", ["{}", "n"]), n: 1 },
      { type: "b", payload: undefined },
    ];
    expect(insertSql("notification_events", rows, ["id"])).toEqual({
      sql: `INSERT INTO "notification_events" ("type", "payload", "n") VALUES (?, jsonb_set(?::jsonb, '{x}', to_jsonb(?)), ?), (?, DEFAULT, DEFAULT) RETURNING "id"`,
      bindings: ["a", "{}", "n", 1, "b"],
    });
  });

  test("when a row is updated by key with RETURNING, then columns set to undefined are left out", () => {
    const set = {
      status: "pending",
      first_response_at: undefined,
      search_vector: new SqlExpression("search_vector || to_tsvector('simple', ?)", ["hello"]),
      sla_breached: false,
    };
    expect(updateSql("support_tickets", set, { id: "t-1" }, ["id", "status"])).toEqual({
      sql: `UPDATE "support_tickets" SET "status" = ?, "search_vector" = search_vector || to_tsvector('simple', ?), "sla_breached" = ? WHERE "id" = ? RETURNING "id", "status"`,
      bindings: ["pending", "hello", false, "t-1"],
    });
  });

  test("when nothing would be set or inserted, then it is refused", () => {
    expect(() => updateSql("sla_clocks", { a: undefined }, { ticket_id: "t-1" })).toThrow(/nothing to set/);
    expect(() => insertSql("sla_clocks", [])).toThrow(/no columns/);
  });
});
