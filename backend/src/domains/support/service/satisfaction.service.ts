import type { LowSatisfaction } from "@parley/contract";
import { LOW_SATISFACTION_SCORE } from "@parley/contract";
import type { Principal } from "../../../shared/principal";
import { ConflictError, ForbiddenError, InvalidTransitionError } from "../../../shared/app-error";
import { canRate } from "../domain/team";
import type { TeamRepository, SatisfactionRow } from "../repository/team.repository";
import type { SupportServiceDeps } from "./ticket.service";
import type { LowSatisfactionOutboxPort, TeamEvents } from "./team.events";
import { lockVisibleTicket, visibleTicket } from "./access";

/** "How did we do?": one rating per ticket by its shop once resolved; a low score alerts the assignee. */
export function createSatisfactionService(
  deps: SupportServiceDeps & {
    team: TeamRepository;
    teamEvents: () => TeamEvents;
    outbox: LowSatisfactionOutboxPort;
    /** Whether an admin may still sign in (asked after the commit: the embedded database has one connection). */
    isActive(userId: string): Promise<boolean>;
  },
) {
  const { db, tickets, team, events } = deps;
  return {
    async rate(
      principal: Principal,
      ticketId: string,
      input: { score: number; comment?: string },
    ): Promise<SatisfactionRow> {
      if (principal.role !== "shop") throw new ForbiddenError("Only the ticket's shop rates it.");
      const result = await db.transaction(async (trx) => {
        const { ticket, now } = await lockVisibleTicket(tickets, trx, principal, ticketId);
        if (!canRate(ticket)) {
          throw new InvalidTransitionError("A ticket can be rated once it has been resolved.");
        }
        const row = {
          ticketId: ticket.id,
          score: input.score,
          comment: input.comment ?? null,
          ratedBy: principal.userId,
          assigneeId: ticket.assigneeId,
          category: ticket.category,
        };
        if (!(await team.insertSatisfaction(trx, row, now))) {
          throw new ConflictError("This ticket was already rated.", [
            { path: "score", message: "already rated" },
          ]);
        }
        await events.insert(
          trx,
          ticket.id,
          [{ type: "rated", actorId: principal.userId, from: null, to: String(input.score) }],
          now,
        );
        const saved = { ...row, createdAt: now };
        const low: LowSatisfaction | null =
          input.score <= LOW_SATISFACTION_SCORE
            ? {
                ticketId: ticket.id,
                score: input.score,
                comment: row.comment,
                createdAt: now.toISOString(),
                assigneeId: ticket.assigneeId,
              }
            : null;
        if (low) await deps.outbox.enqueueLowSatisfaction(trx, low, ticket);
        return { saved, low };
      });
      if (result.low) {
        // A deactivated assignee hears nothing (their sockets are gone): then the whole team is told, as
        // the outbox's alerts do (notifications' adminWants).
        const { assigneeId } = result.low;
        const owned = assigneeId !== null && (await deps.isActive(assigneeId));
        deps.teamEvents().lowSatisfaction(result.low, owned ? "assignee" : "admins");
      }
      return result.saved;
    },

    async get(principal: Principal, ticketId: string): Promise<SatisfactionRow | null> {
      const ticket = await visibleTicket(tickets, db, principal, ticketId);
      return team.findSatisfaction(db, ticket.id);
    },

    report: (from: Date, to: Date) => team.satisfactionReport(db, from, to),
  };
}

export type SatisfactionService = ReturnType<typeof createSatisfactionService>;
