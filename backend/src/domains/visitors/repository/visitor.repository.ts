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
    /** Links the session to its conversation once; false when another request linked one first. */
    async linkTicket(id: string, ticketId: string): Promise<boolean> {
      const n = await db("visitor_sessions")
        .where({ id })
        .whereNull("ticket_id")
        .update({ ticket_id: ticketId });
      return n === 1;
    },
    async findByTicketIds(ticketIds: string[]): Promise<VisitorSession[]> {
      if (ticketIds.length === 0) return [];
      const rows = await db<Row>("visitor_sessions").whereIn("ticket_id", ticketIds);
      return rows.map(toSession);
    },
  };
}

export type VisitorRepository = ReturnType<typeof createVisitorRepository>;
