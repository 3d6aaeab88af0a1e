import type { Knex } from "knex";

/**
 * What a repository needs to run its statements: knex's table builder and raw SQL. A knex instance and a
 * knex transaction are both one; so is the handle `inConnectionTransaction` passes to its work.
 */
export type Queryable = Pick<Knex, "raw"> & ((table: string) => Knex.QueryBuilder);

/** The part of knex's client (typed `any` by knex) that lends and takes back pooled connections. */
type ConnectionPool = {
  acquireConnection(): Promise<unknown>;
  releaseConnection(c: unknown): Promise<unknown>;
};

/** The COMMIT found the transaction aborted by an earlier error, and rolled it back: nothing was stored. */
export class TransactionAborted extends Error {
  constructor() {
    super("the transaction was aborted by an earlier error and rolled back at COMMIT");
    this.name = "TransactionAborted";
  }
}

/**
 * BEGIN … COMMIT on one connection from knex's pool, for the hot write path (issue 17).
 *
 * `knex.transaction` builds a whole knex instance per transaction (makeKnex, which defines every builder
 * method afresh): about 0.1–0.2 ms of CPU and a tenth of what a message post allocates
 * (docs/benchmarks.md, "Session 27"). Here the work's statements are ordinary knex builders bound to the
 * held connection with knex's own `.connection()`, so they are built, run and parsed exactly as before.
 *
 * The same guarantees as knex.transaction for work that runs its statements one after another: COMMIT if
 * the work resolves, ROLLBACK (and the work's error) if it throws, and the connection back to the pool
 * either way. A connection that broke is marked by knex's PostgreSQL client and never handed out again.
 * No savepoints: work that needs nested transactions uses knex.transaction.
 */
export async function inConnectionTransaction<T>(db: Knex, work: (q: Queryable) => Promise<T>): Promise<T> {
  const pool = db.client as ConnectionPool;
  const connection = await pool.acquireConnection();
  try {
    const q = ((table: string) => db(table).connection(connection)) as Queryable;
    q.raw = ((sql: string, bindings?: Knex.RawBinding[] | Knex.ValueDict) =>
      bindings === undefined
        ? db.raw(sql).connection(connection)
        : db.raw(sql, bindings).connection(connection)) as Knex["raw"];
    await db.raw("BEGIN").connection(connection);
    let result: T;
    try {
      result = await work(q);
    } catch (err) {
      // The work's error is the answer; a ROLLBACK that fails too (the connection is gone) adds nothing.
      await db
        .raw("ROLLBACK")
        .connection(connection)
        .catch(() => undefined);
      throw err;
    }
    const committed: unknown = await db.raw("COMMIT").connection(connection);
    // PostgreSQL answers COMMIT of a transaction an earlier error aborted with ROLLBACK, not an error: work
    // that caught a statement's error and went on would otherwise be told its writes were stored.
    if ((committed as { command?: unknown } | null)?.command === "ROLLBACK") throw new TransactionAborted();
    return result;
  } finally {
    await pool.releaseConnection(connection);
  }
}
