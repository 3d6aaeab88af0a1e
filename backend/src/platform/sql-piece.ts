/**
 * Statements as SQL text with `?` placeholders and their values, the shape knex's `toSQL()` gives, for the
 * members of one data-modifying WITH (a message post writes six tables in one statement).
 *
 * A post built its pieces with knex's query builder and compiled them with `toSQL()`: 3–12 µs per
 * statement in a hot loop, and 4.6% of a profiled post in the server (docs/benchmarks.md, session 20).
 * These write the same plain INSERT and UPDATE directly (1.5–4.6 µs). Table and column names are the repositories' own constants, never input; values always travel
 * as bindings.
 */
export type SqlPiece = { sql: string; bindings: readonly unknown[] };

/** An SQL expression with its own bindings, as a value of `updateSql` or `insertSql`. */
export class SqlExpression {
  constructor(
    readonly sql: string,
    readonly bindings: readonly unknown[] = [],
  ) {}
}

const quote = (name: string) => `"${name}"`;

/** `?` for a value (undefined: DEFAULT, as knex writes it), or the expression's own SQL. */
function valueSql(value: unknown, bindings: unknown[]): string {
  if (value instanceof SqlExpression) {
    bindings.push(...value.bindings);
    return value.sql;
  }
  if (value === undefined) return "DEFAULT";
  bindings.push(value);
  return "?";
}

/** INSERT INTO table (every row's columns, first seen first) VALUES (…), (…) [RETURNING …]; a row without a column gets DEFAULT. */
export function insertSql(
  table: string,
  rows: ReadonlyArray<Record<string, unknown>>,
  returning: readonly string[] = [],
): SqlPiece {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (columns.length === 0) throw new Error(`insertSql(${table}): no columns`);
  const bindings: unknown[] = [];
  const values = rows.map((row) => `(${columns.map((c) => valueSql(row[c], bindings)).join(", ")})`);
  const ret = returning.length ? ` RETURNING ${returning.map(quote).join(", ")}` : "";
  return {
    sql: `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES ${values.join(", ")}${ret}`,
    bindings,
  };
}

/**
 * UPDATE table SET each column of `set` WHERE each column of `where` equals its value [RETURNING …].
 * Columns set to undefined are left out, as knex leaves them.
 */
export function updateSql(
  table: string,
  set: Record<string, unknown>,
  where: Record<string, unknown>,
  returning: readonly string[] = [],
): SqlPiece {
  const bindings: unknown[] = [];
  const assignments = Object.entries(set)
    .filter(([, v]) => v !== undefined)
    .map(([c, v]) => `${quote(c)} = ${valueSql(v, bindings)}`);
  if (assignments.length === 0) throw new Error(`updateSql(${table}): nothing to set`);
  const conditions = Object.entries(where).map(([c, v]) => `${quote(c)} = ${valueSql(v, bindings)}`);
  const ret = returning.length ? ` RETURNING ${returning.map(quote).join(", ")}` : "";
  return {
    sql: `UPDATE ${quote(table)} SET ${assignments.join(", ")} WHERE ${conditions.join(" AND ")}${ret}`,
    bindings,
  };
}
