import type { Knex } from "knex";
import { searchWords } from "../backend/src/shared/search-words";

/**
 * Search words keep their combining marks (backend/src/shared/search-words.ts): "नमस्ते" was indexed as
 * the pieces between its marks, so a search for one Hindi or Thai word matched text that merely shared
 * its consonants, and "istanbul" never found "İSTANBUL". This rebuilds the two search vectors of every
 * ticket whose text holds a character the new rule reads differently, with the rule the server now uses.
 *
 * Only such tickets are read: SQL picks those whose subject or messages contain a combining mark, a
 * script written with them, Arabic tatweel or "İ" (the ranges below cover more than the rule changes, as
 * a cheap first sieve); the rest keep their vectors, which the new rule would build the same.
 */
const CANDIDATE = `'[\\u0130\\u0300-\\u036F\\u0483-\\u0489\\u0591-\\u05C7\\u0610-\\u061A\\u0640-\\u065F\\u0670\\u06D6-\\u06ED\\u0711\\u0730-\\u074A\\u07A6-\\u07B0\\u0900-\\u0DFF\\u0E00-\\u0FFF\\u1000-\\u109F\\u1780-\\u17FF\\u1AB0-\\u1AFF\\u1DC0-\\u1DFF\\u20D0-\\u20FF\\uFE20-\\uFE2F]'`;
/** As the repository caps an append: once a vector holds this many words, later messages add none. */
const MAX_LEXEMES = 20_000;
const BATCH = 200;

type MessageRow = { ticket_id: string; body: string; internal: boolean };

/** The text of one vector: the words of each part in order, until MAX_LEXEMES distinct words are in. */
function capped(parts: string[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of parts) {
    if (seen.size >= MAX_LEXEMES) break;
    const words = searchWords(part);
    for (const w of words) seen.add(w);
    out.push(words.join(" "));
  }
  return out.join(" ");
}

export async function up(knex: Knex): Promise<void> {
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    // A merge moved the source's messages and added its vector (subject included, weight A) to the
    // target's: a target's subjects are its own and those of every ticket merged into it, at any depth.
    // A merged source keeps the vector it had (its messages now live on the target).
    const tickets: Array<{ id: string; subjects: string[] }> = (
      await knex.raw(
        `SELECT t.id,
                ARRAY(WITH RECURSIVE sources(id, subject) AS (
                        SELECT t.id, t.subject
                        UNION ALL
                        SELECT s.id, s.subject FROM support_tickets s JOIN sources ON s.merged_into_id = sources.id)
                      SELECT subject FROM sources) AS subjects
           FROM support_tickets t
          WHERE t.id > ? AND t.merged_into_id IS NULL
            AND (t.subject ~ ${CANDIDATE}
                 OR EXISTS (SELECT 1 FROM support_messages m WHERE m.ticket_id = t.id AND m.body ~ ${CANDIDATE})
                 OR EXISTS (SELECT 1 FROM support_tickets s WHERE s.merged_into_id = t.id AND s.subject ~ ${CANDIDATE}))
          ORDER BY t.id LIMIT ${BATCH}`,
        [after],
      )
    ).rows;
    if (tickets.length === 0) return;
    after = tickets.at(-1)!.id;
    const messages: MessageRow[] = (
      await knex.raw(
        `SELECT ticket_id, body, internal FROM support_messages WHERE ticket_id = ANY(?::uuid[]) ORDER BY ticket_id, seq`,
        [tickets.map((t) => t.id)],
      )
    ).rows;
    for (const t of tickets) {
      const own = messages.filter((m) => m.ticket_id === t.id);
      const notes = own.filter((m) => m.internal).map((m) => m.body);
      await knex.raw(
        `UPDATE support_tickets
            SET search_vector = setweight(to_tsvector('simple', ?), 'A') || strip(to_tsvector('simple', ?)),
                internal_search_vector = CASE WHEN ? THEN strip(to_tsvector('simple', ?)) END
          WHERE id = ?`,
        [
          capped(t.subjects),
          capped(own.filter((m) => !m.internal).map((m) => m.body)),
          notes.length > 0,
          capped(notes),
          t.id,
        ],
      );
    }
  }
}

/** The old vectors held the same words split at their marks; the new ones serve the old rule's queries less well but do no harm. */
export async function down(): Promise<void> {}
