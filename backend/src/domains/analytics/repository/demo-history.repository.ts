import type { Knex } from "knex";
import type { DemoTicket } from "../domain/demo-history";
import { createSlaRepository } from "./sla.repository";

/**
 * Writes the demo history (development only, `SEED_DEMO`): tickets, their messages, timelines and SLA
 * clocks, as the support domain would have left them. Like the benchmark's seed, it writes the support
 * tables directly because their times are in the past (the support service stamps the database's now()).
 */
export function createDemoHistoryRepository() {
  const clocks = createSlaRepository();
  return {
    /** Whether these shops already have tickets (the history is only written on a fresh start). */
    async shopsHaveTickets(q: Knex, shopIds: string[]): Promise<boolean> {
      const row = await q("support_tickets")
        .whereIn("shop_id", shopIds)
        .first<{ id: string } | undefined>("id");
      return row !== undefined;
    },

    async insert(
      trx: Knex.Transaction,
      t: DemoTicket,
      who: { shopId: string; shopUserId: string; shopName: string; adminId: string; adminName: string },
    ): Promise<void> {
      const last = t.messages.at(-1)!.at;
      const [row] = await trx("support_tickets")
        .insert({
          shop_id: who.shopId,
          subject: t.subject,
          status: t.status,
          priority: t.priority,
          category: t.category,
          assignee_id: t.firstResponseAt ? who.adminId : null,
          created_by: who.shopUserId,
          created_at: t.createdAt,
          updated_at: new Date(
            Math.max(last.getTime(), t.resolvedAt?.getTime() ?? 0, t.closedAt?.getTime() ?? 0),
          ),
          last_message_at: last,
          first_response_at: t.firstResponseAt,
          resolved_at: t.resolvedAt,
          closed_at: t.closedAt,
          search_vector: trx.raw(`to_tsvector('simple', ?)`, [
            [t.subject, ...t.messages.map((m) => m.body)].join(" "),
          ]),
          sla_first_response_due_at: t.sla.firstResponseDueAt,
          sla_next_response_due_at: t.sla.nextResponseDueAt,
          sla_resolution_due_at: t.sla.resolutionDueAt,
          sla_breached: t.sla.breached,
          sla_due_at: t.sla.dueAt,
          sla_warning_at: t.sla.warningAt,
        })
        .returning<Array<{ id: string }>>(["id"]);
      const id = row!.id;
      await trx("support_messages").insert(
        t.messages.map((m) => ({
          ticket_id: id,
          sender_type: m.side,
          sender_id: m.side === "shop" ? who.shopUserId : who.adminId,
          sender_name: m.side === "shop" ? who.shopName : who.adminName,
          body: m.body,
          created_at: m.at,
          read_at: m.at,
        })),
      );
      await trx("support_ticket_events").insert(
        t.events.map((e) => ({
          ticket_id: id,
          type: e.type,
          actor_id: e.type.startsWith("sla_") ? null : e.type === "created" ? who.shopUserId : who.adminId,
          from_value: e.from,
          to_value: e.to,
          created_at: e.at,
        })),
      );
      await clocks.insertClock(trx, id, t.clock);
    },
  };
}
