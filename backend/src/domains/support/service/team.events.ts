import type { BulkProgress, LowSatisfaction } from "@parley/contract";
import type { Ticket } from "../domain/ticket";

/** Events of team operations, published after commit (the socket layer sends them; see team.socket.ts). */
export interface TeamEvents {
  /** To the admin who started the job, and to every admin's queue when it finishes. */
  bulkProgress(userId: string, progress: BulkProgress): void;
  lowSatisfaction(rating: LowSatisfaction): void;
}
export const noTeamEvents: TeamEvents = { bulkProgress() {}, lowSatisfaction() {} };

/**
 * The notifications outbox port (wired in modules.ts): a low score is handed here inside the rating's
 * transaction, so its outbox row (an admin alert to the assignee) commits with it. Default: nothing is written.
 */
export type LowSatisfactionOutboxPort = {
  enqueueLowSatisfaction(trx: unknown, rating: LowSatisfaction, ticket: Ticket): Promise<void>;
};
export const noLowSatisfactionOutbox: LowSatisfactionOutboxPort = {
  enqueueLowSatisfaction: () => Promise.resolve(),
};
