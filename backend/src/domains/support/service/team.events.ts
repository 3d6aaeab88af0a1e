import type { BulkProgress, LowSatisfaction } from "@parley/contract";
import type { Ticket } from "../domain/ticket";

/** Events of team operations, published after commit (the socket layer sends them; see team.socket.ts). */
export interface TeamEvents {
  /** To the admin who started the job, and to every admin's queue when it finishes. */
  bulkProgress(userId: string, progress: BulkProgress): void;
  /**
   * `to`: the assignee's sockets, or every admin's when nobody active owns the ticket (unassigned, or its
   * assignee was deactivated: a resolved ticket keeps them, and a rating comes once it is resolved).
   */
  lowSatisfaction(rating: LowSatisfaction, to: "assignee" | "admins"): void;
}
export const noTeamEvents: TeamEvents = { bulkProgress() {}, lowSatisfaction() {} };

/**
 * A saved view was created, changed or deleted (after commit). Who may hear of it follows who lists it:
 * colleagues while it is shared, else only its owner (team.socket.ts decides the rooms).
 */
export type SavedViewChange = {
  id: string;
  ownerId: string;
  /** Whether colleagues listed it before the change (a new view: false) and after (deleted: false). */
  sharedBefore: boolean;
  sharedAfter: boolean;
  deleted: boolean;
};
export interface SavedViewEvents {
  viewChanged(change: SavedViewChange): void;
}
export const noSavedViewEvents: SavedViewEvents = { viewChanged() {} };

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
