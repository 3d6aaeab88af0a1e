import type { BulkProgress, LowSatisfaction } from "@parley/contract";

/** Events of team operations, published after commit (the socket layer sends them; see team.socket.ts). */
export interface TeamEvents {
  /** To the admin who started the job, and to every admin's queue when it finishes. */
  bulkProgress(userId: string, progress: BulkProgress): void;
  lowSatisfaction(rating: LowSatisfaction): void;
}
export const noTeamEvents: TeamEvents = { bulkProgress() {}, lowSatisfaction() {} };

/**
 * The notifications outbox port (being built on another branch): a low score is handed here inside the
 * rating's transaction, so an outbox row can commit with it. Default: nothing is written.
 */
export type LowSatisfactionOutboxPort = {
  enqueueLowSatisfaction(trx: unknown, rating: LowSatisfaction): Promise<void>;
};
export const noLowSatisfactionOutbox: LowSatisfactionOutboxPort = {
  enqueueLowSatisfaction: () => Promise.resolve(),
};
