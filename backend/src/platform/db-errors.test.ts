import { asDatabaseUnavailable, databaseUnavailableReason, DatabaseUnavailableError } from "./db-errors";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("database errors that mean 'unavailable'", () => {
  test.each([
    [
      "ECONNREFUSED (server stopped)",
      withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"),
      "ECONNREFUSED",
    ],
    ["57P01 admin_shutdown (pg_terminate_backend, fast shutdown)", withCode("57P01"), "57P01"],
    ["57P03 cannot_connect_now (starting up)", withCode("57P03"), "57P03"],
    ["57014 query_canceled (statement_timeout)", withCode("57014"), "57014"],
    ["08006 connection_failure", withCode("08006"), "08006"],
    ["53300 too_many_connections", withCode("53300"), "53300"],
    [
      "knex acquire timeout",
      Object.assign(new Error("Knex: Timeout acquiring a connection. The pool is probably full."), {
        name: "KnexTimeoutError",
      }),
      "acquire-timeout",
    ],
    [
      "a dropped connection inside a transaction (knex prefixes the SQL)",
      new Error("ROLLBACK - Connection terminated unexpectedly"),
      "Connection terminated unexpectedly",
    ],
    ["node-pg query_timeout", new Error("select 1 - Query read timeout"), "Query read timeout"],
    [
      "connect timeout",
      new Error("Connection terminated due to connection timeout"),
      "Connection terminated due to connection timeout",
    ],
    [
      "an AggregateError from a host with two addresses",
      Object.assign(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")], ""), {}),
      "ECONNREFUSED",
    ],
  ])("%s → SERVICE_UNAVAILABLE", (_label, err, reason) => {
    expect(databaseUnavailableReason(err)).toBe(reason);
    const typed = asDatabaseUnavailable(err);
    expect(typed).toBeInstanceOf(DatabaseUnavailableError);
    expect(typed!.code).toBe("SERVICE_UNAVAILABLE");
  });

  test.each([
    ["unique violation", withCode("23505")],
    ["syntax error", withCode("42601")],
    ["a bug", new TypeError("cannot read properties of undefined")],
    [
      "a message that only mentions a connection",
      new Error("Connection terminated unexpectedly? no: user text"),
    ],
    ["undefined", undefined],
  ])("%s is not 'unavailable'", (_label, err) => {
    expect(asDatabaseUnavailable(err)).toBeUndefined();
  });
});
