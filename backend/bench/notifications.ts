/**
 * Notifications (issue 12): alert latency from commit to the provider's call, p50/p95, at a steady rate of
 * shop messages (50/s by default), with every channel pointed at local stand-ins (Telegram, WhatsApp, web
 * push and a webhook receiver on one HTTP server, email on an SMTP server; an admin with an email address, a
 * subscribed browser and a webhook, so each message makes five deliveries: a webhook call each, the other
 * channels' alerts paced to one digest a second per destination); and message-post throughput with
 * notifications on (channels configured, worker running) against off (no channel, no worker).
 *
 * "Commit" is when the poster receives its 201: the server answers after the transaction that wrote the
 * message and its outbox row committed, so the figure is commit → provider call plus at most the 201's
 * trip back over loopback (it slightly understates, never overstates, the wait before the call).
 * With notifications off the outbox row is still written (it is part of the same transaction and cheap);
 * what "off" removes is the delivery work: planning, the provider calls and their log.
 *
 * Part of `npm run bench -- --notifications`; on its own:
 * `npm run bench:notifications -w backend [-- --smoke] [--in-process]` (a throwaway PostgreSQL cluster, or
 * DATABASE_URL). The servers run as docker-compose.yml runs Parley on PostgreSQL, with WORKER_PROCESS=true
 * (alerts from a niced background process); `--in-process` runs one process that serves and sends alerts.
 */
import http from "node:http";
import { createECDH, randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import jwt from "jsonwebtoken";
import pg from "pg";
import webpush from "web-push";
import { migrateToLatest, openDatabase } from "../src/platform/db";
import path from "node:path";
import { postgresCpuSeconds, renderProfile, summariseProfile } from "./cpu";
import { percentile } from "./load";
import { buildServer, startServer, startThrowawayCluster, type Server } from "./server";
import { printSummary, runStandalone } from "./report";
import { startSmtpStandIn } from "../test/notifications/stand-ins";

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
  /** WORKER_PROCESS=false: one process served the posts and sent the alerts. */
  inProcess: boolean;
  /** No webhook was subscribed (--without-webhook). */
  withoutWebhook: boolean;
  throughputOn: number;
  clients: number;
  throughputSeconds: number;
  /** The backlog the throughput run left (provider calls), and how long the worker took to send it. */
  drainCalls: number;
  drainSeconds: number;
  /** Latency per channel the latency run timed (Telegram's is the headline figure above). */
  channels: Array<{ channel: string; alerted: number; p50: number; p95: number; max: number }>;
  /** Web push calls during the latency run (encrypted, so not attributed to a message). */
  pushCalls: number;
  /** The server process's CPU per accepted post in the throughput runs (ms; off: mean of both). */
  cpuPerPostOff: number;
  cpuPerPostOn: number;
  /** The background process's share of the server CPU per post (WORKER_PROCESS; null in one process). */
  jobsPerPostOff: number | null;
  jobsPerPostOn: number | null;
  /** This process's CPU per post: the load generator, and when on the providers' stand-ins answering. */
  benchPerPostOff: number;
  benchPerPostOn: number;
  /** PostgreSQL's CPU per accepted post in the same runs (ms; every local postgres process). */
  dbPerPostOff: number;
  dbPerPostOn: number;
};

/** The channels the latency run times (web push is encrypted end to end: counted, not attributed). */
const TIMED = ["telegram", "whatsapp", "email", "webhook"] as const;
type Timed = (typeof TIMED)[number];
/**
 * The channels whose alerts share a message (a digest lists ten or fifty and counts the rest): each alert is
 * timed by the call its delivery's log names (the provider's message id), not by its text, which a digest
 * carrying more than it lists does not hold. A webhook call carries one event: timed by the tag it carries.
 */
const BY_LOG = ["telegram", "whatsapp", "email"] as const;
type ByLog = (typeof BY_LOG)[number];
/** The message id in a sent delivery's log: Telegram's message_id, WhatsApp's wamid, the SMTP queue id. */
const MESSAGE_ID: Record<ByLog, RegExp> = {
  telegram: /^message (\S+)/,
  whatsapp: /^message (\S+)/,
  email: /queued as (\S+)/,
};

/**
 * One HTTP server playing Telegram's sendMessage, WhatsApp's messages endpoint, a web push service and a
 * webhook receiver, answering as they do (each message with an id of its own), and an SMTP server: every
 * channel Parley has. Records when each message was received (by its id), when a webhook first carried each
 * tagged message, and every call's time.
 */
async function startStandIns() {
  const firstCall = new Map<string, number>();
  /** When each provider message was received, by `${channel} ${id}`. */
  const messageAt = new Map<string, number>();
  const perChannel: Record<Timed | "push", number> = {
    telegram: 0,
    whatsapp: 0,
    email: 0,
    webhook: 0,
    push: 0,
  };
  let calls = 0;
  let lastCallAt = 0;
  const seen = (channel: Timed | "push", id: string | null, text = "") => {
    const at = performance.now();
    calls += 1;
    perChannel[channel] += 1;
    lastCallAt = at;
    if (id !== null) messageAt.set(`${channel} ${id}`, at);
    if (channel !== "webhook") return;
    for (const [, tag] of text.matchAll(/bench-msg-(\d+)-/g))
      if (tag && !firstCall.has(tag)) firstCall.set(tag, at);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "";
      const text = Buffer.concat(chunks).toString("utf8");
      const id = calls + 1;
      if (url.includes("/sendMessage")) {
        seen("telegram", String(id));
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ ok: true, result: { message_id: id } }));
      } else if (url.startsWith("/push/")) {
        seen("push", null);
        res.writeHead(201).end();
      } else if (url.startsWith("/hook")) {
        seen("webhook", null, text);
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ received: true }));
      } else {
        seen("whatsapp", `wamid.${id}`);
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ messaging_product: "whatsapp", messages: [{ id: `wamid.${id}` }] }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  // The tests' SMTP stand-in: it answers each mail with a queue id, as Postfix does ("250 OK: queued as Q7").
  const smtp = await startSmtpStandIn((mail) => seen("email", mail.queueId));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    smtpUrl: smtp.url,
    firstCall,
    messageAt,
    perChannel: () => ({ ...perChannel }),
    calls: () => calls,
    lastCallAt: () => lastCallAt,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await smtp.close();
    },
  };
}

/**
 * An admin who gets every alert on every channel: an email address (the token's claim, recorded when the
 * admin first asks for their preferences), a browser subscribed to web push, and (unless `webhook` is false)
 * a webhook subscribed to new tickets and messages. Returns how to undo it, so the data set carries no
 * webhook into later runs.
 */
async function subscribeEverything(origin: string, secret: string, standInUrl: string, webhook: boolean) {
  const token = jwt.sign(
    { role: "admin", name: "Bench alerts admin", email: "alerts-admin@example.test" },
    secret,
    { algorithm: "HS256", subject: `bench-notify-admin-${randomUUID()}`, expiresIn: "1h" },
  );
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(origin + path, {
      method,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  await call("GET", "/api/me/notification-preferences");
  const key = createECDH("prime256v1");
  key.generateKeys();
  const endpoint = `${standInUrl}/push/${randomUUID()}`;
  await call("POST", "/api/me/push-subscriptions", {
    endpoint,
    keys: { p256dh: key.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") },
  });
  const hook = webhook
    ? await call("POST", "/api/webhooks", {
        url: `${standInUrl}/hook`,
        events: ["ticket.created", "message.created"],
      })
    : null;
  return async () => {
    if (hook) await call("DELETE", `/api/webhooks/${String(hook.id)}`);
    await call("DELETE", "/api/me/push-subscriptions", { endpoint });
  };
}

/** Runs `work` on a connection of its own to the benchmark's database, closed afterwards. */
async function withClient<T>(databaseUrl: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/**
 * A webhook and a push subscription an earlier run left behind (it crashed, or was stopped before it could
 * unsubscribe) point at a stand-in that is gone: every post would make two more deliveries, each refused
 * and retried, and the run would charge their work to the alerts (session 13's later runs did: see
 * docs/benchmarks.md, session 14). They are the benchmark's own, recognised by their loopback stand-in URLs.
 */
function removeLeftoverSubscriptions(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (c) => {
    const hooks = await c.query(`DELETE FROM notification_webhooks WHERE url LIKE 'http://127.0.0.1:%/hook'`);
    const subs = await c.query(
      `DELETE FROM notification_push_subscriptions WHERE endpoint LIKE 'http://127.0.0.1:%/push/%'`,
    );
    return (hooks.rowCount ?? 0) + (subs.rowCount ?? 0);
  });
}

/**
 * The provider messages that carried the latency run's alerts, as their deliveries' logs name them: per
 * tagged message and channel, the message ids of its sent deliveries (an admins' email may be two: fifty
 * addresses and one). Deliveries made since `since` (the database's clock) only.
 */
function carriedBy(databaseUrl: string, since: Date): Promise<Map<string, string[]>> {
  return withClient(databaseUrl, async (c) => {
    const r = await c.query<{ tag: string; channel: ByLog; detail: string | null }>(
      `SELECT substring(e.payload->'message'->>'body' from 'bench-msg-([0-9]+)-') AS tag, d.channel,
              d.sent_detail AS detail
       FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
       WHERE d.created_at >= $1 AND d.status = 'sent' AND d.channel = ANY($2)
         AND e.payload->'message'->>'body' LIKE 'bench-msg-%'`,
      [since, [...BY_LOG]],
    );
    const ids = new Map<string, string[]>();
    for (const row of r.rows) {
      const id = MESSAGE_ID[row.channel].exec(row.detail ?? "")?.[1];
      if (!row.tag || !id) continue;
      const key = `${row.channel} ${row.tag}`;
      ids.set(key, [...(ids.get(key) ?? []), `${row.channel} ${id}`]);
    }
    return ids;
  });
}

function databaseNow(databaseUrl: string): Promise<Date> {
  return withClient(
    databaseUrl,
    async (c) => (await c.query<{ now: Date }>("SELECT clock_timestamp() AS now")).rows[0]!.now,
  );
}

function setAsideUnplanned(databaseUrl: string): Promise<void> {
  return withClient(databaseUrl, async (c) => {
    await c.query(`UPDATE notification_events SET planned_at = now() WHERE planned_at IS NULL`);
    // So are deliveries an earlier run left unsent (its server stopped with a backlog): this run's worker
    // would send them first, and its alerts would wait behind another run's.
    await c.query(
      `UPDATE notification_deliveries SET status = 'failed', last_error = 'set aside by the benchmark'
       WHERE status = 'pending'`,
    );
  });
}

function pendingDeliveries(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (c) => {
    const r = await c.query<{ n: string }>(
      // First tries not yet made: waiting to be claimed, or claimed (or held by the planner) and not answered.
      `SELECT count(*) AS n FROM notification_deliveries
       WHERE status = 'pending' AND (attempts = 0 OR locked_until > clock_timestamp())`,
    );
    return Number(r.rows[0]!.n);
  });
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
  /**
   * Profile the server (--cpu-prof into this directory's off/ and on/) over the first off run and the on run,
   * and print where their CPU went. The on run then stops after its throughput run (no latency run).
   */
  profileDir?: string;
  /**
   * One process that serves and sends the alerts (WORKER_PROCESS=false). By default the servers run as
   * docker-compose.yml runs Parley: WORKER_PROCESS=true, the alerts from a background process at nice 10.
   */
  inProcess?: boolean;
  /** No webhook subscribed (what one signed call per message costs, by difference). */
  withoutWebhook?: boolean;
}): Promise<NotificationBenchResult | null> {
  const inProcess = opts.inProcess ?? false;
  const processes: Record<string, string> = { WORKER_PROCESS: inProcess ? "false" : "true" };
  const rate = opts.rate ?? 50;
  const seconds = opts.seconds ?? (opts.smoke ? 2 : 20);
  const clients = 16;
  const throughputSeconds = opts.smoke ? 2 : 10;
  const secret = randomBytes(32).toString("hex");
  const standIn = await startStandIns();
  const vapid = webpush.generateVAPIDKeys();
  let server: Server | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;
  try {
    const leftovers = await removeLeftoverSubscriptions(opts.databaseUrl);
    if (leftovers > 0)
      console.log(`Removed ${leftovers} webhook(s)/push subscription(s) an earlier run left behind.`);
    // Off: no channel configured, no worker.
    // Off, on, then off again (A-B-A): the database grows and autovacuum runs as the runs write, so a
    // single off-then-on order charged that drift to the notifications. "Off" is the mean of both.
    const cpuPerPostOff: number[] = [];
    const benchPerPostOff: number[] = [];
    const jobsPerPostOff: number[] = [];
    const jobsCpu = (srv: Server) => srv.cpuSecondsByRole().jobs ?? 0;
    const benchCpuSeconds = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    const dbPerPostOff: number[] = [];
    const measureOff = async () => {
      server = await startServer({
        databaseUrl: opts.databaseUrl,
        jwtSecret: secret,
        env: { NOTIFY_WORKER: "false", ...processes },
        ...(opts.profileDir && cpuPerPostOff.length === 0
          ? { cpuProfDir: path.join(opts.profileDir, "off") }
          : {}),
      });
      const posters = await shopsWithTickets(server.origin, secret, clients);
      await throughput(server.origin, posters, clients, 1); // warm-up
      const cpu0 = server.cpuSeconds();
      const db0 = postgresCpuSeconds();
      const bench0 = benchCpuSeconds();
      const jobs0 = jobsCpu(server);
      const rate = await throughput(server.origin, posters, clients, throughputSeconds);
      jobsPerPostOff.push(((jobsCpu(server) - jobs0) * 1000) / (rate * throughputSeconds));
      cpuPerPostOff.push(((server.cpuSeconds() - cpu0) * 1000) / (rate * throughputSeconds));
      benchPerPostOff.push(((benchCpuSeconds() - bench0) * 1000) / (rate * throughputSeconds));
      dbPerPostOff.push(((postgresCpuSeconds() - db0) * 1000) / (rate * throughputSeconds));
      await server.stop();
      server = undefined;
      return rate;
    };
    const offBefore = await measureOff();
    // The off run's posts wrote outbox rows that no worker planned. Left in place, the on run's worker would
    // plan and send them too, charging the off run's alerts to the on run: they are set aside (marked
    // planned, with no deliveries).
    await setAsideUnplanned(opts.databaseUrl);

    // On: every channel at the stand-ins, the worker running.
    server = await startServer({
      databaseUrl: opts.databaseUrl,
      jwtSecret: secret,
      ...(opts.profileDir ? { cpuProfDir: path.join(opts.profileDir, "on") } : {}),
      env: {
        ...processes,
        NOTIFY_WORKER: "true",
        PUBLIC_URL: "https://desk.example.test",
        TELEGRAM_BOT_TOKEN: `1:${randomBytes(8).toString("hex")}`,
        TELEGRAM_CHAT_ID: "-1",
        TELEGRAM_API_URL: standIn.url,
        WHATSAPP_TOKEN: randomBytes(8).toString("hex"),
        WHATSAPP_PHONE_ID: "bench-phone",
        WHATSAPP_TO: "10000000000",
        WHATSAPP_API_URL: standIn.url,
        SMTP_URL: standIn.smtpUrl,
        MAIL_FROM: "Parley <parley@example.test>",
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        VAPID_SUBJECT: "mailto:ops@example.test",
        WEBHOOK_ALLOW_PRIVATE: "true",
        // BENCH_DROP=SMTP_URL,MAIL_FROM (names, comma-separated) leaves those settings out, to measure one
        // channel's share of the worker's CPU (docs/benchmarks.md, session 14).
        ...Object.fromEntries(
          (process.env.BENCH_DROP ?? "")
            .split(",")
            .filter(Boolean)
            .map((k) => [k, ""]),
        ),
      },
    });
    unsubscribe = await subscribeEverything(server.origin, secret, standIn.url, !opts.withoutWebhook);
    const posters = await shopsWithTickets(server.origin, secret, clients);
    await throughput(server.origin, posters, clients, 1); // warm-up
    const cpuOn0 = server.cpuSeconds();
    const dbOn0 = postgresCpuSeconds();
    const benchOn0 = benchCpuSeconds();
    const jobsOn0 = jobsCpu(server);
    const throughputOn = await throughput(server.origin, posters, clients, throughputSeconds);
    const jobsPerPostOn = ((jobsCpu(server) - jobsOn0) * 1000) / (throughputOn * throughputSeconds);
    const benchPerPostOn = ((benchCpuSeconds() - benchOn0) * 1000) / (throughputOn * throughputSeconds);
    const cpuPerPostOn = ((server.cpuSeconds() - cpuOn0) * 1000) / (throughputOn * throughputSeconds);
    const dbPerPostOn = ((postgresCpuSeconds() - dbOn0) * 1000) / (throughputOn * throughputSeconds);
    if (opts.profileDir) {
      await unsubscribe();
      unsubscribe = undefined;
      await server.stop();
      server = undefined;
      const window = (throughputSeconds + 1) * 1000;
      for (const [what, sub, rate] of [
        ["Notifications off", "off", offBefore],
        ["Notifications on", "on", throughputOn],
      ] as const) {
        const summary = summariseProfile(path.join(opts.profileDir, sub), window, 25);
        if (summary) console.log(`\n${renderProfile(summary, `${what} (${rate.toFixed(0)} posts/s)`)}\n`);
      }
      console.log(`CPU per post: off ${cpuPerPostOff[0]!.toFixed(2)} ms, on ${cpuPerPostOn.toFixed(2)} ms`);
      console.log(
        `PostgreSQL CPU per post: off ${dbPerPostOff[0]!.toFixed(2)} ms, on ${dbPerPostOn.toFixed(2)} ms`,
      );
      console.log(`Provider calls by the end of the on run: ${JSON.stringify(standIn.perChannel())}`);
      return null;
    }

    // The throughput run leaves a backlog of alerts. Let the worker send it before the latency run (else
    // the latency run's alerts queue behind it), and time that: the worker's own delivery rate.
    // Drained when no delivery waits for its first try (the database says so: a worker starved of CPU while
    // the posts ran may make no call for seconds, which is not the end of its backlog). Retries are not waited
    // for: they wait for their backoff, not for the worker.
    const drainStart = performance.now();
    const callsBefore = standIn.calls();
    const drainDeadline = drainStart + 180_000;
    while (performance.now() < drainDeadline) {
      await new Promise((r) => setTimeout(r, 500));
      if ((await pendingDeliveries(opts.databaseUrl)) === 0) break;
    }
    const drainCalls = standIn.calls() - callsBefore;
    const perChannelAfterThroughput = standIn.perChannel();
    const drainSeconds = (performance.now() - drainStart) / 1000;

    // Latency: open loop at `rate` posts per second, each tagged, timed from its 201 to each channel's call.
    const since = await databaseNow(opts.databaseUrl);
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
    // Each alert's first call: a webhook's by the tag it carried, the others' by the message their
    // deliveries' logs name (recorded up to RECORD_DELAY_MS after the call, so read until complete).
    const deadline = performance.now() + 30_000;
    const timed = TIMED.filter((c) => c !== "webhook" || !opts.withoutWebhook);
    const firstCall = Object.fromEntries(TIMED.map((c) => [c, new Map<string, number>()])) as Record<
      Timed,
      Map<string, number>
    >;
    const missing = async () => {
      const carried = await carriedBy(opts.databaseUrl, since);
      for (const channel of BY_LOG)
        for (const tag of committed.keys()) {
          const at = (carried.get(`${channel} ${tag}`) ?? [])
            .map((id) => standIn.messageAt.get(id))
            .filter((t): t is number => t !== undefined);
          if (at.length > 0) firstCall[channel].set(tag, Math.min(...at));
        }
      firstCall.webhook = standIn.firstCall;
      return timed.some((c) => [...committed.keys()].some((t) => !firstCall[c].has(t)));
    };
    while ((await missing()) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const latencyOf = (channel: Timed) =>
      [...committed]
        .filter(([t]) => firstCall[channel].has(t))
        .map(([t, at]) => Math.max(0, firstCall[channel].get(t)! - at))
        .sort((a, b) => a - b);
    const latencies = latencyOf("telegram");
    const channels = timed.map((channel) => {
      const l = latencyOf(channel);
      return {
        channel,
        alerted: l.length,
        p50: percentile(l, 50),
        p95: percentile(l, 95),
        max: l.at(-1) ?? NaN,
      };
    });
    const pushCalls = standIn.perChannel().push - perChannelAfterThroughput.push;
    await unsubscribe();
    unsubscribe = undefined;
    await server.stop();
    server = undefined;
    const offAfter = await measureOff();
    const throughputOff = (offBefore + offAfter) / 2;
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
      inProcess,
      withoutWebhook: opts.withoutWebhook ?? false,
      throughputOn,
      clients,
      throughputSeconds,
      drainCalls,
      drainSeconds,
      channels,
      pushCalls,
      cpuPerPostOff: (cpuPerPostOff[0]! + cpuPerPostOff[1]!) / 2,
      cpuPerPostOn,
      benchPerPostOff: (benchPerPostOff[0]! + benchPerPostOff[1]!) / 2,
      benchPerPostOn,
      jobsPerPostOff: inProcess ? null : (jobsPerPostOff[0]! + jobsPerPostOff[1]!) / 2,
      jobsPerPostOn: inProcess ? null : jobsPerPostOn,
      dbPerPostOff: (dbPerPostOff[0]! + dbPerPostOff[1]!) / 2,
      dbPerPostOn,
    };
  } finally {
    await unsubscribe?.().catch(() => undefined);
    await server?.stop();
    await standIn.close();
  }
}

const CHANNEL_NAMES: Record<string, string> = {
  telegram: "Telegram call",
  whatsapp: "WhatsApp call",
  email: "email received by the SMTP server",
  webhook: "webhook received",
};

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
    `| Server processes | ${r.inProcess ? "one (WORKER_PROCESS=false): it serves and sends the alerts" : "as docker-compose.yml runs them (WORKER_PROCESS=true): one serves, a background process at nice 10 sends the alerts"}${r.withoutWebhook ? "; no webhook subscribed" : ""} |`,
    `| Alert latency, 201 → Telegram call, at ${r.rate} shop messages/s for ${r.seconds} s | p50 ${f(r.latencyP50)} ms, p95 ${f(r.latencyP95)} ms, max ${f(r.latencyMax)} ms (${r.alerted} of ${r.posted} posts alerted${refused}) |`,
    `| Message posts, ${r.clients} clients, ${r.throughputSeconds} s, notifications off | ${f(r.throughputOff)} /s (mean of ${f(r.throughputOffRuns[0])} before and ${f(r.throughputOffRuns[1])} after the run with them on) |`,
    `| Message posts, ${r.clients} clients, ${r.throughputSeconds} s, notifications on | ${f(r.throughputOn)} /s (${change >= 0 ? "+" : ""}${change.toFixed(1)}%) |`,
    ...r.channels.map(
      (c) =>
        `| Alert latency, 201 → ${CHANNEL_NAMES[c.channel] ?? c.channel}, same run | p50 ${f(c.p50)} ms, p95 ${f(c.p95)} ms, max ${f(c.max)} ms (${c.alerted} of ${r.posted}) |`,
    ),
    `| Web push calls, same run (encrypted: counted, not timed) | ${r.pushCalls} |`,
    `| Server CPU per accepted post in the throughput runs (the worker's work included when on) | off ${r.cpuPerPostOff.toFixed(2)} ms, on ${r.cpuPerPostOn.toFixed(2)} ms |`,
    ...(r.jobsPerPostOff !== null && r.jobsPerPostOn !== null
      ? [
          `| Of which the background process's CPU (alerts, SLA checks; at nice 10) | off ${r.jobsPerPostOff.toFixed(2)} ms, on ${r.jobsPerPostOn.toFixed(2)} ms |`,
        ]
      : []),
    `| This process's CPU per accepted post in the same runs (the load generator; on: the providers' stand-ins too) | off ${r.benchPerPostOff.toFixed(2)} ms, on ${r.benchPerPostOn.toFixed(2)} ms |`,
    `| PostgreSQL CPU per accepted post in the same runs | off ${r.dbPerPostOff.toFixed(2)} ms, on ${r.dbPerPostOn.toFixed(2)} ms |`,
    `| Worker sending the backlog that run left (before the latency run) | ${r.drainCalls} provider calls in ${r.drainSeconds.toFixed(1)} s (${f(r.drainCalls / Math.max(r.drainSeconds, 0.001))} calls/s after the posts stopped) |`,
  ].join("\n");
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const smoke = argv.includes("--smoke");
  const secondsFlag = argv.find((a) => a.startsWith("--seconds="))?.split("=")[1];
  const profileDir = argv.find((a) => a.startsWith("--profile="))?.slice("--profile=".length);
  const inProcess = argv.includes("--in-process");
  const withoutWebhook = argv.includes("--without-webhook");
  for (const a of argv) {
    if (
      a !== "--smoke" &&
      a !== "--in-process" &&
      a !== "--without-webhook" &&
      !/^--seconds=\d+$/.test(a) &&
      !a.startsWith("--profile=")
    ) {
      console.error(
        `Unknown argument ${a}. Usage: npm run bench:notifications -- [--smoke] [--seconds=N] [--profile=DIR] [--in-process] [--without-webhook]`,
      );
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
      ...(profileDir ? { profileDir: path.resolve(profileDir) } : {}),
      inProcess,
      withoutWebhook,
    });
    if (!result) return 0;
    printSummary(describeNotifications(result));
    return result.alerted === result.posted ? 0 : 1;
  } finally {
    cluster?.stop();
  }
}

if (require.main === module) runStandalone(main);
