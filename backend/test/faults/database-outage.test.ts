/**
 * Fault test (1): PostgreSQL stops for 10 s in the middle of 30 s of steady posting.
 * The server must stay up, answer 503 SERVICE_UNAVAILABLE with Retry-After (fast, never 500) while the
 * database is away, report db "down" on /api/health, keep its sockets connected, and recover by itself.
 * Every message a client retried with its clientMessageId ends up in the database exactly once, and a
 * socket client that merges live events with a catch-up (GET …/messages?after=) misses nothing.
 *
 * Runs in CI's PostgreSQL pass on a cluster of its own (it stops that cluster); skipped on PGlite.
 */
import { io as ioClient, type Socket } from "socket.io-client";
import {
  adminUser,
  Cluster,
  fetchMessagesAfter,
  fileTicket,
  newStats,
  onOwnPostgres,
  percentile,
  report,
  shopUser,
  sleep,
  startParley,
  steadyLoad,
  stopGracefully,
  type MessageDto,
  type ParleyProcess,
} from "./fault-kit";

const LOAD_MS = 30_000;
const STOP_AT_MS = 10_000;
const OUTAGE_MS = 10_000;
const INTERVAL_MS = 100; // 10 messages per second

onOwnPostgres("PostgreSQL stopped for 10 s during steady posting", () => {
  let cluster: Cluster;
  let parley: ParleyProcess;
  let base: string;
  let socket: Socket | undefined;

  beforeAll(async () => {
    cluster = await Cluster.start();
    // LOG_LEVEL=http: one line per request with the server's own duration (the figures use them).
    parley = startParley({ DATABASE_URL: cluster.url, LOG_LEVEL: "http" });
    base = await parley.listening;
  }, 60_000);

  afterAll(async () => {
    socket?.disconnect();
    if (parley?.alive()) parley.child.kill("SIGKILL");
    cluster?.stop();
  });

  test("when the database stops and returns, then the server stays up, answers 503 meanwhile, loses and doubles nothing", async () => {
    const shop = shopUser();
    const admin = adminUser();
    const ticket = await fileTicket(base, shop);
    let loadStart = Date.now();

    // The shop's socket: live events, plus a catch-up cursor that only server pages advance.
    const live = new Map<string, number>();
    socket = ioClient(`${base}/support`, {
      auth: { token: shop.token },
      transports: ["websocket"],
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket!.once("connect", () => resolve());
      socket!.once("connect_error", reject);
    });
    const disconnectReasons: string[] = [];
    socket.on("disconnect", (reason) => {
      disconnectReasons.push(`${reason} at ${((Date.now() - loadStart) / 1000).toFixed(1)} s`);
    });
    socket.on("message:created", (m: MessageDto) => {
      if (m.ticketId === ticket.id) live.set(m.id, (live.get(m.id) ?? 0) + 1);
    });
    const firstPage = await fetchMessagesAfter(base, shop, ticket.id);
    const cursor = firstPage.at(-1)!.id;

    // /api/health twice a second for the whole run.
    const health: Array<{ at: number; status: number; db: string; ms: number }> = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t0 = Date.now();
        try {
          const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) });
          const body = (await res.json()) as { db?: string };
          health.push({ at: t0, status: res.status, db: String(body.db), ms: Date.now() - t0 });
        } catch {
          health.push({ at: t0, status: 0, db: "no answer", ms: Date.now() - t0 });
        }
        await sleep(500);
      }
    })();

    const stats = newStats();
    loadStart = Date.now();
    let stoppedAt = 0; // pg_ctl stop returned: the server is gone
    let resumingAt = 0; // pg_ctl start begins
    let resumedAt = 0; // pg_ctl start returned: accepting connections
    const outage = (async () => {
      await sleep(STOP_AT_MS);
      await cluster.halt();
      stoppedAt = Date.now();
      await sleep(OUTAGE_MS);
      resumingAt = Date.now();
      await cluster.resume();
      resumedAt = Date.now();
    })();
    // The admin posts at a steady rate; each message is retried until acknowledged (up to 60 s after the load).
    const sentIds = await steadyLoad({
      base: () => base,
      who: admin,
      ticketId: ticket.id,
      stats,
      intervalMs: INTERVAL_MS,
      durationMs: LOAD_MS,
      settleMs: 60_000,
      label: "outage",
    });
    await outage;
    polling = false;
    await poller;
    await sleep(1000); // the last live events

    // The socket client catches up from its cursor and merges by id.
    const caughtUp = await fetchMessagesAfter(base, shop, ticket.id, cursor);
    const caughtUpIds = caughtUp.map((m) => m.id);
    const merged = new Set([...live.keys(), ...caughtUpIds]);
    const ackedIds = [...stats.acked.values()];

    // The database itself: every clientMessageId the client sent, how many times it is stored.
    const rows = await cluster.superuser<{ client_message_id: string; n: string }>(
      `SELECT client_message_id, count(*) AS n FROM support_messages
        WHERE ticket_id = $1 AND client_message_id IS NOT NULL GROUP BY client_message_id`,
      [ticket.id],
    );
    const stored = new Map(rows.map((r) => [r.client_message_id, Number(r.n)]));
    const duplicates = [...stored.values()].filter((n) => n > 1).length;
    const lost = [...stats.acked.keys()].filter((id) => stored.get(id) !== 1);
    const unexpected = [...stored.keys()].filter((id) => !sentIds.includes(id));

    const duringOutage = health.filter((h) => h.at >= stoppedAt && h.at + h.ms < resumingAt);
    const afterRecovery = health.filter((h) => h.at > resumedAt);
    const firstHealthyAfter = afterRecovery.find((h) => h.status === 200);
    const firstAckAfter = stats.ackTimes.filter((t) => t > resumedAt).sort((a, b) => a - b)[0];
    // The server's own time for each 503 (the client's clock also counts this machine's CPU contention).
    const serverUnavailableMs = parley
      .output()
      .split("\n")
      .filter((l) => l.includes('"status":503') && l.includes('"method":"POST"') && l.includes("/messages"))
      .map((l) => (JSON.parse(l) as { ms: number }).ms);
    const alive = parley.alive();
    const disconnectsDuringRun = [...disconnectReasons];
    socket.disconnect();
    const exitCode = await stopGracefully(parley);

    report("PostgreSQL stopped for 10 s during 30 s of posting (10/s)", {
      "messages sent (distinct clientMessageIds)": stats.sent,
      acknowledged: stats.acked.size,
      "gave up": stats.gaveUp.length,
      "answers by status": stats.byStatus,
      "slowest answer by status (ms)": stats.slowestMs,
      "503 answers with Retry-After / contract shape": `${stats.unavailable.withRetryAfter} / ${stats.unavailable.withContractShape}`,
      retries: stats.retried,
      "network errors": stats.networkErrors,
      "database gone at / restart begun / restart done (s into the load)": [stoppedAt, resumingAt, resumedAt]
        .map((t) => ((t - loadStart) / 1000).toFixed(1))
        .join(" / "),
      "health during the outage": [...new Set(duringOutage.map((h) => `${h.status} db=${h.db}`))].join(", "),
      "slowest health answer during the outage (ms)": Math.max(0, ...duringOutage.map((h) => h.ms)),
      "first healthy /api/health after restart (ms)": firstHealthyAfter
        ? firstHealthyAfter.at - resumedAt
        : "never",
      "first acknowledged post after restart (ms)": firstAckAfter ? firstAckAfter - resumedAt : "never",
      "stored rows for sent ids / duplicates / acknowledged but missing": `${stored.size} / ${duplicates} / ${lost.length}`,
      "socket: live events / caught up over HTTP / merged": `${live.size} / ${caughtUp.length} / ${merged.size}`,
      "socket: disconnects": disconnectsDuringRun.length ? disconnectsDuringRun.join("; ") : 0,
      "503 answer time at the client p50 / p95 / max (ms)": `${percentile(stats.unavailableMs, 50)} / ${percentile(stats.unavailableMs, 95)} / ${percentile(stats.unavailableMs, 100)}`,
      "503 answer time in the server p50 / p95 / max (ms)": `${percentile(serverUnavailableMs, 50)} / ${percentile(serverUnavailableMs, 95)} / ${percentile(serverUnavailableMs, 100)}`,
      "503 answers over 1 s (s into the load, ms)": stats.slow
        .filter((x) => x.status === 503)
        .map((x) => `${((x.at - loadStart) / 1000).toFixed(1)}s ${x.ms}ms`),
      "201 answers over 1 s (count, all just after the restart's retry burst)": stats.slow.filter(
        (x) => x.status !== 503,
      ).length,
      "server errors logged": parley
        .output()
        .split("\n")
        .filter((l) => /"level":"error"/.test(l))
        .slice(0, 5),
      "server alive after the run / exit code on SIGTERM": `${alive} / ${exitCode}`,
    });

    expect(alive).toBe(true);
    expect(stats.gaveUp).toEqual([]);
    // The outage was real and seen as 503, never as 500 or anything else.
    expect(stats.byStatus["503"] ?? 0).toBeGreaterThan(0);
    expect(Object.keys(stats.byStatus).filter((s) => !["200", "201", "503"].includes(s))).toEqual([]);
    expect(stats.unavailable.withRetryAfter).toBe(stats.byStatus["503"]);
    expect(stats.unavailable.withContractShape).toBe(stats.byStatus["503"]);
    // Refused fast: the server's own bound is DB_ACQUIRE_TIMEOUT_MS (1.5 s); before this work it was 10 s
    // and a 500. The bounds sit between the two with room for a loaded CI machine (2 shared cores at load
    // 15 took the server 3.1 s at p95), yet a return to waiting out a 10 s pool timeout still fails them.
    expect(serverUnavailableMs.length).toBe(stats.byStatus["503"]);
    expect(percentile(serverUnavailableMs, 95)).toBeLessThan(6000);
    expect(percentile(stats.unavailableMs, 50)).toBeLessThan(6000);
    expect(percentile(stats.unavailableMs, 100)).toBeLessThan(9500);
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(duringOutage.every((h) => h.status === 503 && h.db === "down")).toBe(true);
    expect(firstHealthyAfter).toBeDefined();
    expect(health.at(-1)!.status).toBe(200);
    // Exactly once in the database.
    expect(stats.acked.size).toBe(stats.sent);
    expect(lost).toEqual([]);
    expect(duplicates).toBe(0);
    expect(unexpected).toEqual([]);
    expect(new Set(stats.acked.values()).size).toBe(stats.acked.size);
    // The socket stayed connected and, with the catch-up, has every message once.
    expect(disconnectsDuringRun).toEqual([]);
    expect(new Set(caughtUpIds).size).toBe(caughtUpIds.length);
    expect(ackedIds.filter((id) => !merged.has(id))).toEqual([]);
    expect(caughtUpIds.filter((id) => !ackedIds.includes(id))).toEqual([]);
    // Graceful shutdown still completes after the lost connections.
    expect(exitCode).toBe(0);
  }, 180_000);
});
