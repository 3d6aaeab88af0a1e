import type { Knex } from "knex";
import type { TicketPriority } from "@parley/contract";
import { dayRuns } from "../domain/report";
import { addSparse } from "../domain/histogram";
import type { Cumulative, DailySummaryRepository } from "../repository/daily-summary.repository";
import type { SlaRepository } from "../repository/sla.repository";

/**
 * Writes of tickets are looked for from this long before the last refresh started, so a transaction that
 * stamped its updated_at before that start but committed after it is still seen (statements time out long
 * before this).
 */
export const REFRESH_OVERLAP_MS = 5 * 60_000;
/** Consecutive days recomputed in one transaction (a rebuild of a year is a dozen of them). */
export const REFRESH_BATCH_DAYS = 31;
/** A batch's statements may run this long (ms). */
export const REFRESH_STATEMENT_TIMEOUT_MS = 120_000;
/** How often the server refreshes by default (ANALYTICS_REFRESH_S). */
export const DEFAULT_REFRESH_S = 300;

export type RefreshOutcome = {
  rebuilt: boolean;
  days: number;
  batches: number;
  asOf: Date;
  /** Backlog change rows folded into analytics_backlog. */
  backlogChanges: number;
};

/**
 * The daily summary's refresh (docs/analytics.md, "Scale"): recomputes the days touched since the last run
 * (every day when the policy's zone changed or on the first run), one transaction per run of consecutive
 * days, so readers never wait and never see half a day; then records up to when the table is complete.
 */
export function createDailySummaryService(deps: {
  db: Knex;
  daily: DailySummaryRepository;
  sla: SlaRepository;
}) {
  const { db, daily } = deps;
  // Two server processes may refresh at once: their batches take turns (a day's rows are replaced whole).
  // A batch is background work: it may take longer than a request's statement timeout (DB_STATEMENT_TIMEOUT_MS).
  const exclusive = async (trx: Knex.Transaction) => {
    await trx.raw(`SET LOCAL statement_timeout = ${REFRESH_STATEMENT_TIMEOUT_MS}`);
    await trx.raw(`SELECT pg_advisory_xact_lock(1409202614)`);
  };

  /** Rebuilds the running totals of every row from `day` on (the rows before it are unchanged). */
  async function recomputeCumulative(trx: Knex.Transaction, day: string) {
    const running = await daily.cumulativeBefore(trx, day);
    const out: Array<{ day: string; priority: TicketPriority } & Cumulative> = [];
    for (const d of await daily.deltasFrom(trx, day)) {
      const prev = running.get(d.priority) ?? { fr: [], res: [] };
      const next = {
        fr: addSparse([...prev.fr], d.frBuckets, d.frCounts),
        res: addSparse([...prev.res], d.resBuckets, d.resCounts),
      };
      running.set(d.priority, next);
      out.push({ day: d.day, priority: d.priority, ...next });
    }
    await daily.writeCumulative(trx, out);
  }

  return {
    async refresh(): Promise<RefreshOutcome> {
      const timeZone = (await deps.sla.getPolicy(db)).calendar.timeZone;
      const asOf = await daily.dbNow(db);
      const state = await daily.state(db);
      const rebuilt = !state || state.timeZone !== timeZone || state.completeUntil === null;
      let days: string[];
      if (rebuilt) {
        await db.transaction(async (trx) => {
          await exclusive(trx);
          await daily.reset(trx, timeZone);
        });
        days = await daily.allDays(db, timeZone, asOf);
      } else {
        const since = new Date(state.completeUntil!.getTime() - REFRESH_OVERLAP_MS);
        days = await daily.touchedDays(db, timeZone, since, asOf);
      }
      const runs = dayRuns(days, REFRESH_BATCH_DAYS);
      for (const [firstDay, lastDay] of runs) {
        await db.transaction(async (trx) => {
          await exclusive(trx);
          await daily.recompute(trx, { timeZone, firstDay, lastDay, asOf });
          await recomputeCumulative(trx, firstDay);
        });
      }
      await db.transaction(async (trx) => {
        await exclusive(trx);
        await daily.complete(trx, { timeZone, until: asOf, rebuilt });
      });
      // The backlog's appended changes folded into its counts, so reading them stays a sum of a few rows.
      const backlogChanges = await daily.compactBacklog(db);
      return { rebuilt, days: days.length, batches: runs.length, asOf, backlogChanges };
    },
  };
}

export type DailySummaryService = ReturnType<typeof createDailySummaryService>;
