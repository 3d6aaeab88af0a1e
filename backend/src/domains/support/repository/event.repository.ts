import type { Knex } from "knex";
import type { TicketEventType } from "@parley/contract";
import type { TicketEvent } from "../domain/ticket";
import { insertSql, type SqlPiece } from "../../../platform/sql-piece";

type Q = Knex | Knex.Transaction;

type EventRow = {
  type: TicketEventType;
  actor_id: string | null;
  from_value: string | null;
  to_value: string | null;
  created_at: Date;
};

export type NewTicketEvent = Omit<TicketEvent, "createdAt">;

const toRows = (ticketId: string, events: NewTicketEvent[], at: Date) =>
  events.map((e) => ({
    ticket_id: ticketId,
    type: e.type,
    actor_id: e.actorId,
    from_value: e.from,
    to_value: e.to,
    created_at: at,
  }));

/** The ticket timeline: one row per change, in the order the changes were made. */
export function createEventRepository() {
  return {
    async insert(trx: Q, ticketId: string, events: NewTicketEvent[], at: Date): Promise<void> {
      if (events.length === 0) return;
      await trx("support_ticket_events").insert(toRows(ticketId, events, at));
    },

    /** The same INSERT as SQL with bindings (null: nothing to insert), for a single write statement. */
    insertSql(ticketId: string, events: NewTicketEvent[], at: Date): SqlPiece | null {
      if (events.length === 0) return null;
      return insertSql("support_ticket_events", toRows(ticketId, events, at));
    },

    async list(q: Q, ticketId: string): Promise<TicketEvent[]> {
      const rows = await q("support_ticket_events")
        .select<EventRow[]>("type", "actor_id", "from_value", "to_value", "created_at")
        .where({ ticket_id: ticketId })
        .orderBy("id", "asc");
      return rows.map((r) => ({
        type: r.type,
        actorId: r.actor_id,
        from: r.from_value,
        to: r.to_value,
        createdAt: r.created_at,
      }));
    },
  };
}

export type EventRepository = ReturnType<typeof createEventRepository>;
