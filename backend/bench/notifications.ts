/**
 * Notifications (issue 12): alert latency from commit to the provider's call, p50/p95, at a steady rate of
 * shop messages (50/s by default), with Telegram and WhatsApp pointed at a local stand-in; and message-post
 * throughput with notifications on (channels configured, worker running) against off (no channel, no worker).
 *
 * "Commit" is when the poster receives its 201: the server answers after the transaction that wrote the
 * message and its outbox row committed, so the figure is commit → provider call plus at most the 201's
 * trip back over loopback (it slightly understates, never overstates, the wait before the call).
 * With notifications off the outbox row is still written (it is part of the same transaction and cheap);
 * what "off" removes is the delivery work: planning, the provider calls and their log.
 *
 * Part of `npm run bench -- --notifications`; on its own:
 * `npm run bench:notifications -w backend [-- --smoke]` (a throwaway PostgreSQL cluster, or DATABASE_URL).
 */
import http from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import jwt from "jsonwebtoken";
import { migrateToLatest, openDatabase } from "../src/platform/db";
import { percentile } from "./load";
import { buildServer, startServer, startThrowawayCluster, type Server } from "./server";
import { printSummary, runStandalone } from "./report";

export type NotificationBenchResult = {
  rate: number;
  seconds: number;
  posted: number;
  /** Posts answered other than 201 in the latency run, by status (0: no answer), e.g. 503 on a saturated pool. */
  failed: Record<string, number>;
  alerted: number;
  latencyP50: number;
  latencyP95: number;
  latencyMax: number;
  /** The mean of the two runs with notifications off, before and after the one with them on. */
  throughputOff: number;
  throughputOffRuns: [number, number];
  throughputOn: number;
  clients: number;
  throughputSeconds: number;
  /** The backlog the throughput run left (provider calls), and how long the worker took to send it. */
  drainCalls: number;
  drainSeconds: number;
};

/** Telegram's sendMessage and WhatsApp's messages endpoint, answering as they do; records each call's time. */
async function startStandIn() {
  const firstCall = new Map<string, number>();
  let calls = 0;
  let lastCallAt = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      calls += 1;
      lastCallAt = at;
      const text = Buffer.concat(chunks).toString("utf8");
      const tag = /bench-msg-(\d+)-/.exec(text)?.[1];
      if (tag && (req.url ?? "").includes("/sendMessage") && !firstCall.has(tag)) firstCall.set(tag, at);
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        (req.url ?? "").includes("/sendMessage")
          ? JSON.stringify({ ok: true, result: { message_id: calls } })
          : JSON.stringify({ messaging_product: "whatsapp", messages: [{ id: `wamid.${calls}` }] }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    firstCall,
    calls: () => calls,
    lastCallAt: () => lastCallAt,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

type Poster = { token: string; ticketId: string };

async function shopsWithTickets(origin: string, secret: string, n: number): Promise<Poster[]> {
  const out: Poster[] = [];
  for (let i = 0; i < n; i++) {
    const shopId = `bench-notify-shop-${randomUUID()}`;
    const token = jwt.sign({ role: "shop", name: `Bench shop ${i}`, shopId }, secret, {
      algorithm: "HS256",
      subject: `bench-notify-user-${randomUUID()}`,
      expiresIn: "1h",
    });
    const res = await fetch(`${origin}/api/tickets`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ subject: `Bench notifications ${i}`, message: "Opening the thread." }),
    });
    if (res.status !== 201) throw new Error(`POST /api/tickets: HTTP ${res.status} ${await res.text()}`);
    out.push({ token, ticketId: ((await res.json()) as { id: string }).id });
  }
  return out;
}

/** The status of a message post (0 when there was no answer). */
async function postStatus(origin: string, p: Poster, body: string): Promise<number> {
  try {
    const res = await fetch(`${origin}/api/tickets/${p.ticketId}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${p.token}` },
      body: JSON.stringify({ body }),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
const post = async (origin: string, p: Poster, body: string) => (await postStatus(origin, p, body)) === 201;

/** Closed loop: `clients` posters each post again as soon as their last post is answered. */
async function throughput(origin: string, posters: Poster[], clients: number, seconds: number) {
  let ok = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      let n = 0;
      while (performance.now() < end) {
        if (await post(origin, posters[c % posters.length]!, `Throughput ${c}-${n++}`)) ok += 1;
      }
    }),
  );
  return ok / seconds;
}

export async function measureNotifications(opts: {
  databaseUrl: string;
  smoke: boolean;
  /** Messages per second for the latency run. */
  rate?: number;
  /** How long the latency run lasts (default 20 s, 2 s with --smoke). */
  seconds?: number;
}): Promise<NotificationBenchResult> {
  const rate = opts.rate ?? 50;
  const seconds = opts.seconds ?? (opts.smoke ? 2 : 20);
  const clients = 16;
  const throughputSeconds = opts.smoke ? 2 : 10;
  const secret = randomBytes(32).toString("hex");
  const standIn = await startStandIn();
  let server: Server | undefined;
  try {
    // Off: no channel configured, no worker.
    // Off, on, then off again (A-B-A): the database grows and autovacuum runs as the runs write, so a
    // single off-then-on order charged that drift to the notifications. "Off" is the mean of both.
    const measureOff = async () => {
      server = await startServer({
        databaseUrl: opts.databaseUrl,
        jwtSecret: secret,
        env: { NOTIFY_WORKER: "false" },
      });
      const posters = await shopsWithTickets(server.origin, secret, clients);
      await throughput(server.origin, posters, clients, 1); // warm-up
      const rate = await throughput(server.origin, posters, clients, throughputSeconds);
      await server.stop();
      server = undefined;
      return rate;
    };
    const offBefore = await measureOff();

    // On: Telegram and WhatsApp at the stand-in, the worker running.
    server = await startServer({
      databaseUrl: opts.databaseUrl,
      jwtSecret: secret,
      env: {
        NOTIFY_WORKER: "true",
        PUBLIC_URL: "https://desk.example.test",
        TELEGRAM_BOT_TOKEN: `1:${randomBytes(8).toString("hex")}`,
        TELEGRAM_CHAT_ID: "-1",
        TELEGRAM_API_URL: standIn.url,
        WHATSAPP_TOKEN: randomBytes(8).toString("hex"),
        WHATSAPP_PHONE_ID: "bench-phone",
        WHATSAPP_TO: "10000000000",
        WHATSAPP_API_URL: standIn.url,
      },
    });
    const posters = await shopsWithTickets(server.origin, secret, clients);
    await throughput(server.origin, posters, clients, 1); // warm-up
    const throughputOn = await throughput(server.origin, posters, clients, throughputSeconds);

    // The throughput run leaves a backlog of alerts. Let the worker send it before the latency run (else
    // the latency run's alerts queue behind it), and time that: the worker's own delivery rate.
    const drainStart = performance.now();
    const callsBefore = standIn.calls();
    const drainDeadline = drainStart + 180_000;
    while (performance.now() < drainDeadline) {
      await new Promise((r) => setTimeout(r, 250));
      const last = standIn.lastCallAt();
      if (performance.now() - Math.max(last, drainStart) > 2000) break;
    }
    const drainCalls = standIn.calls() - callsBefore;
    const drainSeconds = Math.max(0, standIn.lastCallAt() - drainStart) / 1000;

    // Latency: open loop at `rate` posts per second, each tagged, timed from its 201 to the Telegram call.
    const committed = new Map<string, number>();
    const failed: Record<string, number> = {};
    const total = rate * seconds;
    const start = performance.now();
    const inflight: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const tag = String(i);
      inflight.push(
        postStatus(server.origin, posters[i % posters.length]!, `bench-msg-${tag}- where is my order?`).then(
          (status) => {
            if (status === 201) committed.set(tag, performance.now());
            else failed[status] = (failed[status] ?? 0) + 1;
          },
        ),
      );
    }
    await Promise.all(inflight);
    const deadline = performance.now() + 30_000;
    while (performance.now() < deadline && [...committed.keys()].some((t) => !standIn.firstCall.has(t))) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await server.stop();
    server = undefined;
    const offAfter = await measureOff();
    const throughputOff = (offBefore + offAfter) / 2;
    const latencies = [...committed]
      .filter(([t]) => standIn.firstCall.has(t))
      .map(([t, at]) => Math.max(0, standIn.firstCall.get(t)! - at))
      .sort((a, b) => a - b);
    return {
      rate,
      seconds,
      posted: committed.size,
      failed,
      alerted: latencies.length,
      latencyP50: percentile(latencies, 50),
      latencyP95: percentile(latencies, 95),
      latencyMax: latencies.at(-1) ?? NaN,
      throughputOff,
      throughputOffRuns: [offBefore, offAfter],
      throughputOn,
      clients,
      throughputSeconds,
      drainCalls,
      drainSeconds,
    };
  } finally {
    await server?.stop();
    await standIn.close();
  }
}

export function describeNotifications(r: NotificationBenchResult): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : "n/a");
  const refused = Object.keys(r.failed).length
    ? `; posts refused: ${Object.entries(r.failed)
        .map(([s, n]) => `${n} × ${s === "0" ? "no answer" : `HTTP ${s}`}`)
        .join(", ")}`
    : "";
  const change = ((r.throughputOn - r.throughputOff) / r.throughputOff) * 100;
  return [
    "| Notifications | Measured |",
    "|---|---|",
    `| Alert latency, 201 → Telegram call, at ${r.rate} shop messages/s for ${r.seconds} s | p50 ${f(r.latencyP50)} ms, p95 ${f(r.latencyP95)} ms, max ${f(r.latencyMax)} ms (${r.alerted} of ${r.posted} posts alerted${refused}) |`,
    `| Message posts, ${r.clients} clients, ${r.throughputSeconds} s, notifications off | ${f(r.throughputOff)} /s (mean of ${f(r.throughputOffRuns[0])} before and ${f(r.throughputOffRuns[1])} after the run with them on) |`,
    `| Message posts, ${r.clients} clients, ${r.throughputSeconds} s, notifications on | ${f(r.throughputOn)} /s (${change >= 0 ? "+" : ""}${change.toFixed(1)}%) |`,
    `| Worker sending the backlog that run left (before the latency run) | ${r.drainCalls} provider calls in ${r.drainSeconds.toFixed(1)} s (${f(r.drainCalls / Math.max(r.drainSeconds, 0.001))} calls/s after the posts stopped) |`,
  ].join("\n");
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const smoke = argv.includes("--smoke");
  const secondsFlag = argv.find((a) => a.startsWith("--seconds="))?.split("=")[1];
  for (const a of argv) {
    if (a !== "--smoke" && !/^--seconds=\d+$/.test(a)) {
      console.error(`Unknown argument ${a}. Usage: npm run bench:notifications -- [--smoke] [--seconds=N]`);
      return 2;
    }
  }
  const cluster = process.env.DATABASE_URL
    ? null
    : startThrowawayCluster(Number(process.env.BENCH_PG_PORT ?? 54352));
  const databaseUrl = process.env.DATABASE_URL ?? cluster?.url;
  if (!databaseUrl) {
    console.error(
      "PostgreSQL's server binaries were not found (apt-get install -y postgresql), and DATABASE_URL is not set.",
    );
    return 1;
  }
  try {
    const database = await openDatabase({ databaseUrl });
    try {
      await migrateToLatest(database.knex);
    } finally {
      await database.close();
    }
    console.log("Compiling the server (npm run build:server)...");
    buildServer();
    const result = await measureNotifications({
      databaseUrl,
      smoke,
      ...(secondsFlag ? { seconds: Number(secondsFlag) } : {}),
    });
    printSummary(describeNotifications(result));
    return result.alerted === result.posted ? 0 : 1;
  } finally {
    cluster?.stop();
  }
}

if (require.main === module) runStandalone(main);
