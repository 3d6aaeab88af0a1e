import type { AdminPrincipal, Principal } from "../../../shared/principal";
import { ForbiddenError, InvalidTransitionError, ValidationError } from "../../../shared/app-error";
import { mergedFirstResponseAt, mergeRefusal } from "../domain/team";
import { changeTime, statusTimestamps } from "../domain/ticket";
import { isUuid } from "../domain/cursor";
import { TicketNotFoundError } from "../domain/support.errors";
import { lookAlikeWords } from "../domain/search";
import type { TeamRepository } from "../repository/team.repository";
import type { SupportServiceDeps, TicketWithUnread } from "./ticket.service";
import { slaPatch } from "./sla.port";
import { sideOfPrincipal, snapshot } from "./access";
import { ticketUpdatedNotice } from "./notify.port";

const MERGE_REFUSALS = {
  self: "A ticket cannot be merged into itself.",
  other_shop: "Only tickets of the same shop can be merged.",
  source_merged: "This ticket was already merged.",
  target_merged: "The target ticket was merged into another one; merge into that one instead.",
} as const;

/**
 * A closed target takes no messages (a shop message on it is 409), so merging a live conversation into it
 * would bury the shop's question where nobody can answer it; as on a message, the admin reopens it first.
 */
const CLOSED_TARGET = "The target ticket is closed: reopen it before merging into it.";

/**
 * Merge: the source's messages move to the target (their global seq keeps the time order), the source
 * closes with `mergedIntoId` pointing at the target, and both timelines record it.
 */
export function createMergeService(deps: SupportServiceDeps & { team: TeamRepository }) {
  const { db, tickets, messages, team, events, emit, sla, notify } = deps;
  return {
    async merge(
      principal: AdminPrincipal,
      sourceIdAsSent: string,
      intoTicketIdAsSent: string,
    ): Promise<TicketWithUnread> {
      if (!isUuid(sourceIdAsSent)) throw new TicketNotFoundError();
      // PostgreSQL reads a UUID in any letter case and answers in lower case; the ids are compared with
      // the rows it returns, so an upper-case id (which GET accepts) must name the same ticket here too.
      const sourceId = sourceIdAsSent.toLowerCase();
      const intoTicketId = intoTicketIdAsSent.toLowerCase();
      const result = await db.transaction(async (trx) => {
        // Both rows locked in id order, so two opposite merges cannot deadlock.
        const [a, b] = [sourceId, intoTicketId].sort();
        const lockedA = await tickets.lockById(trx, a!);
        const lockedB = a === b ? lockedA : await tickets.lockById(trx, b!);
        const source = [lockedA, lockedB].find((l) => l?.ticket.id === sourceId);
        if (!source) throw new TicketNotFoundError();
        const target = [lockedA, lockedB].find((l) => l?.ticket.id === intoTicketId);
        if (!target) {
          throw new ValidationError("The target ticket does not exist.", [
            { path: "intoTicketId", message: "No such ticket." },
          ]);
        }
        const refusal = mergeRefusal(source.ticket, target.ticket);
        if (refusal)
          throw new ValidationError(MERGE_REFUSALS[refusal], [{ path: "intoTicketId", message: refusal }]);
        if (target.ticket.status === "closed") throw new InvalidTransitionError(CLOSED_TARGET);
        // Both rows are stamped: no earlier than either ticket's last change (each waited for its lock).
        const now = changeTime(source.now, [target.ticket]);
        // Read state first: it needs each message's own ticket, which the move rewrites.
        await team.mergeReadPointers(trx, source.ticket.id, target.ticket.id, now);
        const moved = await team.moveMessages(trx, source.ticket.id, target.ticket.id);
        const wasOpen = source.ticket.status !== "closed";
        const closed = await team.markMerged(trx, source.ticket.id, target.ticket.id, now);
        const clock = wasOpen
          ? slaPatch(await sla.ticketChanged(trx, { ticketId: closed.id, now, change: { status: "closed" } }))
          : { events: [] };
        const sourceAfter = clock.sla ? await tickets.update(trx, closed.id, { sla: clock.sla }) : closed;
        await events.insert(
          trx,
          source.ticket.id,
          [
            { type: "merged", actorId: principal.userId, from: source.ticket.id, to: target.ticket.id },
            ...(wasOpen
              ? [
                  {
                    type: "status" as const,
                    actorId: principal.userId,
                    from: source.ticket.status,
                    to: "closed",
                  },
                ]
              : []),
            ...clock.events,
          ],
          now,
        );
        const firstResponseAt = mergedFirstResponseAt(source.ticket, target.ticket);
        // Only the source was answered: the target's clock records its first response now, as the first
        // admin reply would have (the first-response target stops; next responses are measured from here).
        const firstResponded = target.ticket.firstResponseAt === null && firstResponseAt !== null;
        // The target's clock follows its thread as it now reads: when the last public word (moved or
        // not) is the shop's, a reply is owed again, as after any shop message; otherwise it just moves on.
        const lastPublic = await messages.latestVisible(trx, target.ticket.id, "shop");
        const replyOwed = lastPublic?.senderType === "shop";
        // A resolved target takes the source's live conversation: when a reply is owed, it reopens, as a
        // shop message on a resolved ticket does, so the question is back in the open queue, not hidden
        // among resolved tickets. A source that was itself resolved or closed brings no live question.
        const sourceLive = source.ticket.status === "open" || source.ticket.status === "in_progress";
        const reopened = target.ticket.status === "resolved" && sourceLive && replyOwed;
        const targetOutcome = await sla.ticketChanged(trx, {
          ticketId: target.ticket.id,
          now,
          change: {
            ...(reopened ? { status: "open" as const } : {}),
            ...(replyOwed ? { waitingOnShop: false } : {}),
            ...(firstResponded ? { firstResponded: true } : {}),
          },
        });
        const targetClock = slaPatch(targetOutcome);
        const targetChanges = [
          { type: "merged" as const, from: source.ticket.id, to: target.ticket.id },
          ...(reopened ? [{ type: "status" as const, from: target.ticket.status, to: "open" }] : []),
        ];
        await events.insert(
          trx,
          target.ticket.id,
          [...targetChanges.map((c) => ({ ...c, actorId: principal.userId })), ...targetClock.events],
          now,
        );
        const firstResponseMoved = firstResponseAt?.getTime() !== target.ticket.firstResponseAt?.getTime();
        const targetAfter =
          targetClock.sla || firstResponseMoved || reopened
            ? await tickets.update(trx, target.ticket.id, {
                ...(targetClock.sla ? { sla: targetClock.sla } : {}),
                ...(firstResponseMoved ? { firstResponseAt } : {}),
                ...(reopened ? { status: "open" as const, ...statusTimestamps("open", now) } : {}),
                updatedAt: now,
              })
            : await team.touch(trx, target.ticket.id, now);
        const targetAlerts = targetOutcome?.alerts ?? [];
        await notify.record(trx, [
          // Webhooks hear of the source's closing and where it went, as of any other ticket change.
          ticketUpdatedNotice(
            sourceAfter,
            [
              { type: "merged", from: source.ticket.id, to: target.ticket.id },
              ...(wasOpen ? [{ type: "status", from: source.ticket.status, to: "closed" }] : []),
            ],
            principal,
          ),
          // ...and of the target's: its thread, updatedAt (and maybe its status) changed too.
          ticketUpdatedNotice(targetAfter, targetChanges, principal),
          { kind: "sla", ticket: targetAfter, alerts: targetAlerts },
        ]);
        return {
          target: targetAfter,
          targetAlerts,
          moved,
          snaps: [await snapshot(tickets, trx, sourceAfter), await snapshot(tickets, trx, targetAfter)],
        };
      });
      for (const s of result.snaps) emit.ticketUpdated(s);
      // The moved messages are new to the target's thread: live clients hear them as on any post (the
      // shop never its internal notes), oldest first, so a thread open on the target shows them at once.
      const targetSnap = result.snaps[1]!;
      for (const { seq: _seq, ...m } of result.moved) emit.messageCreated(m, targetSnap);
      sla.publish(result.target, result.targetAlerts);
      // The caller's side's count as the target stood after the commit (what PATCH answers, too).
      return { ...result.target, unreadCount: targetSnap.unread[sideOfPrincipal(principal)] };
    },

    /**
     * For a shop's draft: its own unresolved tickets that look like it, sharing at least two of the draft's
     * words (one when it has only one), English filler words ("the", "and", "for") left out: a single
     * common word made any ticket look like any draft.
     */
    async similar(principal: Principal, q: string): Promise<TicketWithUnread[]> {
      if (principal.role !== "shop") throw new ForbiddenError("Only shops look for their similar tickets.");
      const words = lookAlikeWords(q);
      if (words.length === 0) return [];
      const found = await team.similarOpen(db, principal.shopId, words, 5);
      // At most five: each with the shop's own unread count, as GET /api/tickets/:id would give it.
      const side = sideOfPrincipal(principal);
      return Promise.all(
        found.map(async (t) => ({ ...t, unreadCount: (await tickets.unreadCounts(db, t.id))[side] })),
      );
    },
  };
}

export type MergeService = ReturnType<typeof createMergeService>;
