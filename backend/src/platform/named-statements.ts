/**
 * Named statements for the hot writes (issue 17): PostgreSQL parses and plans a named statement once per
 * connection and keeps its plan, where an unnamed one is parsed and planned on every call. A message post
 * reads and writes by primary key, so its plan never depends on the values: planning it each time cost
 * 1.1 ms of PostgreSQL's 5–6 ms of CPU per post (pg_stat_statements, docs/benchmarks.md, session 17).
 *
 * Only for statements whose text comes from a small set of shapes: each distinct text becomes a prepared
 * statement on every connection that runs it. The first `max` texts a process sees get a name; any text
 * after that runs unnamed, so a shape nobody foresaw cannot grow PostgreSQL's memory without bound.
 *
 * Behind PgBouncer in transaction mode, named statements need PgBouncer 1.21 or later with
 * `max_prepared_statements` set (docs/operations.md).
 */
export const MAX_NAMED_STATEMENTS = 64;

/** Query options for knex's `.options()`: `{ name }` for a known or new text while there is room, else `{}`. */
export type StatementNamer = (sql: string) => { name?: string };

export function createStatementNamer(prefix: string, max = MAX_NAMED_STATEMENTS): StatementNamer {
  const names = new Map<string, string>();
  const unnamed = {};
  return (sql) => {
    let name = names.get(sql);
    if (name === undefined) {
      if (names.size >= max) return unnamed;
      // A counter, not a hash: prepared statements belong to one connection, and a connection to one process.
      name = `${prefix}_${names.size + 1}`;
      names.set(sql, name);
    }
    return { name };
  };
}
