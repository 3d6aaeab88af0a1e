import type { Knex } from "knex";
import type { Principal } from "../../../shared/principal";
import { canSeeTicket, type Side, type Ticket } from "../domain/ticket";
import { isUuid } from "../domain/cursor";
import { TicketNotFoundError } from "../domain/support.errors";
import type { TicketRepository } from "../repository/ticket.repository";
import type { SupportEvents, TicketSnapshot } from "./support.events";

export type Db = Knex;
export type Tx = Knex.Transaction;

export const sideOfPrincipal = (p: Principal): Side => p.role;

/** Reads a ticket the principal may see; anything else (unknown, malformed id, another shop's) is 404. */
export async function visibleTicket(
  tickets: TicketRepository,
  q: Db | Tx,
  principal: Principal,
  id: string,
): Promise<Ticket> {
  if (!isUuid(id)) throw new TicketNotFoundError();
  const ticket = await tickets.findById(q, id);
  if (!ticket || !canSeeTicket(principal, ticket)) throw new TicketNotFoundError();
  return ticket;
}

/** The same, locking the row for the rest of the transaction, so concurrent writers queue up. */
export async function lockVisibleTicket(
  tickets: TicketRepository,
  trx: Tx,
  principal: Principal,
  id: string,
): Promise<{ ticket: Ticket; now: Date }> {
  if (!isUuid(id)) throw new TicketNotFoundError();
  const locked = await tickets.lockById(trx, id);
  if (!locked || !canSeeTicket(principal, locked.ticket)) throw new TicketNotFoundError();
  return locked;
}

export async function snapshot(
  tickets: TicketRepository,
  q: Db | Tx,
  ticket: Ticket,
): Promise<TicketSnapshot> {
  return { ...ticket, unread: await tickets.unreadCounts(q, ticket.id) };
}

/** Emits after the commit; a failing listener must not turn a committed write into an error. */
export function safeEmitter(events: SupportEvents, onError: (err: unknown) => void): SupportEvents {
  const wrap =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn(...args);
      } catch (err) {
        onError(err);
      }
    };
  return {
    ticketCreated: wrap((t) => events.ticketCreated(t)),
    ticketUpdated: wrap((t, audience) => events.ticketUpdated(t, audience)),
    messageCreated: wrap((m, t) => events.messageCreated(m, t)),
    messageRead: wrap((r) => events.messageRead(r)),
  };
}
