import type { Knex } from "knex";
import type { TicketPriority } from "@parley/contract";
import { addSparse } from "../domain/histogram";
import type { Cumulative, DailySummaryRepository } from "../repository/daily-summary.repository";
import type { SlaRepository } from "../repository/sla.repository";

/**
 * Writes of tickets are looked for from this long before the last refresh started, so a transaction that
 * stamped its updated_at before that start but committed after it is still seen (statements time out long
 * before this).
 */
export const REFRESH_OVERLAP_MS = 5 * 60_000;
/** A refresh's statements may run this long (ms): a rebuild writes every ticket's facts in one statement. */
export const REFRESH_STATEMENT_TIMEOUT_MS = 600_000;
/** Rows of running totals computed and written together. */
const CUMULATIVE_CHUNK_ROWS = 100;
/** How often the server refreshes by default (ANALYTICS_REFRESH_S). */
export const DEFAULT_REFRESH_S = 300;

export type RefreshOutcome = {
  rebuilt: boolean;
  /** Days recomputed. */
  days: number;
  /** Tickets looked at (touched since the last refresh; every ticket in a rebuild). */
  tickets: number;
  /** Of those, the tickets whose facts changed (every ticket in a rebuild). */
  changed: number;
  asOf: Date;
  /** Backlog change rows folded into analytics_backlog. */
  backlogChanges: number;
};

/**
 * The daily summary's refresh (docs/analytics.md, "Scale"): brings the facts of the tickets touched since
 * the last run up to date and recomputes the days whose facts changed (every ticket and every day when the
 * policy's zone changed or on the first run), then records up to when the table is complete. One
 * transaction under an advisory lock: two server processes refresh in turns, the second finding little
 * new; readers keep the previous days until it commits, and a refresh cut short leaves nothing half done.
 */
export function createDailySummaryService(deps: {
  db: Knex;
  daily: DailySummaryRepository;
  sla: SlaRepository;
}) {
  const { db, daily } = deps;

  /**
   * Rebuilds the running totals of every row from `day` on (the rows before it are unchanged), written a
   * chunk at a time: each row's totals are dense arrays of up to a few thousand buckets, and holding a
   * year's rows at once left the server 30 MB larger after a rebuild at 1,000,000 tickets (155 → 125 MB).
   */
  async function recomputeCumulative(trx: Knex.Transaction, day: string) {
    const running = await daily.cumulativeBefore(trx, day);
    let out: Array<{ day: string; priority: TicketPriority } & Cumulative> = [];
    for (const d of await daily.deltasFrom(trx, day)) {
      const prev = running.get(d.priority) ?? { fr: [], res: [] };
      const next = {
        fr: addSparse([...prev.fr], d.frBuckets, d.frCounts),
        res: addSparse([...prev.res], d.resBuckets, d.resCounts),
      };
      running.set(d.priority, next);
      out.push({ day: d.day, priority: d.priority, ...next });
      if (out.length >= CUMULATIVE_CHUNK_ROWS) {
        await daily.writeCumulative(trx, out);
        out = [];
      }
    }
    await daily.writeCumulative(trx, out);
  }

  return {
    async refresh(): Promise<RefreshOutcome> {
      const timeZone = (await deps.sla.getPolicy(db)).calendar.timeZone;
      const outcome = await db.transaction(async (trx) => {
        // Background work: it may take longer than a request's statement timeout (DB_STATEMENT_TIMEOUT_MS).
        await trx.raw(`SET LOCAL statement_timeout = ${REFRESH_STATEMENT_TIMEOUT_MS}`);
        await trx.raw(`SELECT pg_advisory_xact_lock(1409202614)`);
        // Read under the lock, so a refresh that waited starts from the one before it.
        const asOf = await daily.dbNow(trx);
        const state = await daily.state(trx);
        const rebuilt = !state || state.timeZone !== timeZone || state.completeUntil === null;
        let days: string[];
        let tickets: number;
        let changed: number;
        if (rebuilt) {
          await daily.reset(trx);
          tickets = changed = await daily.rebuildFacts(trx, { timeZone, asOf });
          days = await daily.allDays(trx, timeZone, asOf);
        } else {
          const since = new Date(state.completeUntil!.getTime() - REFRESH_OVERLAP_MS);
          ({ touched: tickets, changed, days } = await daily.refreshFacts(trx, { timeZone, since, asOf }));
        }
        if (days.length > 0) {
          await daily.recompute(trx, { days, asOf });
          await recomputeCumulative(trx, days[0]!);
        }
        await daily.complete(trx, { timeZone, until: asOf });
        return { rebuilt, days: days.length, tickets, changed, asOf };
      });
      // The backlog's appended changes folded into its counts, so reading them stays a sum of a few rows.
      const backlogChanges = await daily.compactBacklog(db);
      return { ...outcome, backlogChanges };
    },
  };
}

export type DailySummaryService = ReturnType<typeof createDailySummaryService>;
