import type { Knex } from "knex";

export type VisitorSession = {
  id: string;
  name: string | null;
  email: string | null;
  pageUrl: string | null;
  ticketId: string | null;
  createdAt: Date;
};

type Row = {
  id: string;
  name: string | null;
  email: string | null;
  page_url: string | null;
  ticket_id: string | null;
  created_at: Date;
};

const toSession = (r: Row): VisitorSession => ({
  id: r.id,
  name: r.name,
  email: r.email,
  pageUrl: r.page_url,
  ticketId: r.ticket_id,
  createdAt: r.created_at,
});

/** visitor_sessions: the only place knex touches a visitor. */
export function createVisitorRepository(db: Knex) {
  return {
    async insert(s: {
      name: string | null;
      email: string | null;
      pageUrl: string | null;
    }): Promise<VisitorSession> {
      const [row] = await db<Row>("visitor_sessions")
        .insert({ name: s.name, email: s.email, page_url: s.pageUrl })
        .returning("*");
      return toSession(row as Row);
    },
    async findById(id: string): Promise<VisitorSession | null> {
      const row = await db<Row>("visitor_sessions").where({ id }).first();
      return row ? toSession(row) : null;
    },
    /**
     * The first-message guard (issue 18): locks the session's row until `trx` ends and returns the
     * conversation it already has. A concurrent first message, from any process, waits here for the
     * other's commit and then sees the ticket it linked.
     */
    async lockForOpening(trx: Knex.Transaction, id: string): Promise<string | null> {
      const row = await trx<Row>("visitor_sessions").where({ id }).forUpdate().first("ticket_id");
      return row?.ticket_id ?? null;
    },
    async linkTicket(trx: Knex.Transaction, id: string, ticketId: string): Promise<void> {
      await trx("visitor_sessions").where({ id }).update({ ticket_id: ticketId });
    },
    async findByTicketIds(ticketIds: string[]): Promise<VisitorSession[]> {
      if (ticketIds.length === 0) return [];
      const rows = await db<Row>("visitor_sessions").whereIn("ticket_id", ticketIds);
      return rows.map(toSession);
    },
  };
}

export type VisitorRepository = ReturnType<typeof createVisitorRepository>;
