import type { Principal } from "../../../shared/principal";
import { ConflictError, ForbiddenError, ValidationError } from "../../../shared/app-error";
import { replyEffect, statusTimestamps, type Ticket } from "../domain/ticket";
import { isFromOtherSide, messageView, visibleTo, type Message } from "../domain/message";
import { isUuid } from "../domain/cursor";
import { toSearchText } from "../domain/search";
import { DuplicateClientMessageIdError, StaleReplyError, TicketClosedError } from "../domain/support.errors";
import type { TicketRepository } from "../repository/ticket.repository";
import type { StoredMessage } from "../repository/message.repository";
import type { MessageRead, TicketSnapshot } from "./support.events";
import { lockVisibleTicket, sideOfPrincipal, snapshot, visibleTicket, type Db, type Tx } from "./access";
import type { SupportServiceDeps } from "./ticket.service";
import { slaPatch } from "./sla.port";
import { attachUploads } from "./attachments.port";

export type PostMessageInput = {
  body: string;
  internal?: boolean;
  clientMessageId?: string;
  expectedLastMessageId?: string;
  attachmentIds?: string[];
};

const strip = ({ seq: _seq, ...m }: StoredMessage): Message => m;

export function createMessageService(deps: SupportServiceDeps) {
  const { db, tickets, messages, events, reads, emit, sla, notify } = deps;

  /** A message the principal can see on this ticket, named by a request field; unknown is 400. */
  async function referencedMessage(
    q: Db | Tx,
    principal: Principal,
    ticket: Ticket,
    messageId: string,
    field: string,
  ): Promise<StoredMessage> {
    const m = isUuid(messageId) ? await messages.findOnTicket(q, ticket.id, messageId) : null;
    if (!m || !visibleTo(m, sideOfPrincipal(principal))) {
      throw new ValidationError(`The ${field} is not a message of this ticket.`, [
        { path: field, message: "No such message on this ticket." },
      ]);
    }
    return m;
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
    const stamped = await messages.stampRead(trx, ticket.id, side, upTo.seq, now);
    // A post only advances the writer's own pointer; it is news to the other side only if it read something.
    if (stamped === 0 && !(explicit && moved)) return null;
    return {
      ticketId: ticket.id,
      shopId: ticket.shopId,
      readerType: side,
      upToMessageId: upTo.id,
      readAt: now,
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

  return {
    async listMessages(
      principal: Principal,
      ticketId: string,
      opts: { after?: string; limit: number },
    ): Promise<Message[]> {
      const side = sideOfPrincipal(principal);
      const ticket = await visibleTicket(tickets, db, principal, ticketId);
      const after = opts.after
        ? await referencedMessage(db, principal, ticket, opts.after, "after")
        : undefined;
      const rows = await messages.list(db, ticket.id, {
        afterSeq: after?.seq,
        limit: opts.limit,
        includeInternal: side === "admin",
      });
      return rows.map(strip);
    },

    /**
     * Posts a message: the message, the ticket's new status and times, the search text, the timeline
     * and the sender's read pointer commit together under the ticket's row lock. A repeated
     * clientMessageId from the same sender returns the first message and changes nothing.
     */
    async postMessage(
      principal: Principal,
      ticketId: string,
      input: PostMessageInput,
    ): Promise<{ message: Message; created: boolean }> {
      const side = sideOfPrincipal(principal);
      const internal = input.internal ?? false;
      const replay = async (
        q: Db | Tx,
        ticket: Ticket,
      ): Promise<{ message: Message; created: false } | null> => {
        if (!input.clientMessageId) return null;
        const existing = await messages.findByClientId(q, principal.userId, input.clientMessageId);
        if (!existing) return null;
        if (existing.ticketId !== ticket.id) {
          throw new ConflictError("This clientMessageId was already used for a message on another ticket.", [
            { path: "clientMessageId", message: "Already used on another ticket." },
          ]);
        }
        return { message: strip(existing), created: false };
      };

      let outcome: {
        message: StoredMessage;
        snap: TicketSnapshot;
        read: MessageRead | null;
        alerts: unknown[];
      };
      try {
        const result = await db.transaction(async (trx) => {
          const { ticket, now } = await lockVisibleTicket(tickets, trx, principal, ticketId);
          if (internal && principal.role !== "admin") {
            throw new ForbiddenError("Only admins write internal notes.");
          }
          const replayed = await replay(trx, ticket);
          if (replayed) return { replayed } as const;

          const effect = replyEffect(ticket, side, internal);
          if (effect.kind === "refuse") throw new TicketClosedError();

          if (input.expectedLastMessageId) {
            const expected = await referencedMessage(
              trx,
              principal,
              ticket,
              input.expectedLastMessageId,
              "expectedLastMessageId",
            );
            const newer = (await messages.newerFromOtherSide(trx, ticket.id, expected.seq, side)).filter(
              (m) => isFromOtherSide(m, side),
            );
            if (newer.length > 0) throw new StaleReplyError(newer.map((m) => messageView(strip(m))));
          }

          const inserted = await messages.insert(trx, {
            ticketId: ticket.id,
            senderType: side,
            senderId: principal.userId,
            senderName: principal.name,
            body: input.body,
            internal,
            clientMessageId: input.clientMessageId ?? null,
            now,
          });
          const message = await attachUploads(
            deps.attachments,
            messages,
            trx,
            inserted,
            ticket.shopId,
            input.attachmentIds,
            now,
          );
          if (internal) {
            // A note changes nothing the shop can see: not the ticket's times or status, not the read
            // state (which the shop sees as receipts), so no ticket:updated and no message:read follow.
            // Only the admins' search learns its words.
            const noted = await tickets.update(trx, ticket.id, {
              appendInternalSearchText: toSearchText(input.body),
            });
            return {
              replayed: null,
              message,
              snap: await snapshot(tickets, trx, noted),
              read: null,
              alerts: [],
            };
          }

          const patch: Parameters<TicketRepository["update"]>[2] = {
            updatedAt: now,
            lastMessageAt: now,
            appendSearchText: toSearchText(input.body),
          };
          if (effect.setFirstResponse) patch.firstResponseAt = now;
          if (effect.status !== ticket.status) {
            Object.assign(patch, { status: effect.status }, statusTimestamps(effect.status, now));
            await events.insert(
              trx,
              ticket.id,
              [{ type: "status", actorId: principal.userId, from: ticket.status, to: effect.status }],
              now,
            );
          }
          // A public message moves the SLA clock: an admin's reply waits on the shop, the shop's resumes it.
          const slaOutcome = await sla.ticketChanged(trx, {
            ticketId: ticket.id,
            now,
            change: {
              status: effect.status,
              waitingOnShop: side === "admin",
              ...(effect.setFirstResponse ? { firstResponded: true } : {}),
            },
          });
          const clock = slaPatch(slaOutcome);
          if (clock.sla) patch.sla = clock.sla;
          await events.insert(trx, ticket.id, clock.events, now);
          const updated = await tickets.update(trx, ticket.id, patch);
          // Writing implies having read the thread up to here.
          const read = await markReadIn(trx, principal, updated, message, now, false);
          const statusChange =
            effect.status !== ticket.status
              ? [{ type: "status", from: ticket.status, to: effect.status }]
              : [];
          await notify.record(trx, [
            { kind: "message.created", ticket: updated, message: strip(message), actor: principal },
            ...(statusChange.length
              ? [
                  {
                    kind: "ticket.updated" as const,
                    ticket: updated,
                    changes: statusChange,
                    actor: principal,
                  },
                ]
              : []),
            { kind: "sla", ticket: updated, alerts: slaOutcome?.alerts ?? [] },
          ]);
          return {
            replayed: null,
            message,
            snap: await snapshot(tickets, trx, updated),
            read,
            alerts: slaOutcome?.alerts ?? [],
          };
        });
        if (result.replayed) return result.replayed;
        outcome = result;
      } catch (err) {
        // Two first sends of one clientMessageId raced (on different tickets' locks): the loser replays.
        if (!(err instanceof DuplicateClientMessageIdError)) throw err;
        const ticket = await visibleTicket(tickets, db, principal, ticketId);
        const replayed = await replay(db, ticket);
        if (!replayed) throw err;
        return replayed;
      }

      const message = strip(outcome.message);
      emit.messageCreated(message, outcome.snap);
      if (!message.internal) emit.ticketUpdated(outcome.snap);
      if (outcome.read) emit.messageRead(outcome.read);
      sla.publish(outcome.snap, outcome.alerts);
      return { message, created: true };
    },

    /** Marks the other side's messages read, up to a message or all of them. */
    async markRead(principal: Principal, ticketId: string, upToMessageId?: string): Promise<void> {
      const side = sideOfPrincipal(principal);
      const read = await db.transaction(async (trx) => {
        const { ticket, now } = await lockVisibleTicket(tickets, trx, principal, ticketId);
        const upTo = upToMessageId
          ? await referencedMessage(trx, principal, ticket, upToMessageId, "upToMessageId")
          : await messages.latestVisible(trx, ticket.id, side);
        if (!upTo) return null;
        return markReadIn(trx, principal, ticket, upTo, now, true);
      });
      if (read) emit.messageRead(read);
    },

    /** For the notifications worker: whether the shop has read this message (an unread-reply alert is then moot). */
    async isReadByShop(messageId: string): Promise<boolean> {
      if (!isUuid(messageId)) return false;
      return messages.isReadBy(db, messageId);
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
