import type { Knex } from "knex";
import type { CannedResponse } from "../domain/canned";

type Row = {
  id: string;
  title: string;
  body: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = ["id", "title", "body", "created_by", "created_at", "updated_at"] as const;

const toCanned = (r: Row): CannedResponse => ({
  id: r.id,
  title: r.title,
  body: r.body,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createCannedRepository(db: Knex) {
  return {
    async list(limit: number): Promise<CannedResponse[]> {
      const rows = await db("canned_responses")
        .select(COLUMNS)
        .orderByRaw("lower(title), id")
        .limit(limit)
        .then((r) => r as Row[]);
      return rows.map(toCanned);
    },
    async findById(id: string): Promise<CannedResponse | null> {
      const row = await db("canned_responses")
        .select(COLUMNS)
        .where({ id })
        .first()
        .then((r) => r as Row | undefined);
      return row ? toCanned(row) : null;
    },
    /**
     * Held until `trx` ends: creations take it before counting, so two at once cannot both see room under
     * the cap and both insert.
     */
    async lockForCreate(trx: Knex.Transaction): Promise<void> {
      await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('parley:canned-responses'))`);
    },
    async count(q: Knex | Knex.Transaction = db): Promise<number> {
      const row = await q("canned_responses").count<Array<{ n: string | number }>>({ n: "*" }).first();
      return Number(row?.n ?? 0);
    },
    async insert(
      c: { title: string; body: string; createdBy: string },
      q: Knex | Knex.Transaction = db,
    ): Promise<CannedResponse> {
      const [row] = await q("canned_responses")
        .insert({ title: c.title, body: c.body, created_by: c.createdBy })
        .returning<Row[]>([...COLUMNS]);
      if (!row) throw new Error("INSERT … RETURNING returned no row");
      return toCanned(row);
    },
    async update(id: string, patch: { title?: string; body?: string }): Promise<CannedResponse | null> {
      const [row] = await db("canned_responses")
        .update({ ...patch, updated_at: db.fn.now() })
        .where({ id })
        .returning<Row[]>([...COLUMNS]);
      return row ? toCanned(row) : null;
    },
    async remove(id: string): Promise<boolean> {
      // RETURNING rather than the affected-row count, which the embedded driver does not report.
      const rows = await db("canned_responses")
        .where({ id })
        .delete()
        .returning<Array<{ id: string }>>(["id"]);
      return rows.length > 0;
    },
  };
}

export type CannedRepository = ReturnType<typeof createCannedRepository>;
