import type { Principal } from "../../../shared/principal";
import { ConflictError, ForbiddenError, ValidationError } from "../../../shared/app-error";
import { randomUUID } from "node:crypto";
import { traceDelivery } from "../../../platform/delivery-trace";
import { canSeeTicket, replyEffect, statusTimestamps, type Side, type Ticket } from "../domain/ticket";
import { isFromOtherSide, messageView, visibleTo, type Message } from "../domain/message";
import { isUuid } from "../domain/cursor";
import { toSearchText } from "../domain/search";
import {
  DuplicateClientMessageIdError,
  StaleReplyError,
  TicketClosedError,
  TicketNotFoundError,
} from "../domain/support.errors";
import type { TicketPatch } from "../repository/ticket.repository";
import type { NewTicketEvent } from "../repository/event.repository";
import type { PostRepository } from "../repository/post.repository";
import type { StoredMessage } from "../repository/message.repository";
import type { MessageRead, TicketSnapshot } from "./support.events";
import { lockVisibleTicket, sideOfPrincipal, visibleTicket, type Db, type Tx } from "./access";
import type { SupportIdentityPort, SupportServiceDeps } from "./ticket.service";
import type { SqlPiece } from "../../../platform/sql-piece";
import { slaPatch } from "./sla.port";
import type { SupportNotice } from "./notify.port";
import { attachUploads } from "./attachments.port";
import { RowBusy, type GroupCommit } from "../../../platform/group-commit";

export type PostMessageInput = {
  body: string;
  internal?: boolean;
  clientMessageId?: string;
  expectedLastMessageId?: string;
  attachmentIds?: string[];
  /** Internal notes only: the admins the note mentions (active admins; the writer is never alerted). */
  mentions?: string[];
  /**
   * For a writer with no reopen button (a website visitor; never from a request body): this message
   * reopens a closed ticket in its own transaction (domain/ticket.ts replyEffect).
   */
  reopenClosed?: boolean;
};

const strip = ({ seq: _seq, ...m }: StoredMessage): Message => m;

/** How many later merges a merged ticket is followed through (see someMergeTarget). */
const MERGE_HOPS_MAX = 20;

export function createMessageService(
  deps: SupportServiceDeps & {
    posts: PostRepository;
    identity: SupportIdentityPort;
    /** Posts that arrive together share a transaction (platform/group-commit.ts). */
    postCommits: GroupCommit;
  },
) {
  const { db, tickets, messages, events, reads, emit, sla, notify, posts, postCommits } = deps;

  /**
   * The admins a note may alert: each named id must be an active admin (else a 400 naming the others, as
   * an assignee must be), read before the ticket is locked. The writer is left out: nobody is alerted of
   * their own note. The refusal is returned, not thrown: postMessage throws it only once it knows the
   * request is not a repeat, since a repeated clientMessageId answers the first note whatever became of
   * the admins it named (one deactivated since must not turn the client's retry into a 400).
   */
  async function mentionedAdmins(
    principal: Principal,
    ids: string[] | undefined,
  ): Promise<{ alerted: string[]; refusal: ValidationError | null }> {
    const named = ids ?? [];
    const unique = [...new Set(named)];
    const known = await Promise.all(unique.map((id) => deps.identity.isAdmin(id)));
    const refused = unique.filter((_, i) => !known[i]);
    const refusal = refused.length
      ? new ValidationError(
          "Only active admins can be mentioned.",
          refused.map((id) => ({ path: `mentions.${named.indexOf(id)}`, message: `No active admin ${id}.` })),
        )
      : null;
    return { alerted: unique.filter((id) => id !== principal.userId), refusal };
  }

  /**
   * Whether `test` holds for a ticket `ticket` was merged into, directly or through targets merged later in
   * turn (a merge never targets a merged ticket, so each hop is a later merge; the bound only guards the loop).
   */
  async function someMergeTarget(
    ticket: Ticket,
    test: (targetId: string) => boolean | Promise<boolean>,
  ): Promise<boolean> {
    let next = ticket.mergedIntoId;
    for (let hop = 0; next !== null && hop < MERGE_HOPS_MAX; hop++) {
      if (await test(next)) return true;
      next = (await tickets.findById(db, next))?.mergedIntoId ?? null;
    }
    return false;
  }

  /** The message with this id on this ticket, if the principal may see it. */
  async function visibleMessage(
    q: Db | Tx,
    principal: Principal,
    ticketId: string,
    messageId: string,
  ): Promise<StoredMessage | null> {
    const m = isUuid(messageId) ? await messages.findOnTicket(q, ticketId, messageId) : null;
    return m && visibleTo(m, sideOfPrincipal(principal)) ? m : null;
  }

  /** A message the principal can see on this ticket, named by a request field; unknown is 400. */
  async function referencedMessage(
    q: Db | Tx,
    principal: Principal,
    ticket: Ticket,
    messageId: string,
    field: string,
  ): Promise<StoredMessage> {
    const m = await visibleMessage(q, principal, ticket.id, messageId);
    if (!m) throw notAMessageOf(field);
    return m;
  }

  function notAMessageOf(field: string): ValidationError {
    return new ValidationError(`The ${field} is not a message of this ticket.`, [
      { path: field, message: "No such message on this ticket." },
    ]);
  }

  /** Marks the other side's messages read up to `upToSeq`, inside the caller's transaction. */
  async function markReadIn(
    trx: Tx,
    principal: Principal,
    ticket: Ticket,
    upTo: { seq: number; id: string },
    now: Date,
    explicit: boolean,
  ): Promise<MessageRead | null> {
    const side = sideOfPrincipal(principal);
    const before = await reads.lastReadSeq(trx, ticket.id, side);
    const moved = await reads.advance(trx, ticket.id, side, upTo.seq, now);
    const stamped = await messages.stampRead(
      trx,
      ticket.id,
      side,
      { aboveSeq: before ?? 0, upToSeq: upTo.seq },
      now,
    );
    // A post only advances the writer's own pointer; it is news to the other side only if it read something.
    if (stamped === 0 && !(explicit && moved)) return null;
    return {
      ticketId: ticket.id,
      shopId: ticket.shopId,
      readerType: side,
      upToMessageId: upTo.id,
      readAt: now,
      // Counted under the ticket's lock, after the pointer moved: exact as of this commit. A read up to
      // an older message leaves the newer ones unread, for every client of this side.
      unreadCount: await reads.unreadCount(trx, ticket.id, side),
      shopView:
        side === "shop" ? { upToMessageId: upTo.id } : await shopViewOfAdminRead(trx, ticket, upTo, before),
    };
  }

  /**
   * What the shop may learn from an admin's read: the newest public message it covers, and only when
   * that one is past the previous read pointer. An admin reading up to (or past) internal notes alone
   * tells the shop nothing, so no note's id or existence reaches it through a receipt.
   */
  async function shopViewOfAdminRead(
    trx: Tx,
    ticket: Ticket,
    upTo: { seq: number },
    before: number | null,
  ): Promise<MessageRead["shopView"]> {
    const lastPublic = await messages.latestVisible(trx, ticket.id, "shop", upTo.seq);
    if (!lastPublic || (before !== null && lastPublic.seq <= before)) return null;
    return { upToMessageId: lastPublic.id };
  }

  /**
   * The write statement counted the other side's messages after the expected one: refuse. The refusal is
   * thrown inside the transaction (rolling the write back) and answered after it (staleReply), so that the
   * newer messages it lists are as stored, not as the rolled-back write had stamped them read.
   */
  function throwIfStale(count: number, afterSeq: number | null) {
    if (afterSeq !== null && count > 0) throw new StaleWrite(afterSeq);
  }

  /** The other side's messages after the expected one, read after the refused write rolled back. */
  async function staleReply(ticketId: string, afterSeq: number, side: Side): Promise<StaleReplyError> {
    const newer = (await messages.newerFromOtherSide(db, ticketId, afterSeq, side)).filter((m) =>
      isFromOtherSide(m, side),
    );
    return new StaleReplyError(newer.map((m) => messageView(strip(m))));
  }

  return {
    async listMessages(
      principal: Principal,
      ticketId: string,
      opts: { after?: string; limit: number },
    ): Promise<Message[]> {
      const side = sideOfPrincipal(principal);
      const ticket = await visibleTicket(tickets, db, principal, ticketId);
      // A merged ticket's messages moved to its target (and on, when that was merged in turn): a client
      // catching up from a cursor it was given here has nothing new on this ticket (its thread now lives on
      // the target), where a 400 would be an error for using the server's own cursor.
      const after = opts.after;
      if (
        after &&
        (await someMergeTarget(
          ticket,
          async (id) => (await visibleMessage(db, principal, id, after)) !== null,
        ))
      )
        return [];
      const cursor = after ? await referencedMessage(db, principal, ticket, after, "after") : undefined;
      const rows = await messages.list(db, ticket.id, {
        afterId: cursor?.id,
        limit: opts.limit,
        includeInternal: side === "admin",
      });
      return rows.map(strip);
    },

    /**
     * Posts a message: the message, the ticket's new status and times, the search text, the timeline,
     * the SLA clock, the sender's read pointer and the outbox rows commit together under the ticket's
     * row lock. A repeated clientMessageId from the same sender returns the first message and changes
     * nothing.
     *
     * Two statements (issue 17): one SELECT that locks the ticket and reads what the rules need
     * (post.repository readForPost); the rules in JS; one data-modifying statement that writes
     * everything (writePost). Attachments add the attachments domain's own statements. Posts that arrive
     * together share BEGIN and COMMIT (group commit, platform/group-commit.ts): a post refused by its
     * rules leaves the others be, and any other failure runs each of them again alone. A post that may
     * fail after writing (the stale-reply check, attachments) has a transaction of its own.
     */
    async postMessage(
      principal: Principal,
      ticketId: string,
      input: PostMessageInput,
    ): Promise<{ message: Message; created: boolean; ticket?: Ticket; reopened?: boolean }> {
      const side = sideOfPrincipal(principal);
      const internal = input.internal ?? false;
      const replayOf = async (
        existing: StoredMessage,
        ticket: Ticket,
      ): Promise<{ message: Message; created: false }> => {
        // The key is per user id, and a host may give one id to an admin login and a shop login: the other
        // role's message is not this request's, and may be a note a shop must never see.
        if (existing.senderType !== side) {
          throw new ConflictError("This clientMessageId was already used by this user in another role.", [
            { path: "clientMessageId", message: "Already used for another message: send a new key." },
          ]);
        }
        // A merge moved the first message on to the target since: a retry on the merged ticket is still a
        // repeat, answered with the message where it now is.
        if (
          existing.ticketId !== ticket.id &&
          !(await someMergeTarget(ticket, (id) => id === existing.ticketId))
        ) {
          throw new ConflictError("This clientMessageId was already used for a message on another ticket.", [
            { path: "clientMessageId", message: "Already used on another ticket." },
          ]);
        }
        return { message: strip(existing), created: false };
      };
      if (!isUuid(ticketId)) throw new TicketNotFoundError();
      const expectedId = input.expectedLastMessageId;
      const clockSql = sla.lockedClockSql("t.id");
      // The schema lets mentions through only on a note; a shop's "note" is refused below, before this counts.
      const mentions =
        internal && principal.role === "admin"
          ? await mentionedAdmins(principal, input.mentions)
          : { alerted: [], refusal: null };

      let outcome: {
        message: StoredMessage;
        snap: TicketSnapshot;
        read: MessageRead | null;
        alerts: unknown[];
        /** This message moved a resolved or closed ticket back to open. */
        reopened: boolean;
      };
      try {
        const mayFailAfterWriting = expectedId !== undefined || (input.attachmentIds?.length ?? 0) > 0;
        const result = await postCommits.run(
          ticketId,
          async ({ q: trx, onLane, beforeWrite }) => {
            const pre = await posts.readForPost(trx, {
              ticketId,
              senderId: principal.userId,
              clientMessageId: input.clientMessageId,
              expectedMessageId: expectedId && isUuid(expectedId) ? expectedId : undefined,
              lateral: clockSql ? [clockSql] : [],
              skipLocked: onLane,
            });
            // On a lane, no row is either no ticket or one another transaction holds: asked again off the lane.
            if (!pre && onLane) throw new RowBusy();
            if (!pre || !canSeeTicket(principal, pre.ticket)) throw new TicketNotFoundError();
            const { ticket, now } = pre;
            if (internal && principal.role !== "admin") {
              throw new ForbiddenError("Only admins write internal notes.");
            }
            if (pre.replay) return { replayed: { existing: pre.replay, ticket } } as const;
            if (mentions.refusal) throw mentions.refusal;

            const effect = replyEffect(ticket, side, internal, {
              reopensClosed: input.reopenClosed === true,
            });
            if (effect.kind === "refuse") throw new TicketClosedError(ticket.mergedIntoId !== null);

            let staleAfterSeq: number | null = null;
            if (expectedId !== undefined) {
              if (!pre.expected || !visibleTo(pre.expected, side)) {
                throw new ValidationError("The expectedLastMessageId is not a message of this ticket.", [
                  { path: "expectedLastMessageId", message: "No such message on this ticket." },
                ]);
              }
              staleAfterSeq = pre.expected.seq;
            }

            const messageId = randomUUID();
            const draft: StoredMessage = {
              id: messageId,
              seq: 0,
              ticketId: ticket.id,
              senderType: side,
              senderId: principal.userId,
              senderName: principal.name,
              body: input.body,
              internal,
              attachments: [],
              clientMessageId: input.clientMessageId ?? null,
              createdAt: now,
              readAt: null,
            };
            const write = {
              message: {
                id: messageId,
                ticketId: ticket.id,
                side,
                senderId: principal.userId,
                senderName: principal.name,
                body: input.body,
                internal,
                clientMessageId: input.clientMessageId ?? null,
              },
              now,
              staleAfterSeq,
            };
            /** The one write, the stale check, then the uploads: the same for a note and a public message. */
            const commitPost = async (part: {
              patch: TicketPatch;
              events: SqlPiece | null;
              markRead: boolean;
              extra: SqlPiece[];
            }) => {
              beforeWrite();
              const done = await posts.writePost(trx, {
                ...write,
                ticketPatch: part.patch,
                ticketUpdate: tickets.updateSql(ticket.id, part.patch),
                events: part.events,
                markRead: part.markRead,
                extra: part.extra,
              });
              throwIfStale(done.newer, staleAfterSeq);
              const message = await attachUploads(
                deps.attachments,
                messages,
                trx,
                { ...draft, seq: done.seq },
                ticket.shopId,
                input.attachmentIds,
                now,
              );
              return { done, message };
            };

            if (internal) {
              // A note changes nothing the shop can see: not the ticket's times or status, not the read
              // state (which the shop sees as receipts), so no ticket:updated and no message:read follow.
              // Only the admins' search learns its words, and admins' catch-up its time (note_at).
              const { done, message } = await commitPost({
                patch: { appendInternalSearchText: toSearchText(input.body), noteAt: now },
                events: null,
                markRead: false,
                extra: mentions.alerted.length
                  ? notify.plan([
                      {
                        kind: "mention",
                        ticket,
                        message: strip(draft),
                        actor: principal,
                        adminIds: mentions.alerted,
                      },
                    ])
                  : [],
              });
              return {
                replayed: null,
                message,
                snap: { ...done.ticket, unread: done.unreadBefore },
                read: null,
                alerts: [],
                reopened: false,
              };
            }

            const patch: TicketPatch = {
              updatedAt: now,
              lastMessageAt: now,
              appendSearchText: toSearchText(input.body),
            };
            if (effect.setFirstResponse) patch.firstResponseAt = now;
            const timeline: NewTicketEvent[] = [];
            if (effect.status !== ticket.status) {
              Object.assign(patch, { status: effect.status }, statusTimestamps(effect.status, now));
              timeline.push({
                type: "status",
                actorId: principal.userId,
                from: ticket.status,
                to: effect.status,
              });
            }
            // A public message moves the SLA clock: an admin's reply waits on the shop, the shop's resumes it.
            const clockInput = {
              ticketId: ticket.id,
              now,
              change: {
                status: effect.status,
                waitingOnShop: side === "admin",
                ...(effect.setFirstResponse ? { firstResponded: true } : {}),
              },
            };
            const planned = clockSql ? sla.planTicketChanged(pre.row, clockInput) : null;
            const slaOutcome = planned?.outcome ?? null;
            const extra: SqlPiece[] = planned ? [planned.write] : [];
            const clock = slaPatch(slaOutcome);
            if (clock.sla) patch.sla = clock.sla;
            timeline.push(...clock.events);

            // The ticket as the write will leave it (what the outbox payload names: status and the rest).
            const after: Ticket = {
              ...ticket,
              ...Object.fromEntries(
                Object.entries(patch).filter(([k]) => k !== "appendSearchText" && k !== "sla"),
              ),
              sla: patch.sla ?? ticket.sla,
            };
            const statusChange =
              effect.status !== ticket.status
                ? [{ type: "status", from: ticket.status, to: effect.status }]
                : [];
            const notices: SupportNotice[] = [
              { kind: "message.created", ticket: after, message: strip(draft), actor: principal },
              ...(statusChange.length
                ? [
                    {
                      kind: "ticket.updated" as const,
                      ticket: after,
                      changes: statusChange,
                      actor: principal,
                    },
                  ]
                : []),
              { kind: "sla", ticket: after, alerts: slaOutcome?.alerts ?? [] },
            ];
            extra.push(...notify.plan(notices));

            const { done, message } = await commitPost({
              patch,
              events: events.insertSql(ticket.id, timeline, now),
              markRead: true,
              extra,
            });
            // Writing implies having read the thread up to here: the writer's pointer is now this message
            // (nothing of the other side is newer), and the other side has one more unread message.
            const unread =
              side === "shop"
                ? { shop: 0, admin: done.unreadBefore.admin + 1 }
                : { shop: done.unreadBefore.shop + 1, admin: 0 };
            // The receipt: news to the other side only if the post marked something of theirs read. The
            // newest public message it covers is this one (see shopViewOfAdminRead).
            const read: MessageRead | null =
              done.stamped > 0
                ? {
                    ticketId: ticket.id,
                    shopId: ticket.shopId,
                    readerType: side,
                    upToMessageId: message.id,
                    readAt: now,
                    unreadCount: unread[side],
                    shopView: { upToMessageId: message.id },
                  }
                : null;
            return {
              replayed: null,
              message,
              snap: { ...done.ticket, unread },
              read,
              alerts: slaOutcome?.alerts ?? [],
              reopened: ticket.status !== "open" && effect.status === "open",
            };
          },
          { alone: mayFailAfterWriting },
        );
        if (result.replayed) return await replayOf(result.replayed.existing, result.replayed.ticket);
        outcome = result;
      } catch (err) {
        if (err instanceof StaleWrite) throw await staleReply(ticketId, err.afterSeq, side);
        // Two first sends of one clientMessageId raced (or one waited for the other's ticket lock): the
        // loser's insert hit the unique index, and it replays.
        if (!(err instanceof DuplicateClientMessageIdError) || !input.clientMessageId) throw err;
        const ticket = await visibleTicket(tickets, db, principal, ticketId);
        const existing = await messages.findByClientId(db, principal.userId, input.clientMessageId);
        if (!existing) throw err;
        return replayOf(existing, ticket);
      }

      const message = strip(outcome.message);
      traceDelivery("commit", message.id);
      emit.messageCreated(message, outcome.snap);
      if (!message.internal) emit.ticketUpdated(outcome.snap);
      if (outcome.read) emit.messageRead(outcome.read);
      sla.publish(outcome.snap, outcome.alerts);
      // The ticket as this post left it (status, assignee), for what follows the post (auto-assignment).
      return { message, created: true, ticket: outcome.snap, reopened: outcome.reopened };
    },

    /** Marks the other side's messages read, up to a message or all of them. */
    async markRead(principal: Principal, ticketId: string, upToMessageId?: string): Promise<void> {
      const side = sideOfPrincipal(principal);
      const done = await db.transaction(async (trx) => {
        const { ticket, now } = await lockVisibleTicket(tickets, trx, principal, ticketId);
        const upTo = upToMessageId
          ? await visibleMessage(trx, principal, ticket.id, upToMessageId)
          : await messages.latestVisible(trx, ticket.id, side);
        if (!upTo) return upToMessageId ? { unknownOn: ticket } : null;
        return { read: await markReadIn(trx, principal, ticket, upTo, now, true) };
      });
      if (done?.unknownOn) {
        // Asked after the transaction: the embedded database has one connection. A merge moved the message
        // on (a client read it here before the merge): 204, as listMessages answers the same cursor with an
        // empty page, but nothing is marked. The target's read state is one pointer over a thread in which
        // the moved messages interleave with its own by seq: reading up to this message there would mark
        // the target's older messages read too, which this client never saw here, and tell the other side
        // so. The merge already carried this ticket's read state over (mergeReadPointers).
        const moved = await someMergeTarget(
          done.unknownOn,
          async (id) => (await visibleMessage(db, principal, id, upToMessageId!)) !== null,
        );
        if (!moved) throw notAMessageOf("upToMessageId");
        return;
      }
      if (done?.read) emit.messageRead(done.read);
    },

    /** For the notifications worker: whether the shop has read this message (an unread-reply alert is then moot). */
    async isReadByShop(messageId: string): Promise<boolean> {
      if (!isUuid(messageId)) return false;
      return messages.isReadBy(db, messageId);
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;

/** A post refused as stale, on its way out of the transaction (see throwIfStale). Never leaves the service. */
class StaleWrite extends Error {
  constructor(readonly afterSeq: number) {
    super("stale reply");
  }
}
