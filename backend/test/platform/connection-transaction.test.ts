import { randomBytes } from "node:crypto";
import { openTestDatabase } from "../support/test-context";
import { inConnectionTransaction } from "../../src/platform/connection-transaction";
import type { Database } from "../../src/platform/db";

/**
 * The message post's transaction on a held pooled connection (issue 17): it must keep knex.transaction's
 * guarantees (all or nothing, the work's own error, the connection back in the pool in a clean state),
 * on the embedded database (one connection) and on PostgreSQL (a pool).
 */
let database: Database;
const table = `conn_tx_probe_${randomBytes(4).toString("hex")}`;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.knex.schema.createTable(table, (t) => {
    t.integer("n").primary();
  });
});
afterAll(async () => {
  await database.knex.schema.dropTableIfExists(table);
  await database.close();
});

const stored = async () =>
  (await database.knex(table).select<Array<{ n: number }>>("n").orderBy("n")).map((r) => r.n);

class WorkFailed extends Error {}

test("when the work resolves, then its writes commit and its value is returned", async () => {
  const value = await inConnectionTransaction(database.knex, async (q) => {
    await q(table).insert({ n: 1 });
    await q.raw(`INSERT INTO ${table} (n) VALUES (?)`, [2]);
    // The work reads its own writes: both statements ran on the held connection, in one transaction.
    const { rows } = await q.raw<{ rows: Array<{ c: number }> }>(`SELECT count(*)::int AS c FROM ${table}`);
    return rows[0]!.c;
  });

  expect(value).toBe(2);
  expect(await stored()).toEqual([1, 2]);
});

test("when the work throws after writing, then nothing it wrote remains and its own error is thrown", async () => {
  await expect(
    inConnectionTransaction(database.knex, async (q) => {
      await q(table).insert({ n: 10 });
      throw new WorkFailed("refused");
    }),
  ).rejects.toBeInstanceOf(WorkFailed);

  expect(await stored()).not.toContain(10);
});

test("when a statement fails inside the work, then the transaction rolls back and the connection is usable again", async () => {
  // More transactions than the pool has connections (one on the embedded database): a connection kept
  // or returned inside an aborted transaction would stall or fail the ones after it.
  for (let i = 0; i < 8; i++) {
    await expect(
      inConnectionTransaction(database.knex, async (q) => {
        await q(table).insert({ n: 100 + i });
        await q(table).insert({ n: 100 + i }); // the same key again: a unique violation
      }),
    ).rejects.toThrow(/duplicate key|unique/i);
  }
  await inConnectionTransaction(database.knex, (q) => q(table).insert({ n: 200 }));

  const after = await stored();
  expect(after.filter((n) => n >= 100 && n < 200)).toEqual([]);
  expect(after).toContain(200);
});

test("when transactions overlap, then each commits its own writes", async () => {
  await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      inConnectionTransaction(database.knex, async (q) => {
        await q(table).insert({ n: 300 + i });
        await q(table).insert({ n: 400 + i });
      }),
    ),
  );

  const after = await stored();
  for (let i = 0; i < 6; i++) expect(after).toEqual(expect.arrayContaining([300 + i, 400 + i]));
});
