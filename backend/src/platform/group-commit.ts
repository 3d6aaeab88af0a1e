import type { Knex } from "knex";
import { AppError } from "../shared/app-error";
import { inConnectionTransaction, TransactionAborted, type Queryable } from "./connection-transaction";

/** What a piece of work gets: the transaction's handle, and how it shares it. */
export type GroupedTransaction = {
  q: Queryable;
  /**
   * True on a lane: the work must not wait for a row another transaction holds (a bulk change may hold
   * thousands for seconds, and every post behind it on the lane would wait too). It throws RowBusy instead,
   * and runs again off the lane, in a transaction of its own, where waiting stops only itself.
   */
  onLane: boolean;
  /**
   * Called by the work just before its first write. A refusal before it (a rule said no: an AppError) is the
   * work's own answer and leaves the group's transaction as it was; any failure after it, or any other
   * failure, rolls the whole group back, and each of its works runs again alone.
   */
  beforeWrite: () => void;
};

export type GroupWork<T> = (tx: GroupedTransaction) => Promise<T>;

/** Thrown by work on a lane that found its row held by another transaction (see GroupedTransaction.onLane). */
export class RowBusy extends Error {
  constructor() {
    super("the row is held by another transaction");
    this.name = "RowBusy";
  }
}

export type GroupCommit = {
  /**
   * Runs `work` in a transaction, with other works of the same moment when they arrive together. Works with
   * the same `key` run in the order they were given, one after another, and never in two transactions at
   * once. `alone`: the work is likely to fail after writing (and so to roll a group back), so it has a
   * transaction of its own, still in its key's order.
   */
  run<T>(key: string, work: GroupWork<T>, opts?: { alone?: boolean }): Promise<T>;
};

export type GroupCommitOptions = {
  /** Connections that write groups; 0: every work in its own transaction, as before group commit. */
  lanes: number;
  /** The most works in one transaction. */
  maxGroup: number;
  /** Told the size of each group as it commits (metrics, benchmarks). */
  onCommit?: (size: number) => void;
};

type Job = {
  work: GroupWork<unknown>;
  alone: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

const nothing = () => undefined;

/**
 * Group commit (issue 17, docs/benchmarks.md "Session 44"): message posts that arrive together share one
 * transaction (BEGIN; each post's statements in turn; COMMIT), so BEGIN, COMMIT and the WAL flush are paid
 * once per group, and PostgreSQL runs a few writing backends instead of one per concurrent post. For the bare
 * transaction that cost PostgreSQL 2.3–2.8 times less CPU per post; in the server, where a post's own
 * statements weigh more, a busy process kept up with more of its offered posts. A lane that is idle starts a
 * work at once: a lone post waits for nothing.
 *
 * The guarantees of a transaction per work stay:
 * - A work's result is given only after the COMMIT that holds its writes succeeded.
 * - A work refused by its rules before writing is answered with its refusal; the others go on.
 * - Any other failure rolls the group back before anything is committed, and every work of the group runs
 *   again alone, in order, so a neighbour's failure never becomes another work's answer. A COMMIT that
 *   reports a rollback (an error the work swallowed aborted the transaction) is the same case.
 * - A COMMIT that fails (the connection broke; whether it committed is unknown) fails every work of the
 *   group with that error, as it would have failed the one work in a transaction of its own: nothing is run
 *   twice.
 * Works are spread over the lanes by key (a ticket's id), so two lanes never hold one ticket's lock, and
 * a ticket's posts keep their order. Two lanes' groups can still deadlock through a unique index (one
 * sender's clientMessageId sent on tickets of two lanes, crosswise): PostgreSQL aborts one of them, which is
 * "any other failure" above, so each of its works runs again alone and meets the other's committed key.
 */
export function createGroupCommit(db: Knex, opts: GroupCommitOptions): GroupCommit {
  const alone = <T>(work: GroupWork<T>, onLane: boolean): Promise<T> =>
    inConnectionTransaction(db, (q) => work({ q, onLane, beforeWrite: nothing }));

  if (opts.lanes < 1) return { run: (_key, work) => alone(work, false) };

  const lanes = Array.from({ length: opts.lanes }, () => ({ queue: [] as Job[], running: false }));

  /** Off the lane: a work that found its row busy waits for it in a transaction of its own. */
  const offLane = (job: Job) => {
    alone(job.work, false).then(job.resolve, job.reject);
  };

  /** One work alone on the lane: its own transaction, still not waiting for a busy row. */
  async function runAlone(job: Job): Promise<void> {
    try {
      job.resolve(await alone(job.work, true));
      opts.onCommit?.(1);
    } catch (err) {
      if (err instanceof RowBusy) offLane(job);
      else job.reject(err);
    }
  }

  async function runGroup(group: Job[]): Promise<void> {
    if (group.length === 1) return runAlone(group[0]!);
    type Outcome = { job: Job } & ({ value: unknown } | { refusal: unknown } | { busy: true });
    const outcomes: Outcome[] = [];
    let begun = false;
    let worked = false;
    try {
      await inConnectionTransaction(db, async (q) => {
        begun = true;
        for (const job of group) {
          let writing = false;
          const tx = { q, onLane: true, beforeWrite: () => void (writing = true) };
          try {
            outcomes.push({ job, value: await job.work(tx) });
          } catch (err) {
            if (writing || !(err instanceof AppError || err instanceof RowBusy)) throw err;
            outcomes.push(err instanceof RowBusy ? { job, busy: true } : { job, refusal: err });
          }
        }
        // A refusal is an AppError a rule threw, but were it ever a statement's error in disguise, the
        // transaction would be aborted and the COMMIT roll back every neighbour's writes: a statement now
        // fails then (on every database; PostgreSQL also says so at COMMIT, TransactionAborted).
        if (outcomes.some((o) => "refusal" in o)) await q.raw("SELECT 1");
        worked = true;
      });
    } catch (err) {
      // No connection (the pool busy, the database away): each work alone would get the same answer.
      // The COMMIT itself failed: the works may or may not be stored, so none may run again.
      if (!begun || (worked && !(err instanceof TransactionAborted))) {
        for (const job of group) job.reject(err);
        return;
      }
      // Rolled back: nothing of the group is stored. Each work runs again on its own, in order.
      for (const job of group) await runAlone(job);
      return;
    }
    const committed = outcomes.filter((o) => "value" in o).length;
    if (committed > 0) opts.onCommit?.(committed);
    for (const o of outcomes) {
      if ("value" in o) o.job.resolve(o.value);
      else if ("refusal" in o) o.job.reject(o.refusal);
      else offLane(o.job);
    }
  }

  /** A lane's next group: an `alone` work by itself, otherwise the works up to the next `alone` one. */
  function nextGroup(queue: Job[]): Job[] {
    if (queue[0]!.alone) return queue.splice(0, 1);
    let n = 1;
    while (n < queue.length && n < opts.maxGroup && !queue[n]!.alone) n++;
    return queue.splice(0, n);
  }

  async function drain(lane: (typeof lanes)[number]): Promise<void> {
    lane.running = true;
    while (lane.queue.length) {
      const group = nextGroup(lane.queue);
      // runGroup answers every work itself; were it ever to throw, its works must not wait for ever, nor
      // the lane stop with works still queued.
      await runGroup(group).catch((err: unknown) => group.forEach((job) => job.reject(err)));
    }
    lane.running = false;
  }

  return {
    run<T>(key: string, work: GroupWork<T>, runOpts?: { alone?: boolean }): Promise<T> {
      const lane = lanes[laneOf(key, lanes.length)]!;
      return new Promise<T>((resolve, reject) => {
        lane.queue.push({
          work,
          alone: runOpts?.alone === true,
          resolve: (value) => resolve(value as T),
          reject,
        });
        if (!lane.running) void drain(lane);
      });
    },
  };
}

/** A key's lane: a string hash (FNV-1a), so a ticket's posts always meet on the same lane. */
export function laneOf(key: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % lanes;
}
