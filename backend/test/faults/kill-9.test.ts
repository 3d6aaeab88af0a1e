/**
 * Fault test (3): `kill -9` of the server in the middle of steady posting, then a restart on the same
 * database (the embedded one on the same DATA_DIR; PostgreSQL on the same DATABASE_URL). Clients retry
 * every unacknowledged message with its clientMessageId. Afterwards: 0 acknowledged messages lost,
 * 0 stored twice. A message that committed just before the kill but whose answer never arrived comes
 * back as 200 (the stored message) on retry, never as a second copy.
 *
 * The embedded variant runs in the PGlite pass, the PostgreSQL one in the PostgreSQL pass.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  adminUser,
  fetchMessagesAfter,
  fileTicket,
  freePort,
  newStats,
  report,
  shopUser,
  sleep,
  startParley,
  steadyLoad,
  stopGracefully,
  type ParleyProcess,
} from "./fault-kit";

const LOAD_MS = 8000;
const KILL_AT_MS = 3000;
const INTERVAL_MS = 50; // 20 messages per second

async function killMidLoad(label: string, env: Record<string, string>) {
  const port = await freePort(); // the restarted process listens on the same address
  const processes: ParleyProcess[] = [];
  const start = () => {
    const p = startParley({ ...env, PORT: String(port) });
    processes.push(p);
    return p;
  };
  try {
    const first = start();
    const base = await first.listening;
    const shop = shopUser();
    const admin = adminUser();
    const ticket = await fileTicket(base, shop);

    const stats = newStats();
    let killedAt = 0;
    let backAt = 0;
    let second: ParleyProcess | undefined;
    const loadStart = Date.now();
    const fault = (async () => {
      await sleep(KILL_AT_MS);
      first.child.kill("SIGKILL");
      await first.exited;
      killedAt = Date.now();
      second = start();
      await second.listening;
      backAt = Date.now();
    })();
    const sentIds = await steadyLoad({
      base: () => base,
      who: shop,
      ticketId: ticket.id,
      stats,
      intervalMs: INTERVAL_MS,
      durationMs: LOAD_MS,
      settleMs: 60_000,
      label,
    });
    await fault;

    const stored = await fetchMessagesAfter(base, admin, ticket.id);
    const perClientId = new Map<string, number>();
    for (const m of stored) {
      if (m.clientMessageId)
        perClientId.set(m.clientMessageId, (perClientId.get(m.clientMessageId) ?? 0) + 1);
    }
    const lost = [...stats.acked.keys()].filter((id) => !perClientId.has(id));
    const doubled = [...perClientId.values()].filter((n) => n > 1).length;
    const ackedIdsMatch = [...stats.acked.entries()].every(([cid, id]) =>
      stored.some((m) => m.id === id && m.clientMessageId === cid),
    );
    const exitCode = await stopGracefully(second!);

    report(`kill -9 mid-load, ${label}`, {
      "messages sent / acknowledged / gave up": `${stats.sent} / ${stats.acked.size} / ${stats.gaveUp.length}`,
      "killed at / listening again at (s into the load)": `${((killedAt - loadStart) / 1000).toFixed(1)} / ${((backAt - loadStart) / 1000).toFixed(1)}`,
      "answers by status (200 = a retry of a message stored before the kill)": stats.byStatus,
      "refused or cut connections while it was down": stats.networkErrors,
      "stored with a clientMessageId": perClientId.size,
      "acknowledged but lost": lost.length,
      "stored twice": doubled,
      "restarted process: exit code on SIGTERM": exitCode,
      "restarted process: warnings": second!
        .output()
        .split("\n")
        .filter((l) => /"level":"(warn|error)"|warn|error/.test(l))
        .slice(0, 6),
    });

    expect(killedAt).toBeGreaterThan(0);
    expect(stats.networkErrors).toBeGreaterThan(0); // the kill was felt by the clients
    expect(stats.gaveUp).toEqual([]);
    expect(stats.acked.size).toBe(stats.sent);
    expect(lost).toEqual([]);
    expect(doubled).toBe(0);
    expect(ackedIdsMatch).toBe(true);
    expect([...perClientId.keys()].filter((id) => !sentIds.includes(id))).toEqual([]);
    expect(exitCode).toBe(0);
  } finally {
    for (const p of processes) if (p.alive()) p.child.kill("SIGKILL");
  }
}

const onEmbedded = process.env.DATABASE_URL ? describe.skip : describe;
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onEmbedded("kill -9 mid-load on the embedded database", () => {
  test("when the server is killed and restarted on the same DATA_DIR, then no acknowledged message is lost or doubled", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-kill9-"));
    try {
      await killMidLoad("embedded", { DATA_DIR: dataDir });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});

onPostgres("kill -9 mid-load on PostgreSQL", () => {
  test("when the server is killed and restarted on the same database, then no acknowledged message is lost or doubled", async () => {
    await killMidLoad("postgres", { DATABASE_URL: process.env.DATABASE_URL! });
  }, 150_000);
});
