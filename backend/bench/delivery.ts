import http from "node:http";
import { io, type Socket } from "socket.io-client";
import type { CpuSample, CpuWindow } from "./cpu";
import { summarize, ScenarioError, type Stats } from "./load";

export type Listener = { token: string; shopId: string | null };
export type Target = { ticketId: string; shopId: string };

export type DeliveryResult = {
  sockets: number;
  /** Posts per second offered, and (rate) taken. */
  target: number;
  /** Posts the server accepted (201), and those it shed with 503 under overload. */
  posted: number;
  shed: number;
  rate: number;
  toShop: Stats;
  toAdmin: Stats;
  /**
   * The posts of the warm-up (`warmupSeconds` at the same rate, right after the sockets connected), not in
   * toShop/toAdmin: POST → `message:created` on the shop's socket. Null without a warm-up.
   */
  warmupToShop: Stats | null;
  missing: number;
  /** Posts sent again (same clientMessageId) after the connection was reset under them. */
  retried: number;
  connectSeconds: number;
  /**
   * CPU from the first measured post (after the warm-up) until the last event arrived, per accepted post;
   * null without `cpuWindow`.
   */
  cpu: CpuSample | null;
  /**
   * Per delivered post, monotonic times (process.hrtime, ns; the same clock as the server's
   * DELIVERY_TRACE_FILE): sent, and received on the shop's and the admin's socket.
   */
  stamps: Array<{ messageId: string; sentNs: bigint; shopNs?: bigint; adminNs?: bigint }>;
};

/** Connects every listener to /support over WebSocket, `batch` handshakes at a time. */
export async function connectAll(origin: string, listeners: Listener[], batch = 50): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < listeners.length; i += batch) {
    const group = listeners.slice(i, i + batch).map(
      (l) =>
        new Promise<Socket>((resolve, reject) => {
          const s = io(`${origin}/support`, {
            auth: { token: l.token },
            transports: ["websocket"],
            forceNew: true,
            reconnection: false,
            timeout: 30_000,
          });
          s.once("connect", () => resolve(s));
          s.once("connect_error", (err) => reject(new ScenarioError(`socket refused: ${err.message}`)));
        }),
    );
    sockets.push(...(await Promise.all(group)));
  }
  return sockets;
}

/**
 * Posts `rate` messages a second for `seconds` (admin replies to tickets of connected shops) and times,
 * for each, the span from just before the POST is sent to the arrival of its `message:created` on the
 * ticket's shop socket and on one admin socket.
 */
export async function measureDelivery(opts: {
  origin: string;
  listeners: Listener[];
  adminToken: string;
  targets: Target[];
  rate: number;
  seconds: number;
  /**
   * Posts at the same rate for this long first, counted apart (warmupToShop): the first posts after a
   * thousand sockets connect meet cold caches (new keep-alive connections, pages of tickets not posted
   * to lately), as the reads' 1 s warm-up does for theirs. Default 0.
   */
  warmupSeconds?: number;
  runId: string;
  /** Called once every socket is connected, before the first post. */
  afterConnect?: () => void;
  /** Called while every socket is still connected, after the last event arrived. */
  beforeDisconnect?: () => void;
  /** Starts a CPU measurement (bench/cpu.ts cpuWindow) at the first measured post. */
  cpuWindow?: () => CpuWindow;
}): Promise<DeliveryResult> {
  const t0 = performance.now();
  const sockets = await connectAll(opts.origin, opts.listeners);
  const connectSeconds = (performance.now() - t0) / 1000;
  opts.afterConnect?.();
  try {
    const shopSocket = new Map<string, Socket>();
    let adminSocket: Socket | undefined;
    opts.listeners.forEach((l, i) => {
      if (l.shopId === null) adminSocket ??= sockets[i];
      else shopSocket.set(l.shopId, sockets[i]!);
    });
    if (!adminSocket) throw new Error("measureDelivery needs at least one admin listener");
    const targets = opts.targets.filter((t) => shopSocket.has(t.shopId));
    if (targets.length === 0) throw new Error("no target ticket belongs to a connected shop");

    const sentAt = new Map<string, number>();
    const sentNs = new Map<string, bigint>();
    const stamps = new Map<
      string,
      { messageId: string; sentNs: bigint; shopNs?: bigint; adminNs?: bigint }
    >();
    const toShop: number[] = [];
    const toAdmin: number[] = [];
    const warmShop: number[] = [];
    const warmIds = new Set<string>();
    const arrivals = { shop: new Set<string>(), admin: new Set<string>() };
    const prefix = `bench-dlv-${opts.runId}-`;
    const onMessage = (side: "shop" | "admin") => (m: { id: string; clientMessageId?: string | null }) => {
      const atNs = process.hrtime.bigint();
      const at = performance.now();
      const id = m.clientMessageId;
      if (!id || !id.startsWith(prefix) || arrivals[side].has(id)) return;
      const sent = sentAt.get(id);
      if (sent === undefined) return;
      arrivals[side].add(id);
      if (warmIds.has(id)) {
        if (side === "shop") warmShop.push(at - sent);
        return;
      }
      const stamp = stamps.get(id) ?? { messageId: m.id, sentNs: sentNs.get(id)! };
      stamp[side === "shop" ? "shopNs" : "adminNs"] = atNs;
      stamps.set(id, stamp);
      (side === "shop" ? toShop : toAdmin).push(at - sent);
    };
    adminSocket.on("message:created", onMessage("admin"));
    for (const s of shopSocket.values()) s.on("message:created", onMessage("shop"));

    const warmup = Math.round(opts.rate * (opts.warmupSeconds ?? 0));
    const total = warmup + Math.round(opts.rate * opts.seconds);
    // Like a fleet of browsers behind a proxy: bounded keep-alive connections. When the server cannot
    // keep up, posts queue here and the wait counts in their delivery time.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const failures: string[] = [];
    // 503 = the server shed the post (pool wait over DB_ACQUIRE_TIMEOUT_MS): overload, counted, not fatal.
    const shed = new Set<string>();
    // A keep-alive connection reset under a post is sent once more with the same clientMessageId, as a
    // browser retries; the server answers a repeat with the first message (exactly once). Counted.
    let retried = 0;
    const inFlight: Array<Promise<void>> = [];
    const start = performance.now();
    let measuredFrom = start;
    let cpu: CpuWindow | undefined;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / opts.rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const target = targets[i % targets.length]!;
      const clientMessageId = `${prefix}${i}`;
      if (i < warmup) warmIds.add(clientMessageId);
      else if (i === warmup) {
        measuredFrom = performance.now();
        cpu = opts.cpuWindow?.();
      }
      sentAt.set(clientMessageId, performance.now());
      sentNs.set(clientMessageId, process.hrtime.bigint());
      const send = () =>
        postJson(agent, `${opts.origin}/api/tickets/${target.ticketId}/messages`, opts.adminToken, {
          body: `Update on your ticket, reference ${i}.`,
          clientMessageId,
        });
      inFlight.push(
        send()
          .catch((err: NodeJS.ErrnoException) => {
            if (err.code !== "ECONNRESET") throw err;
            retried++;
            return send();
          })
          .then(
            (res) => {
              if (res.status === 503) shed.add(clientMessageId);
              else if (res.status !== 201 && res.status !== 200) {
                failures.push(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
              }
            },
            // Recorded here, not left to reject: the loop still awaits its next send, and a rejection
            // nobody awaits yet would end the whole benchmark.
            (err: NodeJS.ErrnoException) => void failures.push(err.code ?? err.message),
          ),
      );
    }
    await Promise.all(inFlight);
    const postedSeconds = (performance.now() - measuredFrom) / 1000;
    if (failures.length > 0) throw new ScenarioError(`${failures.length} posts failed, e.g. ${failures[0]}`);
    // Every accepted post must arrive, the warm-up's too; the rate is the measured posts'.
    const acceptedAll = total - shed.size;
    const accepted = total - warmup - [...shed].filter((id) => !warmIds.has(id)).length;
    // Let the last events arrive.
    const settle = performance.now() + 5_000;
    while (
      performance.now() < settle &&
      (arrivals.shop.size < acceptedAll || arrivals.admin.size < acceptedAll)
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const cpuSample = cpu?.stop(accepted) ?? null;
    opts.beforeDisconnect?.();
    if (arrivals.shop.size === 0 || arrivals.admin.size === 0) {
      throw new ScenarioError("no message:created reached the listening sockets");
    }
    return {
      sockets: sockets.length,
      target: opts.rate,
      posted: accepted,
      shed: shed.size,
      rate: accepted / postedSeconds,
      toShop: summarize(toShop, postedSeconds),
      toAdmin: summarize(toAdmin, postedSeconds),
      warmupToShop: warmup > 0 ? summarize(warmShop, opts.warmupSeconds!) : null,
      missing: 2 * acceptedAll - arrivals.shop.size - arrivals.admin.size,
      retried,
      connectSeconds,
      cpu: cpuSample,
      stamps: [...stamps.values()],
    };
  } finally {
    for (const s of sockets) s.disconnect();
  }
}

function postJson(
  agent: http.Agent,
  url: string,
  token: string,
  payload: unknown,
): Promise<{ status: number; body: string }> {
  const data = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(data),
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}
