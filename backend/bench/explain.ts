import { randomUUID } from "node:crypto";
import fs from "node:fs";
import pg from "pg";

/**
 * Captures the exact SQL (and parameter values) the server runs for one request, from the throwaway
 * cluster's log with log_min_duration_statement = 0, then runs EXPLAIN (ANALYZE, BUFFERS) on it with the
 * parameters inlined. Needs superuser on the cluster, so it runs on the throwaway cluster only, after the
 * timed scenarios (statement logging costs time).
 */
export type Captured = { label: string; sql: string; params: string[]; plan: string };

type Entry = { pid: string; level: string; text: string };

function parseLog(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const raw of text.split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/)) {
    const m = /^\S+ \S+ \S+ \[(\d+)\] (\w+):\s+([\s\S]*)$/.exec(raw.trimEnd());
    if (m) entries.push({ pid: m[1]!, level: m[2]!, text: m[3]!.replace(/\n\t/g, "\n") });
  }
  return entries;
}

/** The statements a request ran: `execute` log lines with the DETAIL that lists their parameters. */
function statements(text: string): Array<{ sql: string; params: string[] }> {
  const entries = parseLog(text);
  const out: Array<{ sql: string; params: string[] }> = [];
  entries.forEach((e, i) => {
    const m = /^duration: [\d.]+ ms\s+(?:execute [^:]*|statement): ([\s\S]*)$/.exec(e.text);
    if (e.level !== "LOG" || !m) return;
    const next = entries[i + 1];
    const params: string[] = [];
    if (next && next.level === "DETAIL" && next.pid === e.pid && next.text.startsWith("parameters:")) {
      for (const p of next.text.matchAll(/\$(\d+) = (NULL|'(?:[^']|'')*')/g))
        params[Number(p[1]) - 1] = p[2]!;
    }
    out.push({ sql: m[1]!, params });
  });
  return out;
}

/** Replaces $n outside string literals by the logged literal. */
export function inline(sql: string, params: string[]): string {
  return sql.replace(/'(?:[^']|'')*'|\$(\d+)/g, (whole, n: string | undefined) =>
    n === undefined ? whole : (params[Number(n) - 1] ?? whole),
  );
}

export async function captureAndExplain(opts: {
  superUrl: string;
  appUrl: string;
  logFile: string;
  requests: Array<{
    label: string;
    /** Runs the request; a write returns the values it created (ids), replaced by fresh ones when explained. */
    run: () => Promise<void | { fresh: string[] }>;
    pick: (sql: string) => boolean;
  }>;
}): Promise<Captured[]> {
  const admin = new pg.Client({ connectionString: opts.superUrl });
  await admin.connect();
  const captured: Array<Omit<Captured, "plan"> & { fresh: string[] }> = [];
  try {
    await admin.query(`ALTER SYSTEM SET log_min_duration_statement = 0`);
    await admin.query(`SELECT pg_reload_conf()`);
    await new Promise((r) => setTimeout(r, 500));
    for (const req of opts.requests) {
      const from = fs.statSync(opts.logFile).size;
      const made = await req.run();
      await new Promise((r) => setTimeout(r, 300));
      const fd = fs.openSync(opts.logFile, "r");
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(size - from);
      fs.readSync(fd, buf, 0, buf.length, from);
      fs.closeSync(fd);
      // A request may run several list statements (the search's window step, then its GIN step).
      const found = statements(buf.toString("utf8")).filter((s) => req.pick(s.sql));
      found.forEach((f, i) =>
        captured.push({
          label: found.length > 1 ? `${req.label}: statement ${i + 1} of ${found.length}` : req.label,
          ...f,
          fresh: made ? made.fresh : [],
        }),
      );
    }
  } finally {
    await admin.query(`ALTER SYSTEM RESET log_min_duration_statement`);
    await admin.query(`SELECT pg_reload_conf()`);
    await admin.end();
  }

  const client = new pg.Client({ connectionString: opts.appUrl });
  await client.connect();
  try {
    const out: Captured[] = [];
    for (const { fresh, ...c } of captured) {
      // A write's statement runs for real under ANALYZE: inside a transaction that is rolled back, with the
      // ids the request created replaced by new ones (the originals exist now: a unique violation).
      let params = c.params;
      for (const value of fresh) {
        const replacement = randomUUID();
        params = params.map((p) => p.split(value).join(replacement));
      }
      const sql = `EXPLAIN (ANALYZE, BUFFERS) ${inline(c.sql, params)}`;
      const explain = async () => {
        await client.query("BEGIN");
        try {
          return await client.query<{ "QUERY PLAN": string }>(sql);
        } finally {
          await client.query("ROLLBACK");
        }
      };
      await explain(); // warm: the plan shown is the steady state
      const { rows } = await explain();
      out.push({ ...c, plan: rows.map((r) => r["QUERY PLAN"]).join("\n") });
    }
    return out;
  } finally {
    await client.end();
  }
}
