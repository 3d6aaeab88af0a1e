import { randomBytes } from "node:crypto";
import { openTestDatabase } from "../support/test-context";
import { inConnectionTransaction, TransactionAborted } from "../../src/platform/connection-transaction";
import {
  createGroupCommit,
  laneOf,
  RowBusy,
  type GroupCommit,
  type GroupWork,
} from "../../src/platform/group-commit";
import { ConflictError } from "../../src/shared/app-error";
import type { Database } from "../../src/platform/db";

/**
 * Group commit (issue 17): works that arrive together share a transaction, with the guarantees of a
 * transaction each (a work's value only after its commit, a neighbour's failure never another's answer,
 * nothing run twice that may have been stored), on the embedded database (one connection, one lane) and on
 * PostgreSQL (a pool, several lanes).
 */
let database: Database;
const table = `group_commit_probe_${randomBytes(4).toString("hex")}`;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.knex.schema.createTable(table, (t) => {
    t.integer("n").primary();
    t.bigInteger("tx");
  });
});
afterAll(async () => {
  await database.knex.schema.dropTableIfExists(table);
  await database.close();
});

const stored = async (from: number, to: number) =>
  (
    await database
      .knex(table)
      .select<Array<{ n: number; tx: string }>>("n", "tx")
      .whereBetween("n", [from, to])
      .orderBy("n")
  ).map((r) => ({ n: r.n, tx: String(r.tx) }));

/** A work that inserts `n` (stamped with its transaction's id) and returns `n`. */
const insert =
  (n: number, runs?: Map<number, number>): GroupWork<number> =>
  async ({ q, beforeWrite }) => {
    runs?.set(n, (runs.get(n) ?? 0) + 1);
    beforeWrite();
    await q.raw(`INSERT INTO ${table} (n, tx) VALUES (?, txid_current())`, [n]);
    return n;
  };

const oneLane = (onCommit?: (size: number) => void) =>
  createGroupCommit(database.knex, { lanes: 1, maxGroup: 32, onCommit });

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

/**
 * The works `queue` starts, queued behind a work that holds the lane, which is then let go: they form one
 * group. Their outcomes, once the holding work is done too.
 */
async function together<T>(
  group: GroupCommit,
  queue: () => Array<Promise<T>>,
): Promise<Array<PromiseSettledResult<T>>> {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const holder = group.run("holder", async ({ q }) => {
    await q.raw("SELECT 1");
    await opened;
  });
  await settle();
  const outcomes = Promise.allSettled(queue());
  await settle();
  open();
  await holder;
  return outcomes;
}

const fulfilled = <T>(values: T[]) => values.map((value) => ({ status: "fulfilled", value }));

test("when works arrive while the lane's transaction runs, then they commit together in the next one", async () => {
  const sizes: number[] = [];
  const group = oneLane((size) => sizes.push(size));
  const outcomes = await together(group, () => [1, 2, 3, 4, 5].map((n) => group.run(`k${n}`, insert(n))));

  expect(outcomes).toEqual(fulfilled([1, 2, 3, 4, 5]));
  expect(sizes).toEqual([1, 5]);
  const rows = await stored(1, 5);
  expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
  expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
});

test("when a work of a group is refused before writing, then it gets its refusal and the others commit", async () => {
  const group = oneLane();
  const refusal = new ConflictError("No.");
  const [a, b, c] = await together(group, () => [
    group.run("a", insert(11)),
    group.run("b", async () => {
      throw refusal;
    }),
    group.run("c", insert(12)),
  ]);

  expect(a).toEqual({ status: "fulfilled", value: 11 });
  expect(b).toEqual({ status: "rejected", reason: refusal });
  expect(c).toEqual({ status: "fulfilled", value: 12 });
  const rows = await stored(11, 12);
  expect(rows.map((r) => r.n)).toEqual([11, 12]);
  expect(rows[0]!.tx).toBe(rows[1]!.tx);
});

test("when a work fails after writing, then the group rolls back and every other work commits alone, once", async () => {
  const group = oneLane();
  const runs = new Map<number, number>();
  const failure = new ConflictError("Stale.");
  const [a, b, c] = await together(group, () => [
    group.run("a", insert(21, runs)),
    group.run("b", async (tx) => {
      await insert(22, runs)(tx);
      throw failure; // after its write: the write must not stay
    }),
    group.run("c", insert(23, runs)),
  ]);

  expect(a).toEqual({ status: "fulfilled", value: 21 });
  expect(b).toEqual({ status: "rejected", reason: failure });
  expect(c).toEqual({ status: "fulfilled", value: 23 });
  const rows = await stored(21, 23);
  expect(rows.map((r) => r.n)).toEqual([21, 23]);
  // The group stopped at the failure (the work after it never ran there); then each ran alone: stored
  // once, in transactions of their own.
  expect(rows[0]!.tx).not.toBe(rows[1]!.tx);
  expect([runs.get(21), runs.get(22), runs.get(23)]).toEqual([2, 2, 1]);
});

test("when a statement of a work fails, then its neighbours are not answered with that failure", async () => {
  const group = oneLane();
  await database.knex(table).insert({ n: 31, tx: 0 });
  const [a, b, c] = await together(group, () => [
    group.run("a", insert(32)),
    group.run("b", async ({ q }) => q.raw(`INSERT INTO ${table} (n) VALUES (31)`)), // a unique violation
    group.run("c", insert(33)),
  ]);

  expect(a).toEqual({ status: "fulfilled", value: 32 });
  expect(b?.status).toBe("rejected");
  expect(String((b as PromiseRejectedResult).reason)).toMatch(/duplicate key|unique/i);
  expect(c).toEqual({ status: "fulfilled", value: 33 });
  expect((await stored(32, 33)).map((r) => r.n)).toEqual([32, 33]);
});

test("when a work hides a failed statement behind a refusal, then its neighbours' writes still commit", async () => {
  const group = oneLane();
  await database.knex(table).insert({ n: 41, tx: 0 });
  const [a, c, b] = await together(group, () => [
    group.run("a", insert(42)),
    group.run("c", insert(43)),
    // Last in the group, so no later statement of a neighbour finds the transaction aborted.
    group.run("b", async ({ q }) => {
      // The statement's error aborts the shared transaction; the work answers with a rule's refusal.
      await q.raw(`INSERT INTO ${table} (n) VALUES (41)`).catch(() => undefined);
      throw new ConflictError("Refused.");
    }),
  ]);

  expect(a).toEqual({ status: "fulfilled", value: 42 });
  expect(b?.status).toBe("rejected");
  expect(c).toEqual({ status: "fulfilled", value: 43 });
  expect((await stored(42, 43)).map((r) => r.n)).toEqual([42, 43]);
});

test("when works share a key, then they run in the order given", async () => {
  const group = createGroupCommit(database.knex, { lanes: 3, maxGroup: 4 });
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      group.run("one ticket", async (tx) => {
        order.push(i);
        return insert(50 + i)(tx);
      }),
    ),
  );
  expect(order).toEqual([...order].sort((x, y) => x - y));
  expect((await stored(50, 61)).length).toBe(12);
});

test("when a work asks to be alone, then it has a transaction of its own", async () => {
  const group = oneLane();
  const outcomes = await together(group, () => [
    group.run("a", insert(71)),
    group.run("b", insert(72), { alone: true }),
    group.run("c", insert(73)),
  ]);

  expect(outcomes).toEqual(fulfilled([71, 72, 73]));
  const tx = (await stored(71, 73)).map((r) => r.tx);
  expect(new Set(tx).size).toBe(3);
});

test("without lanes, then every work has a transaction of its own", async () => {
  const group = createGroupCommit(database.knex, { lanes: 0, maxGroup: 32 });
  await Promise.all([81, 82, 83].map((n) => group.run(String(n), insert(n))));
  expect(new Set((await stored(81, 83)).map((r) => r.tx)).size).toBe(3);
});

test("a key always has the same lane, and the lanes are all used", () => {
  const keys = Array.from(
    { length: 400 },
    (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  );
  const lanes = keys.map((k) => laneOf(k, 4));
  expect(keys.map((k) => laneOf(k, 4))).toEqual(lanes);
  for (let lane = 0; lane < 4; lane++) expect(lanes.filter((l) => l === lane).length).toBeGreaterThan(50);
});

// The embedded database has one connection, so no other transaction can hold a row; and its driver does
// not say which command a statement was, so a COMMIT that rolled back is caught by the group's own check.
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
onPostgres("PostgreSQL only", () => {
  test("when a work's row is held by another transaction, then it waits off the lane and the lane goes on", async () => {
    await database.knex(table).insert({ n: 91, tx: 0 });
    const group = oneLane();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = inConnectionTransaction(database.knex, async (q) => {
      await q.raw(`SELECT n FROM ${table} WHERE n = 91 FOR UPDATE`);
      locked();
      await held;
    });
    await isLocked;
    const busyWork: GroupWork<string> = async ({ q, onLane }) => {
      const { rows } = await q.raw<{ rows: unknown[] }>(
        `SELECT n FROM ${table} WHERE n = 91 FOR UPDATE${onLane ? " SKIP LOCKED" : ""}`,
      );
      if (rows.length === 0) throw new RowBusy();
      return onLane ? "on the lane" : "off the lane";
    };
    const busy = group.run("a", busyWork);
    // Behind the busy work on the same lane: it must not wait for the other transaction.
    expect(await group.run("b", insert(92))).toBe(92);
    release();
    await holder;
    expect(await busy).toBe("off the lane");
  });

  test("when two lanes' groups deadlock on a unique key, then PostgreSQL's victim runs again alone and nothing hangs or is stored twice", async () => {
    // Two senders' clientMessageIds on tickets of two lanes can cross like this: each group inserts one key,
    // then the key the other group inserted (a unique index waits for the other transaction's outcome).
    const group = createGroupCommit(database.knex, { lanes: 2, maxGroup: 32 });
    let key = 0;
    const onLane = (lane: number) => {
      while (laneOf(`key-${key}`, 2) !== lane) key++;
      return `key-${key++}`;
    };
    const signal = () => {
      let done!: () => void;
      const promise = new Promise<void>((resolve) => (done = resolve));
      return { promise, done };
    };
    const firstOf = [signal(), signal()];
    /** Inserts `n` as the first work of a group, then says so. */
    const first =
      (lane: number, n: number): GroupWork<number> =>
      async (tx) => {
        await insert(n)(tx);
        firstOf[lane]!.done();
        return n;
      };
    /** Inserts `n` once the other lane's group has inserted its first key. */
    const second =
      (lane: number, n: number): GroupWork<number> =>
      async (tx) => {
        await firstOf[1 - lane]!.promise;
        return insert(n)(tx);
      };
    const holders = [0, 1].map(() => signal());
    const held = [0, 1].map((lane) =>
      group.run(onLane(lane), async ({ q }) => {
        await q.raw("SELECT 1");
        await holders[lane]!.promise;
      }),
    );
    await settle();
    const outcomes = Promise.allSettled([
      group.run(onLane(0), first(0, 101)),
      group.run(onLane(0), second(0, 102)),
      group.run(onLane(1), first(1, 102)),
      group.run(onLane(1), second(1, 101)),
    ]);
    await settle();
    holders.forEach((h) => h.done());
    await Promise.all(held);
    const [a1, a2, b1, b2] = await outcomes;

    // One group committed both its works; the other was PostgreSQL's deadlock victim, rolled back, and each
    // of its works ran again alone and met the winner's committed key: a unique violation (23505), never
    // the deadlock (40P01), which no work caused by itself.
    const codes = [a1, a2, b1, b2].map((o) =>
      o.status === "fulfilled" ? "stored" : (o.reason as { code?: string }).code,
    );
    expect([codes.slice(0, 2), codes.slice(2)].sort()).toEqual([
      ["23505", "23505"],
      ["stored", "stored"],
    ]);
    const rows = await stored(101, 102);
    expect(rows.map((r) => r.n)).toEqual([101, 102]);
    expect(rows[0]!.tx).toBe(rows[1]!.tx);
  });

  test("when work swallows a failed statement, then the COMMIT says it rolled back", async () => {
    await database.knex(table).insert({ n: 95, tx: 0 });
    await expect(
      inConnectionTransaction(database.knex, async (q) => {
        await q.raw(`INSERT INTO ${table} (n) VALUES (96)`);
        await q.raw(`INSERT INTO ${table} (n) VALUES (95)`).catch(() => undefined);
      }),
    ).rejects.toBeInstanceOf(TransactionAborted);
    expect(await stored(96, 96)).toEqual([]);
  });
});
